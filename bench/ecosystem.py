"""Benchmark of the five-factor pages and computations on a large Pemda.

Builds, in its own database, one large city (80 agencies, 1,500 innovations, 3,000
barriers, 4,000 risks with 8,000 reviews, 4,000 budget lines, 600 reallocations, 1,200
innovators with 3,000 trainings) and nine smaller Pemda around it, then times the health
computation, the trend, the precedent search and the main pages (median of several runs).

    make bench-ecosystem                        # fresh SQLite file under var/bench/
    DATABASE_URL=postgres://… make bench-ecosystem   # a PostgreSQL database of your own

Never run by `make test`.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
BENCH_DB = BASE / "var" / "bench" / "ecosystem.sqlite3"
if "DATABASE_URL" not in os.environ:
    BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
sys.path.insert(0, str(BASE / "bench"))
import production  # noqa: E402

production.apply()

import django  # noqa: E402

django.setup()
production.check()
# Cold figures: no cached health or sections (inovda.core.cache), the cost after a change.
from django.conf import settings  # noqa: E402

settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
TARGET_MS = 300.0  # every row, median, on a 2-core machine shared with other work

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from inovda.ecosystem import health, rules, selectors  # noqa: E402
from inovda.ecosystem.demo import BARRIERS, RISKS  # noqa: E402
from inovda.ecosystem.models import (  # noqa: E402
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Risk,
    RiskReview,
    Training,
)
from inovda.innovations.models import Innovation  # noqa: E402
from inovda.organizations.models import Agency, LocalGovernment, Membership, Role  # noqa: E402

RNG = random.Random(38)
TODAY = timezone.localdate()
RUNNING = ["adopted", "trial", "implemented"]
SCALE = {  # per Pemda: (agencies, innovations, barriers, risks, lines, innovators)
    "large": (80, 1500, 3000, 4000, 4000, 1200),
    "small": (20, 150, 200, 300, 300, 80),
}


def day(years_back: int = 3) -> datetime.date:
    return TODAY - datetime.timedelta(days=RNG.randint(0, 365 * years_back))


def build_pemda(code: str, name: str, scale: str) -> LocalGovernment:
    n_agencies, n_innovations, n_barriers, n_risks, n_lines, n_people = SCALE[scale]
    pemda = LocalGovernment.objects.create(code=code, name=name, kind="kota")
    agencies = Agency.objects.bulk_create(
        [Agency(pemda=pemda, name=f"{name} Dinas {i}", kind="dinas") for i in range(n_agencies)]
    )
    innovations = Innovation.objects.bulk_create(
        [
            Innovation(
                pemda=pemda,
                agency=RNG.choice(agencies),
                name=f"{name} Inovasi {i}",
                status=RNG.choice([*RUNNING, *RUNNING, "draft", "submitted", "discontinued"]),
                stage=RNG.choice(["inisiatif", "uji_coba", "penerapan"]),
                year=RNG.randint(TODAY.year - 5, TODAY.year),
                goals="Tujuan",
                benefits="Manfaat",
            )
            for i in range(n_innovations)
        ]
    )
    running = [i for i in innovations if i.status in RUNNING]
    barriers = []
    for _ in range(n_barriers):
        innovation = RNG.choice(running)
        kind = RNG.choice(list(BARRIERS))
        title, description, impact, resolution = RNG.choice(BARRIERS[kind])
        raised = day()
        sla = rules.sla_days(kind)
        resolved = raised + datetime.timedelta(days=RNG.randint(1, 2 * sla))
        done = resolved <= TODAY and RNG.random() < 0.8
        barriers.append(
            Barrier(
                pemda=pemda,
                agency_id=innovation.agency_id,
                innovation=innovation,
                kind=kind,
                title=title,
                description=description,
                impact=impact,
                raised_on=raised,
                sla_days=sla,
                due_on=raised + datetime.timedelta(days=sla),
                status="resolved" if done else RNG.choice(["open", "in_progress", "escalated"]),
                resolution=resolution if done else "",
                resolved_on=resolved if done else None,
            )
        )
    Barrier.objects.bulk_create(barriers, batch_size=500)
    risks = []
    for _ in range(n_risks):
        innovation = RNG.choice(running)
        kind, title, cause, consequence, treatment, plan, _digital = RNG.choice(RISKS)
        identified = day(2)
        risks.append(
            Risk(
                pemda=pemda,
                agency_id=innovation.agency_id,
                innovation=innovation,
                kind=kind,
                title=title,
                cause=cause,
                consequence=consequence,
                likelihood=RNG.randint(1, 5),
                impact=RNG.randint(1, 5),
                treatment=treatment,
                treatment_plan=plan,
                identified_on=identified,
                review_on=identified + datetime.timedelta(days=RNG.randint(30, 400)),
            )
        )
    risks = Risk.objects.bulk_create(risks, batch_size=500)
    RiskReview.objects.bulk_create(
        [
            RiskReview(
                risk=risk,
                due_on=(due := day(2)),
                reviewed_on=due + datetime.timedelta(days=RNG.randint(-10, 20)),
                likelihood=risk.likelihood,
                impact=risk.impact,
            )
            for risk in risks
            for _ in range(2)
        ],
        batch_size=1000,
    )
    lines = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                pemda=pemda,
                agency_id=(innovation := RNG.choice(running)).agency_id,
                innovation=innovation,
                fiscal_year=RNG.randint(TODAY.year - 3, TODAY.year),
                source=RNG.choice(["apbd", "apbd", "dak", "csr"]),
                description="Kegiatan",
                allocated=Decimal(RNG.randint(25, 500) * 1_000_000),
                realised=Decimal(RNG.randint(0, 25) * 1_000_000),
            )
            for _ in range(n_lines)
        ],
        batch_size=1000,
    )
    Reallocation.objects.bulk_create(
        [
            Reallocation(
                pemda=pemda,
                agency_id=(line := RNG.choice(lines)).agency_id,
                from_line=line,
                to_line=RNG.choice(lines),
                amount=Decimal(1_000_000),
                reason="Pergeseran",
                status=RNG.choice(["approved", "rejected", "pending"]),
                requested_on=(asked := day(3)),
                decided_on=asked + datetime.timedelta(days=RNG.randint(1, 40)),
            )
            for _ in range(n_lines // 7)
        ]
    )
    people = Innovator.objects.bulk_create(
        [
            Innovator(pemda=pemda, agency=RNG.choice(agencies), name=f"Inovator {i}")
            for i in range(n_people)
        ]
    )
    Training.objects.bulk_create(
        [
            Training(
                innovator=RNG.choice(people), kind="bimtek", title="Bimtek", held_on=day(3), hours=8
            )
            for _ in range(n_people * 5 // 2)
        ],
        batch_size=1000,
    )
    return pemda


def timed(fn, runs: int = 5):
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries


def main() -> None:
    engine = connection.vendor
    print(f"Database: {engine}")
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if Barrier.objects.exists():
        sys.exit("The bench database already holds ecosystem data: point DATABASE_URL elsewhere.")
    start = time.perf_counter()
    big = build_pemda("99.01", "Kota Besar", "large")
    for i in range(9):
        build_pemda(f"99.{i + 2:02d}", f"Kota Kecil {i}", "small")
    built = time.perf_counter() - start
    User = get_user_model()
    admin = User.objects.create_user("bench-admin", password="x")
    Membership.objects.create(user=admin, pemda=big, role=Role.PEMDA_ADMIN)
    agency = Agency.objects.filter(pemda=big).first()
    operator = User.objects.create_user("bench-operator", password="x")
    Membership.objects.create(user=operator, pemda=big, agency=agency, role=Role.OPERATOR)
    agency_ids = list(Agency.objects.filter(pemda=big).values_list("id", flat=True))
    resolved = Barrier.objects.filter(pemda=big, status="resolved").count()
    print(
        f"Built in {built:.0f} s: {Innovation.objects.count()} innovations, "
        f"{Barrier.objects.count()} barriers ({resolved} resolved in the large city), "
        f"{Risk.objects.count()} risks, {RiskReview.objects.count()} reviews, "
        f"{BudgetLine.objects.count()} budget lines, {Innovator.objects.count()} innovators."
    )
    client = Client()
    client.force_login(admin)
    ops = Client()
    ops.force_login(operator)

    def get(c, url):
        def run():
            response = c.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    rows = [
        (
            "pemda_health (Pemda + 80 agencies, one year)",
            lambda: health.pemda_health(big.pk, TODAY.year, agency_ids),
        ),
        ("trend (4 years, Pemda)", lambda: health.trend(big.pk)),
        (
            "precedent_suggestions (same type, TF-IDF)",
            lambda: selectors.precedent_suggestions(
                user=admin, kind="it_data", text="server aplikasi sering mati tanpa cadangan"
            ),
        ),
        ("GET /ecosystem/ (health, admin)", get(client, "/ecosystem/")),
        (
            "GET /ecosystem/health/agency/<id>/",
            get(client, f"/ecosystem/health/agency/{agency.pk}/"),
        ),
        ("GET /ecosystem/barriers/ (board + queue)", get(client, "/ecosystem/barriers/")),
        ("GET /ecosystem/barriers/ (operator)", get(ops, "/ecosystem/barriers/")),
        ("GET /ecosystem/risks/ (heat map)", get(client, "/ecosystem/risks/")),
        ("GET /ecosystem/budget/", get(client, "/ecosystem/budget/")),
        ("GET /ecosystem/innovators/", get(client, "/ecosystem/innovators/")),
    ]
    print(f"\n{'operation':<48} {'median ms':>10} {'target':>8} {'queries':>8}")
    print("-" * 78)
    failures = []
    for label, fn in rows:
        fn()  # warm up
        ms, queries = timed(fn)
        print(f"{label:<48} {ms:>10.1f} {TARGET_MS:>8.0f} {queries:>8}")
        if ms > TARGET_MS:
            failures.append(f"{label}: {ms:.0f} ms > {TARGET_MS:.0f} ms")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\ncold cache, DEBUG off; load average {load} on {os.cpu_count()} cores")
    for failure in failures:
        print(f"  FAIL  {failure}")
    if not failures:
        print("  PASS  every operation within the target")


if __name__ == "__main__":
    main()
