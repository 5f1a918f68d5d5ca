from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "inovda.ecosystem"
    label = "ecosystem"
