from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "inovda.reports"
    label = "reports"
