from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "inovda.assessment"
    label = "assessment"
