from django.urls import path

from . import views

app_name = "problems"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("new/", views.problem_edit, name="create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("challenges/", views.challenge_list, name="challenges"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/edit/", views.problem_edit, name="edit"),
    path("<int:pk>/do/<slug:action>/", views.problem_action, name="action"),
]
