from django.urls import path

from . import views

app_name = "innovations"
urlpatterns = [
    path("", views.innovation_list, name="list"),
    path("new/", views.innovation_create, name="create"),
    path("<int:pk>/", views.innovation_detail, name="detail"),
    path("<int:pk>/edit/", views.innovation_edit, name="edit"),
    path("<int:pk>/delete/", views.innovation_delete, name="delete"),
    path("<int:pk>/submit/", views.innovation_submit, name="submit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
