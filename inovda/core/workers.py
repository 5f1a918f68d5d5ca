"""Task workers: heartbeats, and the reclaim of tasks left RUNNING by a worker that died.

`django-tasks-db` claims a task by marking it RUNNING with the worker's id and never looks
at it again if that worker is killed (kill -9, a lost machine): the task stays RUNNING for
ever. Inovda's `manage.py db_worker` (inovda/core/management/commands/db_worker.py) wraps
its worker: it writes a `WorkerHeartbeat` every INOVDA_TASK_HEARTBEAT_SECONDS from a thread
of its own (also while a long task runs) and, at every beat, `reclaim()`s the tasks RUNNING
on a worker silent for more than INOVDA_TASK_STALE_SECONDS: back to READY, so that any
worker takes it again, or FAILED once INOVDA_TASK_MAX_ATTEMPTS workers have tried it. Each
reclaimed task gets one `task_reclaimed` audit event and the `task_reclaimed` hook in the
same transaction, so the app owning the task can follow (reports resumes an import, or
marks it failed). `manage.py reclaim_tasks` runs the same step by hand. See ADR 0019.

A task that is reclaimed runs again from its start: tasks must be safe to run again. The
import is (it resumes after its last committed batch); the others are short.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import audit, hooks
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"


def heartbeat_seconds() -> float:
    return float(settings.INOVDA_TASK_HEARTBEAT_SECONDS)


def stale_seconds() -> int:
    return int(settings.INOVDA_TASK_STALE_SECONDS)


def max_attempts() -> int:
    return int(settings.INOVDA_TASK_MAX_ATTEMPTS)


class WorkerLost(Exception):
    """Recorded as the error of a task given up after its last worker died."""


def beat(worker_id: str, *, starting: bool = False) -> WorkerHeartbeat:
    """This worker is alive now (one UPDATE, or the first INSERT); `starting`: a new
    process under this id (its `started_at` is reset)."""
    now = timezone.now()
    values = {"beat_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()}
    if starting:
        values["started_at"] = now
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**values)
    if updated:
        return WorkerHeartbeat(worker_id=worker_id, **values)
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults=values
    )
    return heartbeat


def _cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=stale_seconds())


def is_alive(worker_id: str, now: datetime.datetime | None = None) -> bool:
    """Has `worker_id` beaten within INOVDA_TASK_STALE_SECONDS?"""
    return WorkerHeartbeat.objects.filter(worker_id=worker_id, beat_at__gte=_cutoff(now)).exists()


def alive_workers(now: datetime.datetime | None = None) -> set[str]:
    """The ids of the workers that beat within INOVDA_TASK_STALE_SECONDS."""
    return set(
        WorkerHeartbeat.objects.filter(beat_at__gte=_cutoff(now)).values_list(
            "worker_id", flat=True
        )
    )


def _is_stale(
    task: DBTaskResult, alive: set[str], cutoff: datetime.datetime, restarted: str = ""
) -> bool:
    """A RUNNING task whose last worker is silent: its heartbeat is old, or it never beat
    (a worker without heartbeats) and the task started before the cutoff. A task of
    `restarted` (a worker starting under the id it had before, as systemd restarts it) is
    stale whatever the heartbeat: the process that claimed it is gone."""
    worker = task.worker_ids[-1] if task.worker_ids else ""
    if restarted and worker == restarted:
        return True
    if worker in alive:
        return False
    if WorkerHeartbeat.objects.filter(worker_id=worker).exists():
        return True
    return task.started_at is None or task.started_at < cutoff


def stale_tasks(now: datetime.datetime | None = None, *, restarted: str = "") -> list[DBTaskResult]:
    """The tasks RUNNING on a worker that stopped beating, or on `restarted` (oldest
    first)."""
    cutoff = _cutoff(now)
    running = list(
        DBTaskResult.objects.running().only("id", "worker_ids", "started_at").order_by("started_at")
    )
    if not running:
        return []
    alive = alive_workers(now)
    return [task for task in running if _is_stale(task, alive, cutoff, restarted)]


@dataclass(frozen=True)
class Reclaimed:
    task_id: str
    task_path: str
    worker_id: str
    status: str  # READY (queued again) or FAILED (given up)
    attempts: int


def _reclaim_one(task_id, now: datetime.datetime, restarted: str = "") -> Reclaimed | None:
    """Hand one stale task back (or give it up) with its audit event, in one transaction.
    None when another worker reclaimed it first, it finished meanwhile, or its worker
    beat again."""
    with exclusive_transaction(DBTaskResult.objects.db):
        task = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(pk=task_id, status=RUNNING)
            .first()
        )
        cutoff = _cutoff(now)
        if task is None:
            return None
        worker = task.worker_ids[-1] if task.worker_ids else ""
        alive = {worker} if worker != restarted and is_alive(worker, now) else set()
        if not _is_stale(task, alive, cutoff, restarted):
            return None
        attempts, started = len(task.worker_ids), task.started_at
        given_up = attempts >= max_attempts()
        if given_up:
            task.status, task.finished_at = FAILED, now
            task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            task.traceback = (
                f"WorkerLost: worker {worker} stopped beating while running this task; "
                f"{attempts} attempt(s), INOVDA_TASK_MAX_ATTEMPTS={max_attempts()}\n"
            )
            task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        else:
            task.status, task.started_at = READY, None
            task.save(update_fields=["status", "started_at"])
        heartbeat, _created = WorkerHeartbeat.objects.get_or_create(
            worker_id=worker or "?", defaults={"beat_at": started or now}
        )
        audit.record(
            actor=None,
            verb="task_reclaimed",
            subject=heartbeat,
            target=f"{task.task_path} {task.pk}"[:300],
            message=(
                _("Task %(task)s given up after %(attempts)d attempts: its worker stopped.")
                if given_up
                else _("Task %(task)s queued again (attempt %(attempts)d): its worker stopped.")
            )
            % {"task": task.task_path.rsplit(".", 1)[-1], "attempts": attempts},
            changes={"status": {"before": RUNNING, "after": task.status}},
        )
        hooks.reclaimed(task=task, given_up=given_up)
    logger.warning(
        "task %s (%s) of silent worker %s: %s", task.pk, task.task_path, worker, task.status
    )
    return Reclaimed(str(task.pk), task.task_path, worker, task.status, attempts)


def reclaim(now: datetime.datetime | None = None, *, restarted: str = "") -> list[Reclaimed]:
    """Every task RUNNING on a worker silent for INOVDA_TASK_STALE_SECONDS (or on
    `restarted`, a worker id whose new process is starting): back to READY, or FAILED after
    INOVDA_TASK_MAX_ATTEMPTS; one transaction and audit event per task."""
    now = now or timezone.now()
    done = []
    for task in stale_tasks(now, restarted=restarted):
        result = _reclaim_one(task.pk, now, restarted)
        if result is not None:
            done.append(result)
    return done
