"""Benchmark: importing a 50,000-row CSV (semicolons, cp1252, doubled quotes, dates as
people write them) into one Pemda.

Measures, on its own database (SQLite under var/bench/ by default, or the PostgreSQL
database named by DATABASE_URL, flushed first: give it a database of its own):
reading the file (encoding and dialect detected from the whole file), checking every row
(what the preview's first page does; its other pages read the kept check), and writing
BENCH_WRITE rows through the registry's bulk service (audit events and the search index
included, in one INSERT each per batch). Run: `make bench-import`.

Options (environment): BENCH_ROWS (50000), BENCH_WRITE (5000; 0 skips the write,
"all" writes every row).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE = ROOT / "var" / "bench" / "import.sqlite3"
if "DATABASE_URL" not in os.environ:
    SQLITE.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
sys.path.insert(0, str(Path(__file__).resolve().parent))
import production  # noqa: E402

production.apply()
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")

import django  # noqa: E402

django.setup()
production.check()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from inovda.organizations.models import (  # noqa: E402
    Agency,
    GovernmentAffair,
    LocalGovernment,
    Membership,
    Role,
)
from inovda.reports import selectors, services, tables  # noqa: E402
from inovda.reports.models import ImportJob, ImportKind  # noqa: E402
from tests.reports import corpus  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
WRITE = os.environ.get("BENCH_WRITE", "5000")


def main() -> None:
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", "--noinput", verbosity=0)
    pemda = LocalGovernment.objects.create(code="99.98", name="Kota Bench Impor", kind="kota")
    for name in corpus.AGENCIES:
        Agency.objects.create(pemda=pemda, name=name)
    GovernmentAffair.objects.get_or_create(code="1.02", defaults={"name": "Kesehatan"})
    admin = get_user_model().objects.create(username="bench.admin")
    Membership.objects.create(user=admin, pemda=pemda, role=Role.PEMDA_ADMIN)

    content = corpus.csv_bytes(ROWS)
    figures = []

    def upload():
        return SimpleUploadedFile("besar.csv", content, content_type="text/csv")

    started = time.perf_counter()
    table = tables.read_table(upload())
    figures.append(
        ("read the file (detect encoding + dialect, parse)", time.perf_counter() - started)
    )
    assert len(table.rows) == ROWS, len(table.rows)

    started = time.perf_counter()
    job = services.import_job_create(
        actor=admin, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload()
    )
    figures.append(("upload: read + store the rows", time.perf_counter() - started))

    started = time.perf_counter()
    rows = selectors.import_rows(job)
    figures.append(("check every row (the preview)", time.perf_counter() - started))
    problems = sum(1 for row in rows if row.errors)
    noted = sum(1 for row in rows if row.notes)

    started = time.perf_counter()
    selectors.checked_rows(job)
    figures.append(("preview, first page (check, kept for the job)", time.perf_counter() - started))
    started = time.perf_counter()
    selectors.checked_rows(job)
    figures.append(("preview, another page (the kept check)", time.perf_counter() - started))

    write = ROWS if WRITE == "all" else min(int(WRITE), ROWS)
    per_row = None
    if write:
        job.skipped = [row.number for row in rows[write:]]
        job.save(update_fields=["skipped"])
        services.import_job_start(actor=admin, job=job)
        started = time.perf_counter()
        services.import_job_run(job_id=job.pk)
        seconds = time.perf_counter() - started
        job = ImportJob.objects.get(pk=job.pk)
        assert job.created_count == write, (job.created_count, job.rejected_count)
        figures.append((f"write {write:,} rows (bulk service, audit, index)", seconds))
        per_row = seconds / write

    print(f"\nImport of {ROWS:,} CSV rows ({len(content) / 1e6:.1f} MB, {connection.vendor})")
    print(f"  rows with a problem: {problems}, read with a note (dates): {noted:,}")
    for label, seconds in figures:
        print(f"  {label:<52} {seconds:8.2f} s")
    if per_row is not None:
        print(f"  {'write, per row':<52} {per_row * 1000:8.2f} ms")
        print(f"  {f'write, {ROWS:,} rows (projected)':<52} {per_row * ROWS:8.0f} s")


if __name__ == "__main__":
    main()
