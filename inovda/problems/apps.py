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

        for label, url_name, order in (
            (_("Problem bank"), "problems:list", 55),
            (_("Challenges"), "problems:challenges", 56),
        ):
            nav_item(
                NavItem(
                    label=label,
                    url_name=url_name,
                    app_name="problems",
                    order=order,
                    visible=_member,
                    menu=_("Problems"),
                )
            )
        innovation_panel(
            InnovationPanel(
                template="problems/_panel.html",
                context=views.problems_panel,
                order=30,
                column="side",
                lazy=True,
            )
        )
