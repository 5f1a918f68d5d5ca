from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "inovda.organizations"
    label = "organizations"
