from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _has_dashboard(user) -> bool:
    from inovda.organizations import access

    return bool(access.memberships(user)) or user.is_superuser


def _may_import(user) -> bool:
    from .access import may_import

    return may_import(user)


def _profile_panel(request, innovation):
    return {"innovation": innovation}


class ReportsConfig(AppConfig):
    name = "inovda.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from inovda.core.extensions import InnovationPanel, NavItem, innovation_panel, nav_item
        from inovda.core.models import register_notification_verbs
        from inovda.core.pdf import letterhead_part

        from . import desk, pdf, sections

        sections.register_built_in()
        desk.register_desk()
        register_notification_verbs({"import_finished": _("Import finished")})
        letterhead_part(pdf.report_settings)
        nav_item(
            NavItem(
                _("Dashboard"),
                "reports:index",
                "reports",
                order=20,
                visible=_has_dashboard,
                menu=_("Reports"),
            )
        )
        nav_item(
            NavItem(
                _("Import"),
                "reports:import_index",
                "reports",
                order=90,
                visible=_may_import,
                menu=_("Reports"),
            )
        )
        innovation_panel(
            InnovationPanel(
                template="reports/_profile_panel.html",
                context=_profile_panel,
                order=90,
                column="side",
            )
        )
