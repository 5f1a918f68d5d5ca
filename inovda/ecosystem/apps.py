from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _has_role(user) -> bool:
    from inovda.organizations.access import memberships

    return bool(memberships(user)) or user.is_superuser


class EcosystemConfig(AppConfig):
    name = "inovda.ecosystem"
    label = "ecosystem"
    verbose_name = _("Innovation ecosystem")

    def ready(self):
        from inovda.core.extensions import InnovationPanel, NavItem, innovation_panel, nav_item
        from inovda.core.models import register_notification_verbs

        from . import dashboard, desk, exports, panels, receivers, search

        dashboard.register()
        receivers.connect()
        desk.register_desk()
        register_notification_verbs(
            {
                "barrier_raised": _("Barrier raised"),
                "barrier_assigned": _("Barrier assigned"),
                "barrier_escalated": _("Barrier escalated"),
                "barrier_resolved": _("Barrier resolved"),
                "reallocation_requested": _("Reallocation requested"),
                "reallocation_decided": _("Reallocation decided"),
            }
        )
        exports.register()
        search.register()

        nav_item(
            NavItem(
                label=_("Ecosystem"),
                url_name="ecosystem:health",
                app_name="ecosystem",
                order=40,
                visible=_has_role,
            )
        )
        innovation_panel(
            InnovationPanel(
                template="ecosystem/panels/barriers.html",
                context=panels.barriers_panel,
                order=40,
                column="side",
                lazy=True,
            )
        )
        innovation_panel(
            InnovationPanel(
                template="ecosystem/panels/risks.html",
                context=panels.risks_panel,
                order=41,
                column="side",
                lazy=True,
            )
        )
        innovation_panel(
            InnovationPanel(
                template="ecosystem/panels/budget.html",
                context=panels.budget_panel,
                order=42,
                column="side",
                lazy=True,
            )
        )
