from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.leadership, name="leadership"),
    path("dashboard/poverty/", views.poverty, name="poverty"),
    path("dashboard/agency/", views.agency, name="agency"),
    path("dashboard/province/", views.province, name="province"),
    path("export/<slug:key>.<str:fmt>", views.export, name="export"),
    path("innovations/<int:pk>/profile.pdf", views.innovation_profile_pdf, name="profile_pdf"),
    path("annual.pdf", views.annual_report, name="annual_pdf"),
    path("settings/", views.report_settings, name="settings"),
    path("imports/", views.import_index, name="import_index"),
    path("imports/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/columns/", views.import_columns, name="import_columns"),
    path("imports/<int:pk>/rows/<int:number>/fix/", views.import_row_fix, name="import_row_fix"),
    path("imports/<int:pk>/rows/<int:number>/skip/", views.import_row_skip, name="import_row_skip"),
    path(
        "imports/<int:pk>/skip-problems/", views.import_skip_problems, name="import_skip_problems"
    ),
    path("imports/<int:pk>/options/", views.import_options, name="import_options"),
    path("imports/<int:pk>/agency-merge/", views.import_agency_merge, name="import_agency_merge"),
    path("imports/<int:pk>/bulk-fix/", views.import_bulk_fix, name="import_bulk_fix"),
    path("imports/<int:pk>/start/", views.import_start, name="import_start"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/invite/", views.import_invite, name="import_invite"),
    path("imports/<int:pk>/rejected.<str:fmt>", views.import_rejected, name="import_rejected"),
]
