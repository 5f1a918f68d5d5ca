from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "inovda.knowledge"
    label = "knowledge"
