from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    name = "inovda.innovations"
    label = "innovations"
