"""Background work (django.tasks, run by `manage.py db_worker`); `manage.py run_daily`
enqueues the `DAILY` ones. Each task sits next to the service it runs."""

from .services.health import refresh_health
from .services.monitoring import send_report_reminders

DAILY = [refresh_health, send_report_reminders]
