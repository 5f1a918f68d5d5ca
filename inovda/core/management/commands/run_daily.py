"""Enqueue the daily jobs of every app (`DAILY` in `inovda.<app>.tasks`).

`db_worker` has no scheduler: run this once a day, e.g. from cron at 02:00:

    0 2 * * *  cd /srv/inovda && .venv/bin/python manage.py run_daily

`--now` runs the jobs in this process instead of enqueueing them; `--loop` stays up and
enqueues them now and then every day at `--at` (what `make run` uses in development).
"""

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from inovda.core.datafiles import app_modules


def daily_tasks():
    for module in app_modules("tasks"):
        yield from getattr(module, "DAILY", [])


class Command(BaseCommand):
    help = "Enqueue the daily jobs (health refresh, report reminders…) for db_worker."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run here, do not enqueue")
        parser.add_argument("--loop", action="store_true", help="repeat every day")
        parser.add_argument("--at", default="02:00", help="time of day for --loop (HH:MM)")

    def handle(self, *args, now=False, loop=False, at="02:00", **options):
        self.run_once(now)
        while loop:
            hour, minute = (int(x) for x in at.split(":"))
            current = timezone.localtime()
            target = current.replace(hour=hour, minute=minute, second=0, microsecond=0)
            if target <= current:
                target += datetime.timedelta(days=1)
            time.sleep((target - current).total_seconds())
            self.run_once(now)

    def run_once(self, now: bool) -> None:
        for job in daily_tasks():
            if now:
                result = job.call()
                self.stdout.write(f"{job.name}: {result}")
            else:
                job.enqueue()
                self.stdout.write(f"{job.name}: enqueued")
