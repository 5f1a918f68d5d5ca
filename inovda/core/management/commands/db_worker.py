"""`manage.py db_worker`: django-tasks-db's worker, with a heartbeat and the reclaim of
tasks left RUNNING by a dead worker (inovda.core.workers, ADR 0019).

Same name and options as django-tasks-db's command (inovda.core is listed before it in
INSTALLED_APPS, so this one wins), plus `--heartbeat SECONDS`.
"""

from __future__ import annotations

import logging
import os
import threading

from django.core.management.base import CommandError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as BaseCommand
from django_tasks_db.management.commands.db_worker import Worker as BaseWorker
from django_tasks_db.management.commands.db_worker import valid_interval

from inovda.core import workers

logger = logging.getLogger("inovda.core.workers")


class Worker(BaseWorker):
    """django-tasks-db's worker; a thread beats for it (and reclaims) every `heartbeat`
    seconds while it runs, whether it waits for a task or runs one."""

    def __init__(self, *, heartbeat: float, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat = heartbeat
        self._stop = threading.Event()

    def tick(self, *, starting: bool = False) -> None:
        """One beat, then one reclaim round; an error is logged, never fatal. Starting, the
        tasks still RUNNING under this worker's own id are reclaimed at once: the process
        that ran them is gone (systemd restarts a killed worker under the same id)."""
        try:
            workers.beat(self.worker_id, starting=starting)
            restarted = self.worker_id if starting else ""
            for done in workers.reclaim(restarted=restarted):
                logger.warning(
                    "worker %s reclaimed task %s of worker %s: %s",
                    self.worker_id,
                    done.task_id,
                    done.worker_id,
                    done.status,
                )
        except Exception:
            logger.exception("heartbeat of worker %s failed", self.worker_id)

    def _beating(self) -> None:
        try:
            while not self._stop.wait(self.heartbeat):
                self.tick()
        finally:
            connections.close_all()  # this thread's own connections

    def run(self) -> None:
        self.tick(starting=True)  # alive, stale tasks queued again, before the first claim
        thread = threading.Thread(target=self._beating, name="inovda-heartbeat", daemon=True)
        thread.start()
        try:
            super().run()
        finally:
            self._stop.set()
            thread.join(timeout=self.heartbeat + 5)


class Command(BaseCommand):
    help = (
        "Run a database background worker that beats every few seconds and hands the tasks "
        "of a dead worker back to the queue"
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat",
            type=valid_interval,
            default=None,
            help="Seconds between heartbeats and reclaim rounds "
            "(default: INOVDA_TASK_HEARTBEAT_SECONDS)",
        )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        heartbeat: float | None = None,
        **options,
    ) -> None:
        """django-tasks-db's handle(), building Inovda's Worker."""
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together; no reload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            heartbeat=heartbeat or workers.heartbeat_seconds(),
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child process
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
