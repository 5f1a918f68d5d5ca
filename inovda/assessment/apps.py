from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _has_role(user) -> bool:
    from inovda.organizations.access import memberships

    return bool(memberships(user)) or user.is_superuser


def _panel_context(request, innovation):
    from . import access, selectors

    period = selectors.current_period()
    if period is None:
        return None
    sheet = selectors.sheet_for_innovation(period, innovation)
    if sheet is None and not access.can_put_forward(request.user, period, innovation):
        return None
    return {
        "period": period,
        "sheet": sheet,
        "innovation_id": innovation.pk,
        "maximum": selectors.period_rules(period).sid_max,
    }


class AssessmentConfig(AppConfig):
    name = "inovda.assessment"
    label = "assessment"
    verbose_name = _("IID assessment")

    def ready(self):
        from inovda.core.extensions import InnovationPanel, NavItem, innovation_panel, nav_item
        from inovda.core.models import register_notification_verbs

        from . import dashboard, desk

        dashboard.register()
        desk.register_desk()
        register_notification_verbs(
            {
                "iid_submitted": _("IID sheet submitted"),
                "iid_row_rejected": _("IID row rejected"),
                "iid_returned": _("IID sheet returned"),
                "iid_verified": _("IID sheet verified"),
            }
        )

        nav_item(
            NavItem(
                label=_("Innovation Index (IID)"),
                url_name="assessment:index",
                app_name="assessment",
                order=20,
                visible=_has_role,
            )
        )
        innovation_panel(
            InnovationPanel(
                template="assessment/_panel.html",
                context=_panel_context,
                order=10,
                column="side",
                lazy=True,
            )
        )
