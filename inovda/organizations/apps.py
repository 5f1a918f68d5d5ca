from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "inovda.organizations"
    label = "organizations"

    def ready(self):
        from inovda.core.extensions import NavItem, nav_item

        nav_item(
            NavItem(
                label=_("Agencies"),
                url_name="organizations:agency_list",
                app_name="organizations",
                order=16,
                menu=_("Innovations"),
            )
        )
