"""What a user waits for on the pages a Pemda opens most, as the Pemda grows.

    make bench-pages                       # SQLite file under var/bench/ (built once)
    DATABASE_URL=postgres://… make bench-pages
    .venv/bin/python bench/pages.py --sizes 200,2000 --requests 20 --rebuild

Builds (once) the nation of bench/national.py (546 Pemda, 40,000 innovations) and, beside
it, one Pemda per size N (200 / 2,000 / 20,000 innovations, 45 agencies) with every section
populated (bench/populate.py: IID sheets with evidence, progress reports and KPIs,
barriers, risks and reviews, budget lines, innovators, events, lessons, revival plans and
the search index). Then, with production settings (DEBUG off), signed in as each Pemda's
admin through Django's test client, it times every page of the table: p50 / p95 of
`--requests` requests after warm-up, the number of SQL queries, and a lower bound that
does the same work — the page's own SQL replayed on a raw cursor plus the framework floor
(an empty response through the same middleware). The last columns compare each page with
its own figure at the previous size; the targets are printed and checked:

- every page p95 ≤ 150 ms at N = 2,000 and ≤ 300 ms at N = 20,000;
- the same number of queries at every size; growth 2,000 → 20,000 below 2×;
- the search page p95 ≤ 100 ms for every scope (Pemda, province, national).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DB = ROOT / "var" / "bench" / "pages.sqlite3"
SIZES = (200, 2_000, 20_000)
TARGET = {2_000: 150.0, 20_000: 300.0}
SEARCH_TARGET = 100.0
GROWTH_TARGET = 2.0


def setup_django(rebuild: bool) -> None:
    import production

    production.apply()
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
    import django

    django.setup()
    from django.conf import settings

    production.check()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def prepare(sizes, national: int):
    from django.core.management import call_command
    from django.db import connection
    from national import build
    from populate import populate_pemda

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    summary = build(innovations=national)
    pemdas = {n: populate_pemda(n=n, code=f"99.{i + 1:02d}") for i, n in enumerate(sizes)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Data: {summary.pemdas} Pemda, {summary.innovations} innovations nationally, plus "
        f"{', '.join(f'{n:,}' for n in sizes)} in the measured Pemda "
        f"({time.perf_counter() - started:.0f} s to prepare)"
    )
    return pemdas


def users_for(pemda):
    from django.contrib.auth import get_user_model

    from inovda.organizations.models import LocalGovernment, Membership, Role

    User = get_user_model()
    admin, _ = User.objects.get_or_create(username=f"bench.admin.{pemda.code}")
    Membership.objects.get_or_create(user=admin, pemda=pemda, role=Role.PEMDA_ADMIN)
    governor, _ = User.objects.get_or_create(username="bench.gubernur")
    malang = LocalGovernment.objects.get(code="35.73")
    Membership.objects.get_or_create(user=governor, pemda=malang.province, role=Role.LEADERSHIP)
    national, _ = User.objects.get_or_create(
        username="bench.nasional", defaults={"is_superuser": True}
    )
    return admin, governor, national


def pages_for(pemda) -> dict[str, str]:
    from inovda.assessment.selectors import current_period
    from inovda.ecosystem.models import Risk
    from inovda.innovations.models import Innovation

    period = current_period()
    # The innovation with the longest history: most reports, barriers, risks, lines.
    detail = (
        Innovation.objects.filter(
            pemda=pemda,
            status="implemented",
            pk__in=Risk.objects.filter(pemda=pemda).values("innovation_id"),
        )
        .order_by("id")
        .first()
    ) or Innovation.objects.filter(pemda=pemda).exclude(status="draft").order_by("id").first()
    return {
        "score page": f"/assessment/{period.year}/pemda/{pemda.pk}/",
        "dashboard": "/reports/dashboard/",
        "five factors": "/ecosystem/",
        "risk register": "/ecosystem/risks/",
        "budget": "/ecosystem/budget/",
        "barriers": "/ecosystem/barriers/",
        "innovation": f"/innovations/{detail.pk}/",
        "search": "/knowledge/?q=layanan+warga",
        "list": "/innovations/?stage=penerapan&q=layanan",
    }


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


class Recorder:
    """Records (sql, params) of every query so that the bound can replay them raw."""

    def __init__(self):
        self.calls = []

    def __call__(self, execute, sql, params, many, context):
        self.calls.append((sql, params, many))
        return execute(sql, params, many, context)


def replay(calls) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params, many in calls:
            if many or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue  # writes (session store, cache rows) would fail or repeat; reads only
            cursor.execute(sql, params)
            if cursor.description:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def measure(client, url: str, n: int) -> dict:
    from django.db import connection

    for _ in range(3):  # warm-up: templates compiled, caches filled
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    from django.core.cache import cache

    cold = []
    for _ in range(3):  # after a change: the Pemda's cached figures recomputed
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        cold.append((time.perf_counter() - started) * 1000)
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get(url)
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    sql = statistics.median(replay(recorder.calls) for _ in range(5))
    return {
        "p50": statistics.median(timings),
        "p95": pct(timings, 95),
        "cold": statistics.median(cold),
        "queries": len(recorder.calls),
        "sql": sql,
        "kb": len(response.content) / 1024,
    }


def floor(client, n: int) -> float:
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        client.get("/healthz")
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--national", type=int, default=40_000)
    parser.add_argument("--requests", type=int, default=30, help="per page and size")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty SQLite file")
    parser.add_argument("--build-only", action="store_true", help="prepare the data and stop")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    setup_django(args.rebuild)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    pemdas = prepare(sizes, args.national)
    if args.build_only:
        return
    random.seed(16)
    results: dict[str, dict[int, dict]] = {}
    base = None
    for n, pemda in pemdas.items():
        admin, governor, national = users_for(pemda)
        cache.clear()
        client = Client()
        client.force_login(admin)
        base = floor(client, args.requests) if base is None else base
        for name, url in pages_for(pemda).items():
            results.setdefault(name, {})[n] = measure(client, url, args.requests)
    search_scopes = {}
    for label, user in (("province", governor), ("national", national)):
        client = Client()
        client.force_login(user)
        search_scopes[label] = measure(client, "/knowledge/?q=layanan+warga", args.requests)

    vendor = connection.vendor
    print(f"\nDatabase: {vendor}. Pemda admin, test client, {args.requests} requests per page")
    print(
        f"{'page':<14}{'N':>7} {'p50':>7} {'p95':>7} {'target':>7} {'cold':>7} {'queries':>8} "
        f"{'bound':>7} {'×bound':>7} {'KB':>6} {'growth':>7}"
    )
    print("-" * 94)
    failures = []
    for name, by_size in results.items():
        previous = None
        for n in sizes:
            r = by_size[n]
            target = TARGET.get(n)
            if name == "search":
                target = SEARCH_TARGET
            bound = r["sql"] + base
            growth = f"{r['p95'] / previous['p95']:.2f}×" if previous else ""
            print(
                f"{name:<14}{n:>7,} {r['p50']:>5.0f}ms {r['p95']:>5.0f}ms "
                f"{(f'{target:.0f}ms' if target else '—'):>7} {r['cold']:>5.0f}ms "
                f"{r['queries']:>8} "
                f"{bound:>5.0f}ms {r['p95'] / bound:>6.1f}× {r['kb']:>6.0f} {growth:>7}"
            )
            if target and r["p95"] > target:
                failures.append(f"{name} at N = {n:,}: p95 {r['p95']:.0f} ms > {target:.0f} ms")
            previous = r
        counts = {by_size[n]["queries"] for n in sizes}
        if len(counts) > 1:
            failures.append(f"{name}: query count changes with N ({sorted(counts)})")
        if 2_000 in by_size and 20_000 in by_size:
            growth = by_size[20_000]["p95"] / by_size[2_000]["p95"]
            if growth >= GROWTH_TARGET:
                failures.append(f"{name}: grows {growth:.1f}× from 2,000 to 20,000")
    for label, r in search_scopes.items():
        bound = r["sql"] + base
        print(
            f"{'search':<14}{label:>7} {r['p50']:>5.0f}ms {r['p95']:>5.0f}ms "
            f"{SEARCH_TARGET:>5.0f}ms {r['cold']:>5.0f}ms {r['queries']:>8} {bound:>5.0f}ms "
            f"{r['p95'] / bound:>6.1f}× {r['kb']:>6.0f}"
        )
        if r["p95"] > SEARCH_TARGET:
            failures.append(f"search ({label}): p95 {r['p95']:.0f} ms > {SEARCH_TARGET:.0f} ms")
    print()
    print(
        "cold: median of 3 requests each right after the cache is emptied (the cost after a "
        "change in the Pemda); p50/p95 and the targets: a user's requests as they come.\n"
        "bound: the page's own SQL replayed on a raw cursor + the framework floor "
        f"(/healthz through every middleware: {base:.1f} ms); growth: p95 against the "
        "previous size"
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} on {os.cpu_count()} cores (shared machine)")
    for failure in failures:
        print(f"  FAIL  {failure}")
    if not failures:
        print("  PASS  every target met")


if __name__ == "__main__":
    main()
