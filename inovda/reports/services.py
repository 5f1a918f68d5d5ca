"""Writes of the reports app: import jobs, saved mappings, report settings.

The import itself (`import_job_run`) runs in the task worker. By default every row with a
problem is skipped and kept with its reasons while the good rows are written (batches of
rows, each row in its own savepoint when its batch fails); "all or nothing" writes every
row in one transaction or none of them.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, files, workers
from inovda.core.notifications import notify
from inovda.organizations.models import LocalGovernment

from . import conf, tables
from .access import can_import, require_import
from .importers import IMPORTERS, Row, importer_for_job, normalize, suggest_columns
from .models import ImportJob, ImportMapping, ImportRejection, ReportSettings
from .selectors import import_rows

# What a Pemda logo may be (it is drawn on PDF reports).
LOGO_KINDS = (files.PNG, files.JPEG)

logger = logging.getLogger(__name__)


def _require_preview(job: ImportJob) -> None:
    if job.status != ImportJob.Status.PREVIEW:
        raise ValidationError(_("This import has already started; upload the file again."))


@transaction.atomic
def import_job_create(*, actor, pemda: LocalGovernment, kind: str, upload) -> ImportJob:
    require_import(actor, pemda.pk)
    if kind not in IMPORTERS:
        raise ValidationError(_("Unknown kind of import."))
    table = tables.read_table(upload)
    saved = ImportMapping.objects.filter(pemda=pemda, kind=kind).order_by("-updated_at")
    remembered = next((m.columns for m in saved if m.name == REMEMBERED), {})
    named = next(
        (
            m.columns
            for m in saved
            if m.name != REMEMBERED and set(m.columns.values()) <= set(table.headers)
        ),
        {},
    )
    columns = suggest_columns(kind, table.headers, {**remembered, **named})
    job = ImportJob.objects.create(
        pemda=pemda,
        kind=kind,
        original_name=upload.name[:255],
        sha256=table.sha256,
        headers=table.headers,
        rows=table.rows,
        header_row=table.header_row,
        source=table.source,
        notes=table.notes,
        columns=columns,
        skipped=_example_rows(table, IMPORTERS[kind], columns),
        total_rows=len(table.rows),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        verb="created",
        subject=job,
        message=_("%(n)d rows, %(columns)d columns")
        % {"n": len(table.rows), "columns": len(table.headers)},
    )
    return job


# The mapping each Pemda's last confirmed columns are remembered in, without a name.
REMEMBERED = ""


def _example_rows(table, importer, columns: dict[str, str]) -> list[int]:
    """Rows that are the template's example row in every mapped column: skipped (and
    listed so)."""
    if "name" not in columns and "username" not in columns:
        return []
    position = {header: i for i, header in enumerate(table.headers)}
    example = dict(importer.EXAMPLE)
    wanted = {position[h]: example.get(f, "") for f, h in columns.items() if h in position}
    found = []
    for i, row in enumerate(table.rows):
        if all((row[c] if c < len(row) else "") == text for c, text in wanted.items()):
            found.append(table.header_row + 1 + i)
    if found:
        table.notes.append(
            _("Row(s) %(rows)s are the template's example row: they are skipped.")
            % {"rows": ", ".join(str(n) for n in found)}
        )
    return found


def _remember(actor, job: ImportJob, columns: dict[str, str]) -> None:
    """The columns just confirmed become the Pemda's remembered mapping: a field keeps the
    header it was last given; a header of this file left unmapped is forgotten."""
    memory, _created = ImportMapping.objects.get_or_create(
        pemda=job.pemda, kind=job.kind, name=REMEMBERED, defaults={"created_by": actor}
    )
    headers = set(job.headers)
    kept = {
        field: header
        for field, header in memory.columns.items()
        if header not in headers and field not in columns
    }
    memory.columns = {**kept, **columns}
    memory.save(update_fields=["columns", "updated_at"])


@transaction.atomic
def import_job_set_columns(
    *, actor, job: ImportJob, columns: dict[str, str], save_as: str = ""
) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    fields = IMPORTERS[job.kind].field_map()
    columns = {k: v for k, v in columns.items() if v}
    problems = []
    for field, header in columns.items():
        if field not in fields or header not in job.headers:
            problems.append(_("Column “%(header)s” is not in the file.") % {"header": header})
    for header in {h for h in columns.values() if list(columns.values()).count(h) > 1}:
        problems.append(_("Column “%(header)s” is chosen twice.") % {"header": header})
    for field in fields.values():
        if field.required and field.name not in columns:
            problems.append(_("Choose the column for “%(field)s”.") % {"field": field.label})
    if problems:
        raise ValidationError(problems)
    changes = audit.diff({"columns": job.columns}, {"columns": columns})
    job.columns = columns
    job.save(update_fields=["columns", "updated_at"])
    if changes:
        audit.record(actor=actor, verb="updated", subject=job, changes=changes)
    _remember(actor, job, columns)
    if save_as.strip():
        mapping, _created = ImportMapping.objects.update_or_create(
            pemda=job.pemda,
            kind=job.kind,
            name=save_as.strip()[:120],
            defaults={"columns": columns, "created_by": actor},
        )
        audit.record(actor=actor, verb="import_mapping_saved", subject=mapping, pemda=job.pemda)
    return job


@transaction.atomic
def import_row_fix(*, actor, job: ImportJob, row_number: int, values: dict[str, str]) -> ImportJob:
    """Replace the text of some cells of one row (what the user typed in the preview)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    fields = IMPORTERS[job.kind].field_map()
    fixed = {k: str(v).strip() for k, v in values.items() if k in fields and k in job.columns}
    before = job.fixes.get(str(row_number), {})
    job.fixes = {**job.fixes, str(row_number): {**before, **fixed}}
    job.save(update_fields=["fixes", "updated_at"])
    audit.record(
        actor=actor,
        verb="updated",
        subject=job,
        target=_("row %(n)d") % {"n": row_number},
        changes=audit.diff(before, job.fixes[str(row_number)]),
    )
    return job


@transaction.atomic
def import_row_skip(*, actor, job: ImportJob, row_number: int, skip: bool = True) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    skipped = set(job.skipped)
    before = row_number in skipped
    (skipped.add if skip else skipped.discard)(row_number)
    if before != skip:
        job.skipped = sorted(skipped)
        job.save(update_fields=["skipped", "updated_at"])
        audit.record(
            actor=actor,
            verb="updated",
            subject=job,
            target=_("row %(n)d") % {"n": row_number},
            changes={"skipped": {"before": before, "after": skip}},
        )
    return job


@transaction.atomic
def import_skip_problems(*, actor, job: ImportJob) -> int:
    """ "Skip every row with a problem": each is listed as skipped (and can be included
    again); returns how many were added."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    problems = [row.number for row in import_rows(job) if row.errors and not row.skipped]
    if problems:
        job.skipped = sorted(set(job.skipped) | set(problems))
        job.save(update_fields=["skipped", "updated_at"])
        audit.record(
            actor=actor,
            verb="updated",
            subject=job,
            message=_("%(n)d rows with a problem skipped") % {"n": len(problems)},
            changes={"skipped": {"before": None, "after": problems}},
        )
    return len(problems)


@transaction.atomic
def import_bulk_fix(
    *, actor, job: ImportJob, field: str, value: str, where: str | None = None
) -> int:
    """ "Fix in bulk": the same text in one column of every row that still has a problem
    (only those whose cell reads `where`, when given). Returns how many rows changed."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    if field not in IMPORTERS[job.kind].field_map() or field not in job.columns:
        raise ValidationError(_("Choose a column of the file."))
    value = str(value).strip()
    numbers = [
        row.number
        for row in import_rows(job)
        if row.errors
        and not row.skipped
        and (where is None or row.values.get(field, "").strip() == where.strip())
        and row.values.get(field, "").strip() != value
    ]
    if not numbers:
        return 0
    fixes = dict(job.fixes)
    for number in numbers:
        fixes[str(number)] = {**fixes.get(str(number), {}), field: value}
    job.fixes = fixes
    job.save(update_fields=["fixes", "updated_at"])
    audit.record(
        actor=actor,
        verb="updated",
        subject=job,
        message=_("%(field)s set to “%(value)s” in %(n)d rows with a problem")
        % {"field": field, "value": value, "n": len(numbers)},
        changes={"fixes": {"before": None, "after": {"field": field, "rows": numbers}}},
    )
    return len(numbers)


@transaction.atomic
def import_job_set_options(*, actor, job: ImportJob, create_agencies: bool) -> ImportJob:
    """Whether the agencies named in an innovations file and not yet registered are
    created by the import."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    if job.create_agencies != create_agencies:
        changes = {"create_agencies": {"before": job.create_agencies, "after": create_agencies}}
        job.create_agencies = create_agencies
        job.save(update_fields=["create_agencies", "updated_at"])
        audit.record(actor=actor, verb="updated", subject=job, changes=changes)
    return job


@transaction.atomic
def import_agency_merge(
    *, actor, job: ImportJob, variants: list[str], target: str, accept: bool
) -> ImportJob:
    """The admin's answer to a proposed merge: the `variants` written in the file are
    read as the agency `target` (accept), or each stays as written (refuse)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    target = " ".join(str(target).split())
    if accept and not target:
        raise ValidationError(_("Type the name the agencies are merged into."))
    if len(target) > 200:
        raise ValidationError(_("The agency name is longer than 200 characters."))
    merges = dict(job.agency_merges)
    for text in variants:
        if normalize(text):
            merges[normalize(text)] = target if accept else ""
    before = job.agency_merges
    job.agency_merges = merges
    job.save(update_fields=["agency_merges", "updated_at"])
    audit.record(
        actor=actor,
        verb="updated",
        subject=job,
        message=(
            _("Merged into “%(name)s”: %(variants)s")
            if accept
            else _("Kept apart from “%(name)s”: %(variants)s")
        )
        % {"name": target, "variants": ", ".join(variants)},
        changes=audit.diff({"agency_merges": before}, {"agency_merges": merges}),
    )
    return job


@transaction.atomic
def import_job_start(*, actor, job: ImportJob, mode: str | None = None) -> ImportJob:
    """Queue the run; `mode` is "skip" (rows with a problem are left out, with their
    reasons) or "all" (all or nothing)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    if mode is not None and mode not in ImportJob.Mode.values:
        raise ValidationError(_("Choose what happens to rows with a problem."))
    job.mode = mode or job.mode
    job.status = ImportJob.Status.QUEUED
    job.processed_rows = 0
    job.save(update_fields=["status", "mode", "processed_rows", "updated_at"])
    audit.record(actor=actor, verb="import_started", subject=job, message=job.get_mode_display())
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def _reject(job: ImportJob, rows: list[Row], reason_for) -> None:
    ImportRejection.objects.bulk_create(
        [
            ImportRejection(
                job=job,
                row_number=row.number,
                reasons=reason_for(row),
                values=[row.values.get(field, "") for field in job.columns],
            )
            for row in rows
        ]
    )
    job.rejected_count += len(rows)


WRITE_ERRORS = (ValidationError, IntegrityError, DataError)


def _messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def _count(job: ImportJob, counts: dict[str, int]) -> None:
    job.created_count += counts["created"]
    job.updated_count += counts["updated"]
    job.unchanged_count += counts["unchanged"]


def _write_rows(job: ImportJob, importer, actor, rows: list[Row]) -> None:
    """Write valid rows, each in its own savepoint when the batch as a whole fails.

    The batch is tried first in one savepoint (one INSERT); if the database or the model
    refuses it, it is split in halves until the rows that fail are alone, so every good
    row is written and every bad one rejected with the reason the writer gave.
    """
    if not rows:
        return
    try:
        with transaction.atomic():
            counts = importer.write(actor=actor, rows=rows, source=job.original_name)
    except WRITE_ERRORS as exc:
        importer.forget()  # agencies it created were rolled back with the rows
        if len(rows) == 1:
            messages = _messages(exc)
            _reject(job, rows, lambda row: [*messages])
            return
        middle = len(rows) // 2
        _write_rows(job, importer, actor, rows[:middle])
        _write_rows(job, importer, actor, rows[middle:])
        return
    _count(job, counts)


def _run_batch(job: ImportJob, importer, actor, batch: list[Row]) -> None:
    """One batch of the "skip every row with a problem" run: good rows are written, rows
    with a problem are rejected with their own reasons only."""
    bad = [row for row in batch if row.errors]
    _reject(job, bad, lambda row: row.errors)
    with transaction.atomic():
        _write_rows(job, importer, actor, [row for row in batch if not row.errors])


class _AllOrNothing(Exception):
    pass


class _Rollback(Exception):
    pass


def _run_all_or_nothing(job: ImportJob, importer, actor, todo: list[Row]) -> None:
    """Every row in one transaction: one problem, and nothing is written."""
    bad = [row for row in todo if row.errors]
    if bad:
        _reject_all(job, todo, [row.number for row in bad], {})
        job.processed_rows = len(todo)
        return
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    size = conf.get("IMPORT_BATCH_SIZE")
    try:
        with transaction.atomic():
            for start in range(0, len(todo), size):
                batch = todo[start : start + size]
                try:
                    with transaction.atomic():
                        written = importer.write(actor=actor, rows=batch, source=job.original_name)
                except WRITE_ERRORS as exc:
                    importer.forget()
                    failed = _first_failing(job, importer, actor, batch)
                    raise _AllOrNothing(failed, _messages(exc)) from exc
                for key in counts:
                    counts[key] += written[key]
    except _AllOrNothing as stop:
        failed, messages = stop.args
        _reject_all(job, todo, [failed.number], {failed.number: messages})
        job.processed_rows = len(todo)
        return
    _count(job, counts)
    job.processed_rows = len(todo)


def _first_failing(job, importer, actor, batch: list[Row]) -> Row:
    """The first row of a failed batch that fails alone (each try rolled back)."""
    for row in batch:
        try:
            with transaction.atomic():
                importer.write(actor=actor, rows=[row], source=job.original_name)
                raise _Rollback
        except _Rollback:
            importer.forget()
            continue
        except WRITE_ERRORS:
            importer.forget()
            return row
    return batch[0]


def _reject_all(job: ImportJob, rows: list[Row], failing: list[int], messages: dict) -> None:
    shown = ", ".join(str(n) for n in failing[:20]) + ("…" if len(failing) > 20 else "")
    collateral = _(
        "Not imported: “all or nothing” was chosen and row(s) %(rows)s have problems."
    ) % {"rows": shown}
    _reject(job, rows, lambda row: row.errors or messages.get(row.number) or [collateral])


COUNTERS = [
    "status",
    "total_rows",
    "processed_rows",
    "last_batch",
    "created_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
    "skipped_count",
    "error",
    "started_at",
    "finished_at",
    "updated_at",
]


def _start_over(job: ImportJob) -> None:
    """No row of the job imported yet: its rejections and counts cleared."""
    job.rejections.all().delete()
    job.created_count = job.updated_count = job.unchanged_count = 0
    job.rejected_count = job.processed_rows = job.last_batch = 0


@transaction.atomic
def _claim(job_id: int, worker_id: str) -> ImportJob | None:
    """The job, now run by `worker_id`: a queued job starts from its first row; a running
    one whose worker stopped beating (its task was reclaimed, inovda.core.workers) resumes
    after its last committed batch, with one `import_resumed` event. None when there is
    nothing to run here (finished, or still running on a live worker)."""
    job = (
        ImportJob.objects.select_for_update(of=("self",))
        .select_related("pemda", "created_by")
        .get(pk=job_id)
    )
    if job.status == ImportJob.Status.QUEUED:
        job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
        _start_over(job)
        job.worker_id, job.attempts = worker_id, 1
        job.save(update_fields=[*COUNTERS, "worker_id", "attempts"])
        return job
    if job.status != ImportJob.Status.RUNNING:
        return None
    if job.worker_id and job.worker_id != worker_id and workers.is_alive(job.worker_id):
        return None
    previous = job.worker_id
    job.worker_id, job.attempts = worker_id, job.attempts + 1
    job.save(update_fields=["worker_id", "attempts", "updated_at"])
    audit.record(
        actor=None,
        verb="import_resumed",
        subject=job,
        message=_("Resumed after batch %(batch)d (%(rows)d rows done); worker %(worker)s stopped.")
        % {"batch": job.last_batch, "rows": job.processed_rows, "worker": previous or "?"},
    )
    return job


def import_job_run(*, job_id: int, worker_id: str = "") -> ImportJob:
    """Import a queued job's rows in batches. Each batch commits in one transaction with
    its rejections and the job's counters (`processed_rows`, `last_batch`), so a run whose
    worker died resumes after the last committed batch and writes every row once. "All or
    nothing" commits once, at the end: resumed, it starts again from its first row."""
    job = _claim(job_id, worker_id)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    actor = job.created_by
    try:
        if actor is None or not can_import(actor, job.pemda_id):
            raise PermissionDenied(_("The person who started this import may no longer import."))
        importer = importer_for_job(job)
        rows = import_rows(job, importer)
        todo = [row for row in rows if not row.skipped]
        job.total_rows, job.skipped_count = len(todo), len(rows) - len(todo)
        job.save(update_fields=COUNTERS)
        if job.mode == ImportJob.Mode.ALL:
            with transaction.atomic():
                _start_over(job)  # a resumed run: nothing is committed before the end
                _run_all_or_nothing(job, importer, actor, todo)
                job.last_batch = 1
                job.save(update_fields=COUNTERS)
        else:
            size = conf.get("IMPORT_BATCH_SIZE")
            for start in range(job.processed_rows, len(todo), size):
                batch = todo[start : start + size]
                with transaction.atomic():
                    _run_batch(job, importer, actor, batch)
                    job.processed_rows += len(batch)
                    job.last_batch += 1
                    job.save(update_fields=COUNTERS)
    except Exception as exc:
        logger.exception("import %s failed", job.pk)
        job.refresh_from_db(fields=COUNTERS)  # what the committed batches counted
        job.status, job.error, job.finished_at = ImportJob.Status.FAILED, str(exc), timezone.now()
        job.save(update_fields=COUNTERS)
        with transaction.atomic():
            _tell_finished(job, _("The import of “%(file)s” failed: %(error)s"))
        return job
    with transaction.atomic():
        job.status, job.finished_at = ImportJob.Status.DONE, timezone.now()
        job.save(update_fields=COUNTERS)
        audit.record(
            actor=actor,
            verb="import_finished",
            subject=job,
            message=_(
                "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(rejected)d rejected, %(skipped)d skipped"
            )
            % {
                "created": job.created_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
                "rejected": job.rejected_count,
                "skipped": job.skipped_count,
            },
        )
        _tell_finished(
            job,
            _(
                "The import of “%(file)s” finished: %(created)d created, %(updated)d updated, "
                "%(rejected)d rejected."
            ),
        )
    return job


def _tell_finished(job: ImportJob, message: str) -> None:
    """The person who started the import hears that it ended (in-app and by e-mail)."""
    from django.urls import reverse

    notify(
        recipients=[job.created_by],
        verb="import_finished",
        message=message
        % {
            "file": job.original_name,
            "error": job.error[:300],
            "created": job.created_count,
            "updated": job.updated_count,
            "rejected": job.rejected_count,
        },
        link=reverse("reports:import_preview", args=[job.pk]),
    )


@transaction.atomic
def report_settings_update(
    *, actor, pemda: LocalGovernment, data: dict, logo=None, remove_logo: bool = False
) -> ReportSettings:
    """The header, address and footer lines of a Pemda's PDF reports, and its logo."""
    require_import(actor, pemda.pk)  # the same person: the Pemda admin
    fields = ["header", "address", "footer"]
    settings_row, _created = ReportSettings.objects.select_for_update().get_or_create(pemda=pemda)
    changes = audit.model_update(
        instance=settings_row, fields=fields, data={k: data[k] for k in fields if k in data}
    )
    old_logo = pemda.logo.name or ""
    if logo is not None or (remove_logo and pemda.logo):
        files.discard(pemda.logo)
        if logo is not None:
            files.store(pemda, "logo", upload=logo, prefix="logos", kinds=LOGO_KINDS, attrs={})
        else:
            pemda.logo = ""
        pemda.save(update_fields=["logo"])
    changes.update(audit.diff({"logo": old_logo}, {"logo": pemda.logo.name or ""}))
    if changes:
        audit.record(
            actor=actor,
            verb="report_settings_updated",
            subject=settings_row,
            pemda=pemda,
            changes=changes,
        )
    return settings_row


@transaction.atomic
def import_job_give_up(*, job_id: int, attempts: int) -> ImportJob:
    """The run's task was given up after its workers stopped INOVDA_TASK_MAX_ATTEMPTS times
    (inovda.core.workers): the job fails, keeping what its committed batches wrote."""
    job = (
        ImportJob.objects.select_for_update(of=("self",))
        .select_related("created_by")
        .get(pk=job_id)
    )
    if not job.is_active:
        return job
    job.status, job.finished_at = ImportJob.Status.FAILED, timezone.now()
    job.error = _(
        "The worker running this import stopped %(attempts)d times; the import was given up "
        "after %(rows)d rows."
    ) % {"attempts": attempts, "rows": job.processed_rows}
    job.save(update_fields=["status", "finished_at", "error", "updated_at"])
    audit.record(actor=None, verb="import_given_up", subject=job, message=job.error)
    _tell_finished(job, _("The import of “%(file)s” failed: %(error)s"))
    return job


@task(takes_context=True)
def run_import(context, job_id: int) -> None:
    """The import runs in the task worker (`manage.py db_worker`); run again after its
    worker died, it resumes (`import_job_run`)."""
    worker_ids = context.task_result.worker_ids
    import_job_run(job_id=job_id, worker_id=worker_ids[-1] if worker_ids else "")
