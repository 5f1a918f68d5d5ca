from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _member(user) -> bool:
    from inovda.organizations.access import memberships

    return bool(memberships(user)) or user.is_superuser


class ProblemsConfig(AppConfig):
    name = "inovda.problems"
    label = "problems"
    verbose_name = _("Problem bank")

    def ready(self):
        from inovda.core.extensions import InnovationPanel, NavItem, innovation_panel, nav_item

        from . import views

        nav_item(
            NavItem(
                label=_("Problems"),
                url_name="problems:list",
                app_name="problems",
                order=55,
                visible=_member,
            )
        )
        innovation_panel(
            InnovationPanel(
                template="problems/_panel.html",
                context=views.problems_panel,
                order=30,
                column="side",
            )
        )
