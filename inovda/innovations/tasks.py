"""Background work (django.tasks, run by `manage.py db_worker`); `manage.py run_daily`
enqueues the `DAILY` ones."""

from django.tasks import task


@task()
def refresh_health(innovation_ids: list[int] | None = None) -> dict:
    """Re-evaluate the health of some innovations (all when None)."""
    from .services import health_refresh

    return dict(health_refresh(innovation_ids=innovation_ids))


@task()
def send_report_reminders() -> dict:
    """'Report due in N days' and 'report overdue' notifications, once per period."""
    from .services import report_reminders_send

    return report_reminders_send()


DAILY = [refresh_health, send_report_reminders]
