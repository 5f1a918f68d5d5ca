from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("periods/", views.period_list, name="periods"),
    path("queue/", views.queue, name="queue"),
    path("simulate/", views.simulate, name="simulate"),
    path("<int:year>/catalogue/", views.catalogue, name="catalogue"),
    path("<int:year>/pemda/<int:pemda>/", views.pemda_detail, name="pemda"),
    path("<int:year>/pemda/<int:pemda>/agencies/", views.agencies, name="agencies"),
    path("<int:year>/pemda/<int:pemda>/spd/", views.spd, name="spd"),
    path("<int:year>/pemda/<int:pemda>/spd/start/", views.spd_start, name="spd_start"),
    path(
        "<int:year>/pemda/<int:pemda>/export.xlsx",
        views.export_table,
        {"ext": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "<int:year>/pemda/<int:pemda>/export.csv",
        views.export_table,
        {"ext": "csv"},
        name="export_csv",
    ),
    path("<int:year>/innovation/<int:innovation>/", views.sheet, name="sheet"),
    path(
        "<int:year>/innovation/<int:innovation>/put-forward/",
        views.put_forward,
        name="put_forward",
    ),
    path("<int:year>/innovation/<int:innovation>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "<int:year>/innovation/<int:innovation>/development/",
        views.development,
        name="development",
    ),
    path("<int:year>/innovation/<int:innovation>/report.pdf", views.report_pdf, name="report"),
    path(
        "<int:year>/<str:kind>/<int:pk>/<str:action>/",
        views.workflow,
        name="workflow",
    ),
    path("row/<int:pk>/", views.row, name="row"),
    path("row/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("row/<int:pk>/evidence/offer/<str:key>/", views.evidence_offer, name="evidence_offer"),
    path("row/<int:pk>/review/", views.review, name="review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
