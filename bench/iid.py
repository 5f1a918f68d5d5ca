"""IID at national scale: 546 Pemda, 40,000 innovations, 20 SID rows each (800,000 rows).

Times, beside the lower bound of each: the very SQL the selector runs (its grouped aggregate
over the kept sheet scores, the coverage and SPD queries), replayed on a raw cursor — the
work no Python layer can avoid. For information, the cost of re-adding the 800,000 rows:
  1. recomputing every Pemda's claimed and verified IID (`selectors.pemda_indexes`);
  2. one Pemda after one evidence change (`services.evidence_add` + `selectors.pemda_index`);
  3. loading one Pemda's score page (Django test client, signed in).

    make bench-iid                                   # SQLite file var/bench/iid.sqlite3
    DATABASE_URL=postgres://u:p@host/db make bench-iid   # a database of its own!
    .venv/bin/python bench/iid.py --fresh            # rebuild the data

The data are built once (bulk_create in batches, a few minutes) and reused while the
counts match; `--fresh` rebuilds them. Never point DATABASE_URL at a real database.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench" / "iid.sqlite3"

PEMDA = 546
INNOVATIONS = 40_000
SEED = 546
TARGET_ALL_SECONDS = 5.0
TARGET_ALL_RATIO = 3.0
TARGET_ONE_MS = 50.0


def setup_django() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    sys.path.insert(0, str(ROOT / "bench"))
    import production

    production.apply()
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
    import django

    django.setup()
    from django.conf import settings

    production.check()  # DEBUG off: no query log while inserting 800,000 rows
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- Data ----------------------------------------------------------------------------------


def build(period, n_pemda: int, n_innovations: int, out) -> None:
    from django.db import transaction

    from inovda.assessment import scoring
    from inovda.assessment.models import (
        Aspect,
        Entry,
        InnovationAssessment,
        PemdaAssessment,
        SheetStatus,
    )
    from inovda.assessment.services import score_update
    from inovda.innovations.models import Innovation
    from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment

    rng = random.Random(SEED)
    started = time.perf_counter()
    pemdas = list(LocalGovernment.objects.order_by("code")[:n_pemda])
    affairs = list(GovernmentAffair.objects.values_list("pk", "is_basic_service"))
    basic = [pk for pk, is_basic in affairs if is_basic]
    all_affairs = [pk for pk, _ in affairs]
    sid = list(period.indicators.filter(aspect=Aspect.SID).order_by("position"))
    spd = list(period.indicators.filter(aspect=Aspect.SPD).order_by("position"))
    with transaction.atomic():
        Agency.objects.bulk_create(
            Agency(pemda=p, name=f"Dinas {i} {p.code}", kind=Agency.Kind.DINAS)
            for p in pemdas
            for i in range(1, 9)
        )
    agencies: dict[int, list[int]] = {}
    for pk, pemda_id in Agency.objects.filter(pemda__in=pemdas).values_list("pk", "pemda_id"):
        agencies.setdefault(pemda_id, []).append(pk)
    window = (period.eligibility_start, period.eligibility_end)
    span = (window[1] - window[0]).days
    batch = 2_000
    for start in range(0, n_innovations, batch):
        size = min(batch, n_innovations - start)
        with transaction.atomic():
            innovations = []
            for i in range(start, start + size):
                pemda = pemdas[i % len(pemdas)]
                inside = rng.random() < 0.9
                innovations.append(
                    Innovation(
                        pemda=pemda,
                        agency_id=rng.choice(agencies[pemda.pk]),
                        name=f"Inovasi Nasional {i}",
                        status=Innovation.Status.IMPLEMENTED,
                        stage=Innovation.Stage.IMPLEMENTATION,
                        main_affair_id=rng.choice(basic if rng.random() < 0.4 else all_affairs),
                        design_word_count=rng.choice([280, 320, 350, 420, 510]),
                        implementation_start=window[0]
                        + datetime.timedelta(days=rng.randint(0, span))
                        if inside
                        else datetime.date(2021, 5, 1),
                        year=2024,
                    )
                )
            Innovation.objects.bulk_create(innovations)
            through = Innovation.other_affairs.through
            through.objects.bulk_create(
                through(innovation_id=inn.pk, governmentaffair_id=rng.choice(basic))
                for inn in innovations
                if rng.random() < 0.3
            )
            sheets = [
                InnovationAssessment(
                    period=period,
                    innovation=inn,
                    pemda_id=inn.pemda_id,
                    status=rng.choice(list(SheetStatus.values)),
                )
                for inn in innovations
            ]
            InnovationAssessment.objects.bulk_create(sheets)
            entries = []
            for sheet in sheets:
                rows = []
                for indicator in sid:
                    level = rng.choices((0, 1, 2, 3), weights=(1, 2, 4, 5))[0]
                    if indicator.mandatory and rng.random() < 0.97:
                        level = max(level, 1)
                    evidence = int(level > 0 and rng.random() < 0.9)
                    review = (
                        Entry.Review.ACCEPTED
                        if evidence and rng.random() < 0.7
                        else rng.choice([Entry.Review.WAITING, Entry.Review.REJECTED])
                    )
                    entry = Entry(
                        indicator=indicator,
                        innovation_assessment=sheet,
                        level=level,
                        evidence_count=evidence,
                        review=review,
                    )
                    entries.append(entry)
                    rows.append(entry.scoring_row())
                score_update(sheet, scoring.sheet_score(rows))
            Entry.objects.bulk_create(entries, batch_size=5_000)
            InnovationAssessment.objects.bulk_update(
                sheets, InnovationAssessment.SCORE_FIELDS, batch_size=1_000
            )
        out(
            f"  {start + size:>6} innovations, {(start + size) * len(sid):>7} rows "
            f"({time.perf_counter() - started:.0f} s)"
        )
    with transaction.atomic():
        spd_sheets = PemdaAssessment.objects.bulk_create(
            PemdaAssessment(period=period, pemda=p, status=SheetStatus.SUBMITTED) for p in pemdas
        )
        entries = []
        for sheet in spd_sheets:
            rows = []
            for indicator in spd:
                level = rng.randint(0, 3)
                entry = Entry(
                    indicator=indicator,
                    pemda_assessment=sheet,
                    level=level,
                    evidence_count=int(level > 0),
                    review=Entry.Review.ACCEPTED if rng.random() < 0.7 else Entry.Review.WAITING,
                )
                entries.append(entry)
                rows.append(entry.scoring_row())
            score_update(sheet, scoring.sheet_score(rows))
        Entry.objects.bulk_create(entries, batch_size=5_000)
        PemdaAssessment.objects.bulk_update(spd_sheets, PemdaAssessment.SCORE_FIELDS)
    out(f"  built in {time.perf_counter() - started:.0f} s")


# --- Raw-SQL lower bounds --------------------------------------------------------------------

RAW_ROWS = """
SELECT s.pemda_id,
       SUM(i.weight * e.level),
       SUM(CASE WHEN e.review = 'accepted' THEN i.weight * e.level ELSE 0 END),
       COUNT(DISTINCT s.id)
  FROM assessment_entry e
  JOIN assessment_indicator i ON i.id = e.indicator_id
  JOIN assessment_innovationassessment s ON s.id = e.innovation_assessment_id
 WHERE s.period_id = %s {where}
 GROUP BY s.pemda_id
"""


def raw(sql: str, params: list, where: str = ""):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql.format(where=where), params)
            return cursor.fetchall()

    return run


def own_sql(fn):
    """A function replaying, on a raw cursor, every statement `fn()` sends to the database."""
    from django.db import connection

    calls = []

    def record(execute, sql, params, many, context):
        calls.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        fn()

    def run():
        with connection.cursor() as cursor:
            for sql, params in calls:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the data")
    parser.add_argument("--pemda", type=int, default=PEMDA)
    parser.add_argument("--innovations", type=int, default=INNOVATIONS)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    setup_django()

    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from inovda.assessment import reference, selectors, services
    from inovda.assessment.models import AssessmentPeriod, Entry, InnovationAssessment

    out = print
    engine = connection.vendor
    out(f"IID benchmark on {engine} ({connection.settings_dict['NAME']})")
    if options.fresh and engine == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{connection.settings_dict['NAME']}{suffix}").unlink(missing_ok=True)
    elif options.fresh:
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    if not AssessmentPeriod.objects.filter(year=2026).exists():
        call_command("load_reference", stdout=io.StringIO())
    reference.load(io.StringIO())
    period = AssessmentPeriod.objects.get(year=2026)
    today = timezone.localdate()
    period.opens_on, period.closes_on = today, today  # open, so a row can change
    period.save()
    expected = options.innovations
    have = InnovationAssessment.objects.filter(period=period).count()
    if have != expected:
        if have:
            raise SystemExit(f"{have} sheets in this database, {expected} wanted: use --fresh")
        out(f"Building {options.pemda} Pemda, {expected} innovations, {expected * 20} rows…")
        build(period, options.pemda, expected, out)
    n_rows = Entry.objects.filter(innovation_assessment__period=period).count()
    n_pemda = InnovationAssessment.objects.values("pemda_id").distinct().count()
    out(f"Data: {n_pemda} Pemda, {have or expected} innovations, {n_rows} SID rows.\n")
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    root, _ = get_user_model().objects.get_or_create(
        username="bench-root", defaults={"is_superuser": True, "is_staff": True}
    )
    sample = (
        InnovationAssessment.objects.filter(period=period)
        .values("pemda_id")
        .order_by("pemda_id")
        .first()["pemda_id"]
    )
    one = InnovationAssessment.objects.filter(period=period, pemda_id=sample)
    sheet = one.filter(status__in=["draft", "needs_revision"]).first()
    row = sheet.rows.select_related("indicator").get(indicator__number=25)
    repeat = options.repeat
    results = []

    # 1. Every Pemda.
    all_time, indexes = timed(lambda: selectors.pemda_indexes(period), repeat)
    bound_all, _ = timed(own_sql(lambda: selectors.pemda_indexes(period)), repeat)
    bound_rows, _ = timed(raw(RAW_ROWS, [period.pk]), repeat)
    results.append(("every Pemda, claimed + verified IID", all_time, bound_all, bound_rows))

    # 2. One Pemda after one evidence change.
    counter = iter(range(10**6))

    def change_and_recompute():
        services.evidence_add(
            actor=root, entry=row, url=f"https://bukti.example/{next(counter)}.pdf"
        )
        return selectors.pemda_index(period, sample)

    one_time, index = timed(change_and_recompute, repeat * 4)
    where = "AND s.pemda_id = %s"
    bound_one, _ = timed(own_sql(lambda: selectors.pemda_index(period, sample)), repeat * 4)
    bound_one_rows, _ = timed(raw(RAW_ROWS, [period.pk, sample], where), repeat * 4)
    results.append(("one Pemda after one evidence change", one_time, bound_one, bound_one_rows))

    # 3. The Pemda score page.
    client = Client()
    client.force_login(root)
    url = reverse("assessment:pemda", args=[period.year, sample])

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    page_time, _ = timed(page, repeat)
    bound_page, _ = timed(own_sql(page), repeat)
    results.append(("Pemda score page (signed in)", page_time, bound_page, bound_one_rows))

    out(f"{'operation':<40}{'time':>10}{'own SQL':>12}{'ratio':>8}{'rows re-added':>14}")
    out(f"{'':<40}{'':>10}{'(replayed)':>12}{'':>8}{'(800k / Pemda)':>14}")
    for name, took, bound, rows_bound in results:
        out(
            f"{name:<40}{took * 1000:>8.1f}ms{bound * 1000:>10.1f}ms"
            f"{took / bound:>7.1f}×{rows_bound * 1000:>12.1f}ms"
        )
    out("")
    out(
        f"Pemda with an index: {len(indexes)}. Sample Pemda #{sample} ({one.count()} "
        f"innovations, {index.claimed.given.n} eligible): claimed IID "
        f"{index.claimed.iid.shown} ({index.claimed.predicate}), verified "
        f"{index.verified.iid.shown} ({index.verified.predicate})."
    )
    checks = [
        (f"every Pemda ≤ {TARGET_ALL_SECONDS:.0f} s", all_time <= TARGET_ALL_SECONDS),
        (
            f"every Pemda within {TARGET_ALL_RATIO:.0f}× of its own SQL (the kept-scores "
            "aggregate it runs)",
            all_time <= TARGET_ALL_RATIO * bound_all,
        ),
        (f"one Pemda after a change ≤ {TARGET_ONE_MS:.0f} ms", one_time * 1000 <= TARGET_ONE_MS),
    ]
    for label, ok in checks:
        out(f"  {'PASS' if ok else 'FAIL'}  {label}")


if __name__ == "__main__":
    main()
