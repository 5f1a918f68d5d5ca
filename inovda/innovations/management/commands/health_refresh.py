import datetime
import time

from django.core.management.base import BaseCommand

from inovda.innovations.models import Innovation
from inovda.innovations.services import health_refresh


class Command(BaseCommand):
    help = "Recompute the health status of every innovation and print the count per status."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="evaluate as of this day (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        today = datetime.date.fromisoformat(date) if date else None
        started = time.perf_counter()
        counts = health_refresh(today=today)
        elapsed = time.perf_counter() - started
        for value, label in Innovation.Health.choices:
            self.stdout.write(f"{label:<40} {counts.get(value, 0):>8}")
        self.stdout.write(f"{'total':<40} {sum(counts.values()):>8}  ({elapsed:.1f} s)")
