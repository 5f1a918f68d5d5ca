"""What the ecosystem hears from the registry (inovda.core.hooks): a progress report's
spending feeds the budget register's realisation (one source for the budget), booked on the
line the report names (`core.spending` lists the lines to the report form and service)."""

from __future__ import annotations

from inovda.core import hooks


def _report_saved(sender, instance, actor=None, **kwargs):
    from inovda.innovations.models import ProgressReport

    if sender is not ProgressReport or instance.budget_realised is None:
        return
    from .services import budget_realisation_from_reports

    budget_realisation_from_reports(
        innovation_id=instance.innovation_id, fiscal_year=instance.period_end.year, actor=actor
    )


def connect() -> None:
    from inovda.core import spending

    from .selectors import spending_lines

    hooks.record_changed.connect(_report_saved, dispatch_uid="ecosystem.report_budget")
    spending.register(spending_lines)  # the lines a progress report may book spending on
