from django.urls import path

from .views import barriers, budget, health, innovators, risks

app_name = "ecosystem"
urlpatterns = [
    # five-factor health
    path("", health.health_overview, name="health"),
    path("health/agency/<int:pk>/", health.agency_health, name="agency_health"),
    path("health/method/", health.health_method, name="health_method"),
    path("self-assessment/", health.self_assessment_list, name="self_assessment_list"),
    path("self-assessment/<int:year>/", health.self_assessment_form, name="self_assessment_form"),
    # F2 barriers
    path("barriers/", barriers.barrier_list, name="barrier_list"),
    path("barriers/precedents/", barriers.precedent_list, name="precedent_list"),
    path("barriers/suggest/", barriers.precedent_suggest, name="precedent_suggest"),
    path("innovation/<int:pk>/barriers/new/", barriers.barrier_create, name="barrier_create"),
    path("barriers/<int:pk>/", barriers.barrier_detail, name="barrier_detail"),
    path("barriers/<int:pk>/edit/", barriers.barrier_edit, name="barrier_edit"),
    path("barriers/<int:pk>/assign/", barriers.barrier_assign, name="barrier_assign"),
    path("barriers/<int:pk>/escalate/", barriers.barrier_escalate, name="barrier_escalate"),
    path("barriers/<int:pk>/resolve/", barriers.barrier_resolve, name="barrier_resolve"),
    path("barriers/<int:pk>/reopen/", barriers.barrier_reopen, name="barrier_reopen"),
    path("barriers/<int:pk>/withdraw/", barriers.barrier_withdraw, name="barrier_withdraw"),
    path("barriers/<int:pk>/comment/", barriers.barrier_comment, name="barrier_comment"),
    # F3 risks
    path("risks/", risks.risk_overview, name="risk_overview"),
    path("innovation/<int:pk>/risks/", risks.innovation_risks, name="innovation_risks"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/review/", risks.risk_review, name="risk_review"),
    path("risks/<int:pk>/close/", risks.risk_close, name="risk_close"),
    # F5 budget
    path("budget/", budget.budget_overview, name="budget_overview"),
    path("innovation/<int:pk>/budget/", budget.innovation_budget, name="innovation_budget"),
    path("budget/lines/<int:pk>/edit/", budget.budget_line_edit, name="budget_line_edit"),
    path(
        "budget/lines/<int:pk>/realisation/",
        budget.budget_realisation,
        name="budget_realisation",
    ),
    path("budget/lines/<int:pk>/tranches/", budget.tranche_plan, name="tranche_plan"),
    path(
        "budget/lines/<int:pk>/reallocate/", budget.reallocation_create, name="reallocation_create"
    ),
    path("budget/tranches/<int:pk>/release/", budget.tranche_release, name="tranche_release"),
    path("budget/reallocations/", budget.reallocation_list, name="reallocation_list"),
    path(
        "budget/reallocations/<int:pk>/decide/",
        budget.reallocation_decide,
        name="reallocation_decide",
    ),
    path(
        "budget/reallocations/<int:pk>/withdraw/",
        budget.reallocation_withdraw,
        name="reallocation_withdraw",
    ),
    # F1 innovators
    path("innovators/", innovators.innovator_list, name="innovator_list"),
    path("innovators/new/", innovators.innovator_create, name="innovator_create"),
    path("innovators/<int:pk>/", innovators.innovator_detail, name="innovator_detail"),
    path("innovators/<int:pk>/edit/", innovators.innovator_edit, name="innovator_edit"),
    path("innovators/<int:pk>/trainings/", innovators.training_add, name="training_add"),
    path("innovators/<int:pk>/recognitions/", innovators.recognition_add, name="recognition_add"),
    path("innovators/<int:pk>/time/", innovators.time_allot, name="time_allot"),
    path("innovators/<int:pk>/team/", innovators.team_add, name="team_add"),
    path(
        "recognitions/<int:pk>/evidence/",
        innovators.recognition_evidence,
        name="recognition_evidence",
    ),
]
