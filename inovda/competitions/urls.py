from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.competition_action, name="action"),
    path("<int:pk>/enter/", views.entry_create, name="entry_create"),
    path("<int:pk>/review/", views.review_list, name="review"),
    path("<int:pk>/calibration/", views.calibration, name="calibration"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.pdf", views.results_pdf, name="results_pdf"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/attach/", views.entry_attach, name="entry_attach"),
    path("entries/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("assignments/<int:pk>/", views.score, name="score"),
]
