"""Task workers: heartbeats, stale tasks, their reclaim (audit, attempts) and the commands."""

import datetime
import io

import pytest
from django.core.management import call_command, get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from inovda.core import hooks, workers
from inovda.core.models import AuditEvent, WorkerHeartbeat
from inovda.core.tasks import send_notification_emails

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INOVDA_TASK_STALE_SECONDS = 60
    settings.INOVDA_TASK_MAX_ATTEMPTS = 3


def ago(seconds: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def running_task(*workers_before: str, worker: str = "w1", started: int = 5) -> DBTaskResult:
    """A task claimed by `worker` (after `workers_before` tried it), started `started` s ago."""
    result = send_notification_emails.enqueue([])
    task = DBTaskResult.objects.get(pk=result.id)
    task.worker_ids = list(workers_before)
    task.claim(worker)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=ago(started))
    return DBTaskResult.objects.get(pk=task.pk)


def heartbeat(worker_id: str, seconds_ago: int) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(worker_id=worker_id, beat_at=ago(seconds_ago))


def test_beat_creates_then_updates_one_row():
    workers.beat("w1")
    first = WorkerHeartbeat.objects.get(worker_id="w1").beat_at
    workers.beat("w1")
    row = WorkerHeartbeat.objects.get(worker_id="w1")
    assert WorkerHeartbeat.objects.count() == 1
    assert row.beat_at >= first and row.pid and row.host


def test_alive_within_the_stale_time_only(settings):
    heartbeat("fresh", 10)
    heartbeat("old", 61)
    assert workers.is_alive("fresh") and not workers.is_alive("old")
    assert not workers.is_alive("never")
    assert workers.alive_workers() == {"fresh"}
    settings.INOVDA_TASK_STALE_SECONDS = 5
    assert not workers.is_alive("fresh")


def test_stale_tasks_are_those_of_silent_workers():
    heartbeat("live", 3)
    heartbeat("dead", 120)
    on_live = running_task(worker="live", started=600)
    on_dead = running_task(worker="dead", started=5)
    never_beat_old = running_task(worker="plain-old", started=120)
    never_beat_new = running_task(worker="plain-new", started=5)
    ready = DBTaskResult.objects.get(pk=send_notification_emails.enqueue([]).id)
    stale = {task.pk for task in workers.stale_tasks()}
    assert stale == {on_dead.pk, never_beat_old.pk}
    assert {on_live.pk, never_beat_new.pk, ready.pk}.isdisjoint(stale)


def test_reclaim_queues_the_task_again_with_one_audit_event():
    heartbeat("dead", 120)
    heartbeat("live", 1)
    task = running_task(worker="dead")
    untouched = running_task(worker="live")
    done = workers.reclaim()
    assert [(d.task_id, d.worker_id, d.status, d.attempts) for d in done] == [
        (str(task.pk), "dead", "READY", 1)
    ]
    task.refresh_from_db()
    assert task.status == "READY" and task.started_at is None
    assert task.worker_ids == ["dead"]  # the attempts so far
    assert DBTaskResult.objects.get(pk=untouched.pk).status == "RUNNING"
    event = AuditEvent.objects.get(verb="task_reclaimed")
    assert event.subject_repr == "dead"
    assert str(task.pk) in event.target_repr
    assert event.changes == {"status": {"before": "RUNNING", "after": "READY"}}
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()  # a worker can take it
    assert workers.reclaim() == []  # once


def test_task_fails_after_max_attempts(settings):
    settings.INOVDA_TASK_MAX_ATTEMPTS = 2
    heartbeat("w2", 300)
    first = running_task(worker="w2")
    second = running_task("w1", worker="w2")
    statuses = {d.task_id: d.status for d in workers.reclaim()}
    assert statuses == {str(first.pk): "READY", str(second.pk): "FAILED"}
    second.refresh_from_db()
    assert second.finished_at is not None
    assert second.exception_class_path == "inovda.core.workers.WorkerLost"
    assert "w2" in second.traceback
    events = AuditEvent.objects.filter(verb="task_reclaimed")
    assert events.count() == 2
    failed = events.get(target_repr__contains=str(second.pk))
    assert failed.changes["status"]["after"] == "FAILED"


def test_reclaim_and_its_audit_event_share_one_transaction():
    heartbeat("dead", 120)
    task = running_task(worker="dead")

    def broken(sender, **kwargs):
        raise RuntimeError("subscriber failed")

    hooks.task_reclaimed.connect(broken, dispatch_uid="test.broken")
    try:
        with pytest.raises(RuntimeError):
            workers.reclaim()
    finally:
        hooks.task_reclaimed.disconnect(dispatch_uid="test.broken")
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    assert not AuditEvent.objects.filter(verb="task_reclaimed").exists()


def test_hook_tells_whether_the_task_was_given_up(settings):
    settings.INOVDA_TASK_MAX_ATTEMPTS = 1
    heard = []

    def listen(sender, *, task, given_up, **kwargs):
        heard.append((str(task.pk), given_up))

    heartbeat("dead", 120)
    task = running_task(worker="dead")
    hooks.task_reclaimed.connect(listen, dispatch_uid="test.listen")
    try:
        workers.reclaim()
    finally:
        hooks.task_reclaimed.disconnect(dispatch_uid="test.listen")
    assert heard == [(str(task.pk), True)]


def test_a_worker_that_beats_again_keeps_its_task():
    heartbeat("slow", 120)
    task = running_task(worker="slow")
    stale = workers.stale_tasks()
    workers.beat("slow")  # between the listing and the reclaim
    assert [t.pk for t in stale] == [task.pk]
    assert workers._reclaim_one(task.pk, timezone.now()) is None
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"


def test_reclaim_tasks_command_lists_then_reclaims():
    heartbeat("dead", 120)
    heartbeat("live", 1)
    task = running_task(worker="dead")
    out = io.StringIO()
    call_command("reclaim_tasks", "--list", stdout=out)
    text = out.getvalue()
    assert "worker dead" in text and "silent" in text and "alive" in text
    assert f"stale task {task.pk}" in text and "1 stale task(s)" in text
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    out = io.StringIO()
    call_command("reclaim_tasks", stdout=out)
    assert "READY after 1 attempt(s)" in out.getvalue()
    assert "1 task(s) reclaimed" in out.getvalue()
    assert DBTaskResult.objects.get(pk=task.pk).status == "READY"


def test_manage_py_db_worker_is_inovdas():
    assert get_commands()["db_worker"] == "inovda.core"


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left in a transaction
def test_db_worker_beats_reclaims_and_runs_the_task_of_a_dead_worker(run_worker):
    heartbeat("dead", 120)
    task = running_task(worker="dead")
    run_worker("w2", "--interval", "0")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["dead", "w2"]
    assert workers.is_alive("w2")
    assert AuditEvent.objects.filter(verb="task_reclaimed").count() == 1


def test_a_restarted_worker_hands_back_its_own_tasks_at_once():
    """systemd restarts a killed worker under the same id: the new process beats at once,
    so the heartbeat alone would keep the dead process's task RUNNING for ever."""
    heartbeat("host-1", 1)
    task = running_task(worker="host-1")
    other = running_task(worker="host-2")
    heartbeat("host-2", 1)
    assert workers.reclaim() == []
    [done] = workers.reclaim(restarted="host-1")
    assert (done.task_id, done.status) == (str(task.pk), "READY")
    assert DBTaskResult.objects.get(pk=other.pk).status == "RUNNING"


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left in a transaction
def test_db_worker_restarted_under_its_id_runs_its_lost_task_again(run_worker):
    heartbeat("host-1", 1)
    WorkerHeartbeat.objects.update(started_at=ago(600))  # the process that died
    task = running_task(worker="host-1")
    run_worker("host-1")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["host-1", "host-1"]
    assert WorkerHeartbeat.objects.get(worker_id="host-1").started_at > ago(30)
