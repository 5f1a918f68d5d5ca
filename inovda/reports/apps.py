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


def _import_task_reclaimed(sender, *, task, given_up, **kwargs):
    """An import whose task was given up by the reclaim (its workers died) fails too; one
    queued again resumes by itself when a worker runs it (services.import_job_run)."""
    from .services import import_job_give_up, run_import

    if given_up and task.task_path == run_import.module_path:
        args = task.args_kwargs.get("args") or [task.args_kwargs.get("kwargs", {}).get("job_id")]
        import_job_give_up(job_id=args[0], attempts=len(task.worker_ids))


class ReportsConfig(AppConfig):
    name = "inovda.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from inovda.core import hooks
        from inovda.core.extensions import InnovationPanel, NavItem, innovation_panel, nav_item
        from inovda.core.models import register_notification_verbs
        from inovda.core.pdf import letterhead_part

        from . import desk, pdf, sections

        sections.register_built_in()
        hooks.task_reclaimed.connect(
            _import_task_reclaimed, dispatch_uid="reports.import_task_reclaimed"
        )
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
