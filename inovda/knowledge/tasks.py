"""Background work of the knowledge app; `manage.py run_daily` enqueues the `DAILY` ones."""

from django.tasks import task

from .services import action_overdue_reminders_send


@task()
def send_action_reminders() -> int:
    """'Follow-up action overdue' notifications, once per action and due date."""
    return action_overdue_reminders_send()


DAILY = [send_action_reminders]
