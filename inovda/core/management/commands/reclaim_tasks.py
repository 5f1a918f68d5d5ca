"""`manage.py reclaim_tasks`: hand the tasks of dead workers back to the queue now.

The workers do it themselves at every heartbeat (inovda.core.workers); this is for an
operator who stopped every worker, or wants to see what is stale (`--list`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from inovda.core import workers
from inovda.core.models import WorkerHeartbeat


class Command(BaseCommand):
    help = (
        "Queue again (or fail, after INOVDA_TASK_MAX_ATTEMPTS) the tasks RUNNING on a worker "
        "silent for INOVDA_TASK_STALE_SECONDS"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--list",
            action="store_true",
            dest="only_list",
            help="show the workers and the stale tasks, change nothing",
        )

    def handle(self, *args, only_list=False, **options) -> None:
        alive = workers.alive_workers()
        for heartbeat in WorkerHeartbeat.objects.all():
            state = "alive" if heartbeat.worker_id in alive else "silent"
            self.stdout.write(
                f"worker {heartbeat.worker_id} ({heartbeat.host} pid {heartbeat.pid}): "
                f"last beat {heartbeat.beat_at:%Y-%m-%d %H:%M:%S}, {state}"
            )
        if only_list:
            stale = workers.stale_tasks()
            for task in stale:
                self.stdout.write(f"stale task {task.pk} of worker {task.worker_ids[-1]}")
            self.stdout.write(f"{len(stale)} stale task(s)")
            return
        done = workers.reclaim()
        for item in done:
            self.stdout.write(
                f"task {item.task_id} ({item.task_path}) of worker {item.worker_id}: "
                f"{item.status} after {item.attempts} attempt(s)"
            )
        self.stdout.write(f"{len(done)} task(s) reclaimed")
