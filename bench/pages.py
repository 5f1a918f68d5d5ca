"""Server time of the pages leaders and operators open most, on national-scale data.

    make bench-pages                       # SQLite file under var/bench/ (built once)
    DATABASE_URL=postgres://… make bench-pages
    .venv/bin/python bench/pages.py --requests 60 --locust-seconds 30 --rebuild

Builds (once) 546 Pemda with their agencies and 40,000 innovations (bench/national.py),
then measures p50 and p95 of: the leadership dashboard of the largest Pemda, the filtered
innovation list, one innovation's page (and the province view, for information):
1. through Django's test client (server time only, in this process);
2. through gunicorn (2 workers) on 127.0.0.1 with locust, bounded in time.
Targets on a 2-core machine: dashboard p95 ≤ 300 ms, list and detail p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DB = ROOT / "var" / "bench" / "pages.sqlite3"
TARGETS = {"dashboard": 300, "list": 150, "detail": 150}

# Production-like settings: no DEBUG (no query log), plain static files, plain HTTP.
ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
    "AXES_ENABLED": "0",
    "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files here
}


def setup_django(rebuild: bool) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.update(ENV)
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        if rebuild and DEFAULT_DB.exists():
            DEFAULT_DB.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare(innovations: int):
    from django.core.management import call_command
    from national import build

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    summary = build(innovations=innovations)
    print(
        f"Data: {summary.pemdas} Pemda, {summary.agencies} agencies, "
        f"{summary.innovations} innovations ({time.perf_counter() - started:.0f} s to prepare)"
    )
    return summary


def bench_users(pemda_id: int):
    from django.contrib.auth import get_user_model

    from inovda.organizations.models import LocalGovernment, Membership, Role

    User = get_user_model()
    pemda = LocalGovernment.objects.get(pk=pemda_id)
    leader, _ = User.objects.get_or_create(username="bench.pimpinan")
    Membership.objects.filter(user=leader).exclude(pemda=pemda).delete()
    Membership.objects.get_or_create(user=leader, pemda=pemda, role=Role.LEADERSHIP)
    governor, _ = User.objects.get_or_create(username="bench.gubernur")
    Membership.objects.get_or_create(user=governor, pemda=pemda.province, role=Role.LEADERSHIP)
    return leader, governor, pemda


def urls(pemda) -> dict[str, str]:
    from inovda.innovations.models import Innovation

    ids = list(
        Innovation.objects.filter(pemda=pemda).exclude(status="draft").values_list("id", flat=True)
    )
    return {
        "dashboard": "/reports/dashboard/",
        "list": "/innovations/?stage=penerapan&form=pelayanan_publik&q=layanan",
        "detail": "/innovations/{id}/",
        "province": "/reports/dashboard/province/",
        "_ids": ids,
    }


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def with_test_client(leader, governor, pages, n: int) -> dict[str, tuple[float, float]]:
    from django.test import Client

    rng = random.Random(1)
    results = {}
    for name in ("dashboard", "list", "detail", "province"):
        client = Client()
        client.force_login(governor if name == "province" else leader)
        timings, cpu = [], []
        for i in range(n + 5):
            url = pages[name].format(id=rng.choice(pages["_ids"]))
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            used = (time.thread_time() - started_cpu) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if i >= 5:  # the first requests warm caches
                timings.append(elapsed)
                cpu.append(used)
        results[name] = (statistics.median(timings), pct(timings, 95), pct(cpu, 50), pct(cpu, 95))
    return results


def session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def warm_up(port: int, pages, leader_session: str, governor_session: str) -> None:
    """A few requests per page first, so each worker has compiled its templates."""
    from urllib.request import Request, urlopen

    for name in ("dashboard", "list", "detail", "province"):
        session = governor_session if name == "province" else leader_session
        for i in range(6):
            url = pages[name].format(id=pages["_ids"][i % len(pages["_ids"])])
            request = Request(
                f"http://127.0.0.1:{port}{url}", headers={"Cookie": f"sessionid={session}"}
            )
            with urlopen(request, timeout=30) as response:
                assert response.status == 200, (url, response.status)


def with_locust(
    leader, governor, pages, seconds: int, users: int
) -> dict[str, tuple[float, float]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    venv_bin = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(venv_bin / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        warm_up(port, pages, session_cookie(leader), session_cookie(governor))
        log = ROOT / "var" / "bench" / "locust.log"
        with tempfile.TemporaryDirectory() as out, log.open("w") as log_file:
            locust_env = {
                **env,
                "BENCH_SESSION": session_cookie(leader),
                "BENCH_PROVINCE_SESSION": session_cookie(governor),
                "BENCH_IDS": ",".join(str(i) for i in pages["_ids"]),
                "BENCH_LIST": pages["list"],
            }
            subprocess.run(
                [
                    str(venv_bin / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locust_pages.py"),
                    "--headless",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "-u",
                    str(users),
                    "-r",
                    str(users),
                    "-t",
                    f"{seconds}s",
                    "--csv",
                    f"{out}/pages",
                    "--only-summary",
                    "--stop-timeout",
                    "5",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=locust_env,
                check=False,
                timeout=seconds + 60,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            with open(f"{out}/pages_stats.csv", newline="") as handle:
                rows = {row["Name"]: row for row in csv.DictReader(handle)}
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {
        name: (float(rows[name]["50%"]), float(rows[name]["95%"]))
        for name in ("dashboard", "list", "detail", "province")
        if name in rows
    } | {"_requests": {n: rows[n]["Request Count"] for n in rows}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--innovations", type=int, default=40_000)
    parser.add_argument("--requests", type=int, default=60, help="per page, test client")
    parser.add_argument("--locust-seconds", type=int, default=30)
    parser.add_argument("--locust-users", type=int, default=2, help="one per gunicorn worker")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty SQLite file")
    args = parser.parse_args()
    setup_django(args.rebuild)
    from django.db import connection

    summary = prepare(args.innovations)
    leader, governor, pemda = bench_users(summary.largest_pemda_id)
    pages = urls(pemda)
    print(
        f"Pemda measured: {pemda.name} ({summary.by_pemda[pemda.pk]} innovations); "
        f"province {pemda.province} ({pemda.province.members.count()} kabupaten/kota); "
        f"database: {connection.vendor}"
    )
    client = with_test_client(leader, governor, pages, args.requests)
    served = with_locust(leader, governor, pages, args.locust_seconds, args.locust_users)
    print()
    print(
        f"{'page':<10} {'target p95':>10} | {'client p50':>10} {'client p95':>10} "
        f"{'cpu p50':>8} {'cpu p95':>8} | {'gunicorn p50':>12} {'gunicorn p95':>12}"
    )
    print("-" * 94)
    for name in ("dashboard", "list", "detail", "province"):
        target = f"{TARGETS[name]} ms" if name in TARGETS else "—"
        c50, c95, u50, u95 = client[name]
        g50, g95 = served.get(name, (float("nan"), float("nan")))
        print(
            f"{name:<10} {target:>10} | {c50:>8.0f}ms {c95:>8.0f}ms {u50:>6.0f}ms {u95:>6.0f}ms"
            f" | {g50:>10.0f}ms {g95:>10.0f}ms"
        )
    print()
    print(f"test client: {args.requests} requests per page after 5 warm-up requests, one at a time")
    print("cpu: this process's CPU time per request (includes SQLite, not a PostgreSQL server)")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} on {os.cpu_count()} cores (other work shares them)")
    print("gunicorn: 6 warm-up requests per page before locust starts (locust log: var/bench/)")
    print(
        f"gunicorn: 2 sync workers, locust {args.locust_users} users for {args.locust_seconds} s "
        f"on 127.0.0.1; requests per page: {served['_requests']}"
    )


if __name__ == "__main__":
    main()
