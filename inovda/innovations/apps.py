from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "inovda.innovations"
    label = "innovations"

    def ready(self):
        from inovda.core.extensions import HomePanel, NavItem, agency_figures, home_panel, nav_item
        from inovda.core.models import register_notification_verbs

        from . import dashboard, desk, exports, home, iid_evidence, panels, selectors

        panels.register()
        iid_evidence.register()
        dashboard.register()
        desk.register_desk()
        exports.register()
        home_panel(HomePanel("innovations/_home.html", home.home_context, order=20))
        agency_figures(selectors.innovation_counts_by_agency)
        nav_item(
            NavItem(
                label=_("Innovation list"),
                url_name="innovations:list",
                app_name="innovations",
                order=10,
                menu=_("Innovations"),
            )
        )
        nav_item(
            NavItem(
                label=_("Watchlist"),
                url_name="innovations:watchlist",
                app_name="innovations",
                order=15,
                menu=_("Innovations"),
            )
        )
        register_notification_verbs(
            {
                "report_due": _("Report due"),
                "report_overdue": _("Report overdue"),
                "review_requested": _("Review requested"),
                "decision_made": _("Decision made"),
                "health_stagnant": _("Now stagnant"),
                "agent_review": _("Change-agent review"),
                "revival_action": _("Revival action"),
            }
        )
