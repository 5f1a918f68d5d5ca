"""An import whose worker dies resumes after its last committed batch: every row once."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from inovda.core import workers
from inovda.core.models import AuditEvent, WorkerHeartbeat
from inovda.innovations.models import Innovation
from inovda.reports import services
from inovda.reports.models import ImportJob, ImportKind
from tests.reports.conftest import HEADERS, innovation_rows, xlsx_upload

pytestmark = pytest.mark.django_db

ROWS = 25


class Killed(BaseException):
    """kill -9 in the middle of a batch: no `except Exception` of the import runs."""


@pytest.fixture(autouse=True)
def small_batches(settings):
    settings.INOVDA_REPORTS = {"IMPORT_BATCH_SIZE": 10}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INOVDA_TASK_STALE_SECONDS = 60


@pytest.fixture
def job(adam, pemda, agency_a, agency_b, affairs, poverty):
    upload = xlsx_upload(HEADERS, innovation_rows(ROWS, [agency_a, agency_b]))
    made = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    return services.import_job_start(actor=adam, job=made)


def die_in_batch(monkeypatch, number: int) -> None:
    """The worker dies while writing batch `number` (1-based), after writing some rows."""
    real = services._run_batch
    seen = []

    def run_batch(job, importer, actor, batch):
        seen.append(1)
        if len(seen) == number:
            real(job, importer, actor, batch[:3])  # rows written, not yet committed
            raise Killed
        real(job, importer, actor, batch)

    monkeypatch.setattr(services, "_run_batch", run_batch)


def silent(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": timezone.now() - datetime.timedelta(seconds=600)},
    )


def assert_every_row_once(pemda) -> None:
    names = Counter(Innovation.objects.filter(pemda=pemda).values_list("name", flat=True))
    assert len(names) == ROWS
    assert set(names.values()) == {1}


def test_the_committed_batches_survive_a_killed_worker(monkeypatch, job, pemda):
    die_in_batch(monkeypatch, 2)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="w1")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and job.worker_id == "w1"
    assert (job.last_batch, job.processed_rows, job.created_count) == (1, 10, 10)
    assert Innovation.objects.filter(pemda=pemda).count() == 10  # batch 2 rolled back


def test_resumes_after_the_last_committed_batch(monkeypatch, job, pemda):
    die_in_batch(monkeypatch, 2)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="w1")
    monkeypatch.undo()
    silent("w1")
    batches = []
    real = services._run_batch

    def run_batch(job, importer, actor, batch):
        batches.append([row.number for row in batch])
        real(job, importer, actor, batch)

    monkeypatch.setattr(services, "_run_batch", run_batch)
    done = services.import_job_run(job_id=job.pk, worker_id="w2")
    assert done.status == ImportJob.Status.DONE
    assert batches[0][0] == 12  # row 11 of the data (after the header): batch 2's first row
    assert len(batches) == 2
    assert (done.processed_rows, done.last_batch, done.created_count) == (ROWS, 3, ROWS)
    assert (done.worker_id, done.attempts) == ("w2", 2)
    assert_every_row_once(pemda)
    resumed = AuditEvent.objects.get(verb="import_resumed")
    assert "w1" in resumed.message and "10" in resumed.message
    assert AuditEvent.objects.filter(verb="import_finished").count() == 1


def test_killed_after_the_last_batch_only_finishes(monkeypatch, job, pemda):
    monkeypatch.setattr(services, "_tell_finished", lambda *a: (_ for _ in ()).throw(Killed))
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="w1")
    monkeypatch.undo()
    silent("w1")
    done = services.import_job_run(job_id=job.pk, worker_id="w2")
    assert done.status == ImportJob.Status.DONE and done.created_count == ROWS
    assert_every_row_once(pemda)


def test_a_worker_restarted_under_the_same_id_resumes_its_import(monkeypatch, job, pemda):
    die_in_batch(monkeypatch, 2)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="host-1")
    monkeypatch.undo()
    workers.beat("host-1", starting=True)  # systemd started it again; its task was reclaimed
    done = services.import_job_run(job_id=job.pk, worker_id="host-1")
    assert done.status == ImportJob.Status.DONE and done.attempts == 2
    assert_every_row_once(pemda)


def test_a_live_worker_keeps_its_import(monkeypatch, job, pemda):
    die_in_batch(monkeypatch, 2)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="w1")
    monkeypatch.undo()
    workers.beat("w1")  # still alive: the import is its own
    same = services.import_job_run(job_id=job.pk, worker_id="w2")
    assert same.status == ImportJob.Status.RUNNING and same.worker_id == "w1"
    assert Innovation.objects.filter(pemda=pemda).count() == 10
    assert not AuditEvent.objects.filter(verb="import_resumed").exists()


def test_all_or_nothing_starts_again_from_the_first_row(monkeypatch, adam, job, pemda):
    ImportJob.objects.filter(pk=job.pk).update(mode=ImportJob.Mode.ALL)
    real = services._run_all_or_nothing

    def killed(job, importer, actor, todo):
        real(job, importer, actor, todo)
        raise Killed  # everything written, nothing committed

    monkeypatch.setattr(services, "_run_all_or_nothing", killed)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="w1")
    assert Innovation.objects.filter(pemda=pemda).count() == 0
    monkeypatch.undo()
    silent("w1")
    done = services.import_job_run(job_id=job.pk, worker_id="w2")
    assert done.status == ImportJob.Status.DONE
    assert (done.created_count, done.processed_rows) == (ROWS, ROWS)
    assert_every_row_once(pemda)


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left in a transaction
def test_a_reclaimed_import_task_is_finished_by_the_other_worker(
    monkeypatch, job, pemda, run_worker
):
    """The whole path: worker w1 claims the task and dies in batch 2; w2's db_worker reclaims
    the task at its first beat, runs it and the import resumes."""
    task = DBTaskResult.objects.get(task_path=services.run_import.module_path)  # on commit
    assert task.args_kwargs["args"] == [job.pk]
    task.claim("w1")
    die_in_batch(monkeypatch, 2)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk, worker_id="w1")
    monkeypatch.undo()
    silent("w1")
    run_worker("w2")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["w1", "w2"]
    done = ImportJob.objects.get(pk=job.pk)
    assert done.status == ImportJob.Status.DONE and done.worker_id == "w2"
    assert done.created_count == ROWS
    assert_every_row_once(pemda)
    assert AuditEvent.objects.filter(verb="task_reclaimed").count() == 1
    assert AuditEvent.objects.filter(verb="import_resumed").count() == 1


def test_an_import_given_up_by_the_reclaim_fails(settings, job, pemda):
    settings.INOVDA_TASK_MAX_ATTEMPTS = 2
    result = services.run_import.enqueue(job.pk)
    task = DBTaskResult.objects.get(pk=result.id)
    task.worker_ids = ["w0"]
    task.claim("w1")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, worker_id="w1", processed_rows=10, last_batch=1
    )
    silent("w1")
    [reclaimed] = workers.reclaim()
    assert reclaimed.status == "FAILED"
    failed = ImportJob.objects.get(pk=job.pk)
    assert failed.status == ImportJob.Status.FAILED and failed.finished_at
    assert "2" in failed.error and "10" in failed.error
    assert AuditEvent.objects.filter(verb="import_given_up", subject_id=job.pk).count() == 1
