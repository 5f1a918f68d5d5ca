from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _roles(request) -> dict:
    from .access import memberships

    return {"memberships": memberships(request.user)}


class OrganizationsConfig(AppConfig):
    name = "inovda.organizations"
    label = "organizations"

    def ready(self):
        from inovda.core.extensions import HomePanel, NavItem, home_panel, nav_item

        nav_item(
            NavItem(
                label=_("Agencies"),
                url_name="organizations:agency_list",
                app_name="organizations",
                order=16,
                menu=_("Innovations"),
            )
        )
        home_panel(HomePanel("organizations/_home_roles.html", _roles, order=10))
