from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
]
