from django.urls import path

from . import views

app_name = "innovations"
urlpatterns = [
    path("", views.innovation_list, name="list"),
    path("new/", views.innovation_create, name="create"),
    path("watchlist/", views.watchlist, name="watchlist"),
    path("<int:pk>/", views.innovation_detail, name="detail"),
    path("<int:pk>/card/", views.innovation_card, name="panel"),
    path("<int:pk>/history/", views.innovation_history, name="history"),
    path("<int:pk>/edit/", views.innovation_edit, name="edit"),
    path("<int:pk>/delete/", views.innovation_delete, name="delete"),
    path("<int:pk>/submit/", views.innovation_submit, name="submit"),
    path("<int:pk>/step/<slug:name>/", views.innovation_step, name="step"),
    path("<int:pk>/panel/", views.panel_member_add, name="panel_member_add"),
    path(
        "<int:pk>/panel/<int:member_pk>/",
        views.panel_recommendation,
        name="panel_recommendation",
    ),
    path("<int:pk>/trial-report/", views.trial_report, name="trial_report"),
    path("<int:pk>/reports/new/", views.progress_report_new, name="report_new"),
    path("<int:pk>/reports/<int:report_pk>/", views.progress_report_detail, name="report_detail"),
    path("<int:pk>/kpis/new/", views.kpi_edit, name="kpi_new"),
    path("<int:pk>/kpis/<int:kpi_pk>/", views.kpi_edit, name="kpi_edit"),
    path("<int:pk>/cadence/", views.cadence_set, name="cadence"),
    path("<int:pk>/sponsor/", views.sponsor_confirm, name="sponsor"),
    path("<int:pk>/health/override/", views.health_override, name="health_override"),
    path(
        "<int:pk>/health/override/clear/",
        views.health_override_clear,
        name="health_override_clear",
    ),
    path("<int:pk>/agents/", views.agent_assign, name="agent_assign"),
    path("<int:pk>/agents/<int:assignment_pk>/end/", views.agent_unassign, name="agent_unassign"),
    path("<int:pk>/agent-reviews/new/", views.agent_review_new, name="agent_review_new"),
    path(
        "<int:pk>/agent-reviews/<int:review_pk>/answer/",
        views.agent_review_answer,
        name="agent_review_answer",
    ),
    path("<int:pk>/revival/new/", views.revival_plan_new, name="revival_new"),
    path(
        "<int:pk>/revival/<int:plan_pk>/actions/new/",
        views.revival_action_new,
        name="revival_action_new",
    ),
    path(
        "<int:pk>/revival/actions/<int:action_pk>/done/",
        views.revival_action_done,
        name="revival_action_done",
    ),
    path("<int:pk>/revival/<int:plan_pk>/close/", views.revival_plan_close, name="revival_close"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/decide/", views.evidence_decide, name="evidence_decide"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
