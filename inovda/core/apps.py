from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "inovda.core"
    label = "core"
