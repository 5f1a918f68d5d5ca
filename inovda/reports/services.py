"""Writes of the reports app: import jobs, saved mappings, report settings.

The import itself (`import_job_run`) runs in the task worker. It writes the rows in
batches; each batch is one transaction, so a batch with a bad row writes nothing, and
every row it did not write is kept with its reasons.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, files
from inovda.core.notifications import notify
from inovda.organizations.models import LocalGovernment

from . import conf, tables
from .access import can_import, require_import
from .importers import IMPORTERS, Row, importer_for, suggest_columns
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
    mapping = next(
        (m.columns for m in saved if set(m.columns.values()) <= set(table.headers)), None
    )
    job = ImportJob.objects.create(
        pemda=pemda,
        kind=kind,
        original_name=upload.name[:255],
        sha256=table.sha256,
        headers=table.headers,
        rows=table.rows,
        header_row=table.header_row,
        columns=suggest_columns(kind, table.headers, mapping),
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
def import_job_start(*, actor, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_import(actor, job.pemda_id)
    _require_preview(job)
    job.status = ImportJob.Status.QUEUED
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    audit.record(actor=actor, verb="import_started", subject=job)
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


def _run_batch(job: ImportJob, importer, actor, batch: list[Row]) -> None:
    bad = [row for row in batch if row.errors]
    if not bad:
        try:
            with transaction.atomic():
                counts = importer.write(actor=actor, rows=batch, source=job.original_name)
        except (ValidationError, IntegrityError, DataError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            _reject(job, batch, lambda row: [*messages])
            return
        job.created_count += counts["created"]
        job.updated_count += counts["updated"]
        job.unchanged_count += counts["unchanged"]
        return
    numbers = ", ".join(str(row.number) for row in bad)
    collateral = _(
        "Not imported: row(s) %(rows)s of the same batch (rows %(first)d–%(last)d) have "
        "errors, and a batch is imported whole or not at all."
    ) % {"rows": numbers, "first": batch[0].number, "last": batch[-1].number}
    _reject(job, batch, lambda row: row.errors or [collateral])


def import_job_run(*, job_id: int) -> ImportJob:
    """Import a queued job's rows in batches, saving the progress after each batch."""
    job = ImportJob.objects.select_related("pemda", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    actor = job.created_by
    counters = [
        "status",
        "total_rows",
        "processed_rows",
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
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.rejections.all().delete()
    job.created_count = job.updated_count = job.unchanged_count = 0
    job.rejected_count = job.processed_rows = 0
    try:
        if actor is None or not can_import(actor, job.pemda_id):
            raise PermissionDenied(_("The person who started this import may no longer import."))
        rows = import_rows(job)
        todo = [row for row in rows if not row.skipped]
        job.total_rows, job.skipped_count = len(todo), len(rows) - len(todo)
        job.save(update_fields=counters)
        importer = importer_for(job.kind, job.pemda)
        size = conf.get("IMPORT_BATCH_SIZE")
        for start in range(0, len(todo), size):
            batch = todo[start : start + size]
            _run_batch(job, importer, actor, batch)
            job.processed_rows += len(batch)
            job.save(update_fields=counters)
    except Exception as exc:
        logger.exception("import %s failed", job.pk)
        job.status, job.error, job.finished_at = ImportJob.Status.FAILED, str(exc), timezone.now()
        job.save(update_fields=counters)
        with transaction.atomic():
            _tell_finished(job, _("The import of “%(file)s” failed: %(error)s"))
        return job
    with transaction.atomic():
        job.status, job.finished_at = ImportJob.Status.DONE, timezone.now()
        job.save(update_fields=counters)
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


@task()
def run_import(job_id: int) -> None:
    """The import runs in the task worker (`manage.py db_worker`)."""
    import_job_run(job_id=job_id)
