"""Benchmark: `health_refresh` on 40,000 implemented innovations with 8 reports each.

Builds its own data in a separate database: a fresh SQLite file under var/bench/ by
default, or the PostgreSQL database named by DATABASE_URL (its tables are flushed first:
give it a database of its own). Prints a table. Run: `make bench-health`.

    DATABASE_URL=postgres://inovda:inovda@127.0.0.1:5432/inovda_bench make bench-health

Options (environment): BENCH_INNOVATIONS (40000), BENCH_REPORTS (8).
"""

import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE = ROOT / "var" / "bench" / "health.sqlite3"
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from inovda.innovations.models import (  # noqa: E402
    HealthOverride,
    Innovation,
    ProgressReport,
    SponsorConfirmation,
)
from inovda.innovations.periods import due_date, period_containing  # noqa: E402
from inovda.innovations.services import health_refresh  # noqa: E402
from inovda.organizations.models import Agency, LocalGovernment  # noqa: E402

N = int(os.environ.get("BENCH_INNOVATIONS", "40000"))
REPORTS = int(os.environ.get("BENCH_REPORTS", "8"))
BATCH = 5000


REPORT_FIELDS = [
    "innovation_id",
    "period_start",
    "period_end",
    "activities",
    "beneficiaries",
    "budget_allocated",
    "budget_realised",
    "obstacles",
    "kpi_attainment",
    "due_on",
    "is_late",
    "submitted_at",
]


def insert_reports(rows: list[tuple]) -> None:
    """Plain executemany INSERT (building 320,000 model instances would dominate the run)."""
    fields = [ProgressReport._meta.get_field(name) for name in REPORT_FIELDS]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(ProgressReport._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def build(rng: random.Random, today: datetime.date) -> None:
    pemda = LocalGovernment.objects.create(code="99.99", name="Kota Bench", kind="kota")
    agencies = Agency.objects.bulk_create(
        Agency(pemda=pemda, name=f"Dinas {i:03d}", kind="dinas") for i in range(60)
    )
    innovations = []
    for i in range(N):
        start = today - datetime.timedelta(days=rng.randint(2 * 365 + 100, 6 * 365))
        innovations.append(
            Innovation(
                pemda=pemda,
                agency=agencies[i % len(agencies)],
                name=f"Inovasi {i:05d}",
                status="implemented",
                stage="penerapan",
                implementation_start=start,
                report_cadence="quarterly",
            )
        )
    Innovation.objects.bulk_create(innovations, batch_size=BATCH)
    reports, sponsors, overrides = [], [], []
    now = timezone.now()
    for innovation in Innovation.objects.filter(pemda=pemda).only("id"):
        kind = rng.random()
        # the latest period reported: on time (most), overdue, or long silent
        lag = 0 if kind < 0.6 else (rng.randint(1, 2) if kind < 0.85 else rng.randint(5, 9))
        last = period_containing(today, "quarterly")
        for _ in range(lag + 1):
            last = period_containing(last.start - datetime.timedelta(days=1), "quarterly")
        periods = [last]
        for _ in range(REPORTS - 1):
            periods.insert(
                0, period_containing(periods[0].start - datetime.timedelta(days=1), "quarterly")
            )
        level = rng.uniform(0, 0.3)
        for period in periods:
            level += rng.uniform(-0.05, 0.1)
            reports.append(
                (
                    innovation.pk,
                    period.start,
                    period.end,
                    "Kegiatan periode ini.",
                    rng.randint(10, 5000),
                    Decimal(50_000_000),
                    Decimal(rng.randint(10, 50) * 1_000_000),
                    "",
                    round(level, 4),
                    due_date(period, 15),
                    False,
                    now,
                )
            )
        if rng.random() < 0.7:
            sponsors.append(
                SponsorConfirmation(
                    innovation_id=innovation.pk,
                    sponsor_name="Kepala Dinas",
                    sponsor_position="Kepala",
                    confirmed_on=today - datetime.timedelta(days=rng.randint(1, 500)),
                )
            )
        if rng.random() < 0.005:
            overrides.append(
                HealthOverride(
                    innovation_id=innovation.pk,
                    status="growing",
                    reason="Bench",
                    expires_on=today + datetime.timedelta(days=30),
                )
            )
        if len(reports) >= BATCH * 4:
            insert_reports(reports)
            reports = []
    insert_reports(reports)
    SponsorConfirmation.objects.bulk_create(sponsors, batch_size=BATCH)
    HealthOverride.objects.bulk_create(overrides, batch_size=BATCH)


def timed(label, rows, fn):
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows.append((label, elapsed, cpu, len(queries)))
    return result


def main() -> None:
    engine = connection.vendor
    call_command("migrate", verbosity=0)
    if engine != "sqlite":
        call_command("flush", "--noinput", verbosity=0)
    rng = random.Random(38)
    today = timezone.localdate()
    rows: list[tuple[str, float, float, int]] = []
    with transaction.atomic():
        timed("build data", rows, lambda: build(rng, today))
    first = timed(
        "health_refresh, first run (all change)", rows, lambda: health_refresh(today=today)
    )
    timed("health_refresh, second run (same day)", rows, lambda: health_refresh(today=today))
    later = today + datetime.timedelta(days=1)
    timed("health_refresh, next day (inputs change)", rows, lambda: health_refresh(today=later))
    print()
    print(
        f"Database: {engine}   innovations: {Innovation.objects.count():,}   "
        f"reports: {ProgressReport.objects.count():,}"
    )
    print(f"Load average when done: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'step':<44}{'wall s':>9}{'CPU s':>9}{'queries':>9}")
    for label, elapsed, cpu, queries in rows:
        print(f"{label:<44}{elapsed:>9.1f}{cpu:>9.1f}{queries:>9}")
    print("(CPU s: this Python process only; the database server's time is in wall s.)")
    print(
        "Health after the first run: " + ", ".join(f"{k} {v:,}" for k, v in sorted(first.items()))
    )


if __name__ == "__main__":
    main()
