"""A bounded soak run: gunicorn on 127.0.0.1 under locust for 10 minutes, demo data.

    make soak                                   # 600 s, 8 users, SQLite under var/soak/
    .venv/bin/python bench/soak.py --seconds 120 --users 4
    DATABASE_URL=postgres://… make soak

Builds (once) the demo city (migrate, load_reference, seed_demo), starts gunicorn (2 sync
workers, production settings), warms every page up, then lets locust's users (the demo cast:
Pemda admin, leadership, verifier, innovation unit) read the main pages. Prints requests,
errors (must be 0), p50/p95 per page, the server's memory (RSS of gunicorn's processes)
sampled every 30 s from start to end, and the load average (the machine may be shared).
Exits non-zero on any error.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from production import ENV, free_port, session_cookie  # noqa: E402

DEFAULT_DB = ROOT / "var" / "soak" / "soak.sqlite3"
# Pemda-wide roles: every page below answers 200 to each of them.
CAST = ["admin", "pimpinan", "verifikator", "unit"]


def setup_django() -> None:
    os.environ.update(ENV)
    # Sessions are made here without a sign-in; the admin's second factor is not measured.
    os.environ["INOVDA_REQUIRE_2FA"] = "0"
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare() -> tuple[list[str], list[int]]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from inovda.innovations.models import Innovation

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    if not get_user_model().objects.filter(username="admin").exists():
        call_command("seed_demo", stdout=quiet)
    users = get_user_model().objects.filter(username__in=CAST)
    sessions = [session_cookie(user) for user in sorted(users, key=lambda u: u.username)]
    ids = list(Innovation.objects.exclude(status="draft").values_list("id", flat=True)[:200])
    return sessions, ids


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (gunicorn's master and workers)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def warm_up(port: int, sessions: list[str], ids: list[int]) -> None:
    pages = [
        "/",
        "/innovations/?q=layanan",
        f"/innovations/{ids[0]}/",
        "/reports/dashboard/",
        "/knowledge/?q=layanan",
        "/assessment/",
        "/ecosystem/",
        "/ecosystem/budget/",
    ]
    for session in sessions:
        for url in pages:
            request = Request(
                f"http://127.0.0.1:{port}{url}", headers={"Cookie": f"sessionid={session}"}
            )
            try:
                urlopen(request, timeout=60).close()
            except OSError as error:
                raise SystemExit(f"warm-up: {url} answered {error}") from error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--users", type=int, default=8)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    sessions, ids = prepare()
    vendor = connection.vendor
    connection.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    venv_bin = Path(sys.executable).parent
    server = subprocess.Popen(
        [str(venv_bin / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    memory, loads = [], []
    try:
        for _ in range(100):
            try:
                urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        warm_up(port, sessions, ids)
        memory.append(rss_kb(server.pid))
        loads.append(os.getloadavg()[0])
        out = Path(tempfile.mkdtemp(prefix="soak-"))
        locust = subprocess.Popen(
            [str(venv_bin / "locust"), "-f", str(ROOT / "bench" / "locust_soak.py")]
            + ["--headless", "--host", f"http://127.0.0.1:{port}"]
            + ["-u", str(args.users), "-r", "2", "-t", f"{args.seconds}s"]
            + ["--csv", str(out / "soak"), "--only-summary", "--stop-timeout", "10"]
            + ["--loglevel", "WARNING"],
            cwd=ROOT,
            env={**env, "SOAK_SESSIONS": ",".join(sessions), "SOAK_IDS": ",".join(map(str, ids))},
            stdout=open(out / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        started = time.monotonic()
        while locust.poll() is None:
            time.sleep(1)
            if time.monotonic() - started >= 30 * len(memory):
                memory.append(rss_kb(server.pid))
                loads.append(os.getloadavg()[0])
            if time.monotonic() - started > args.seconds + 120:
                locust.kill()
        memory.append(rss_kb(server.pid))
        loads.append(os.getloadavg()[0])
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(out / "soak_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\nSoak: {args.seconds} s, {args.users} users, gunicorn 2 workers, {vendor}")
    print(f"{'page':<22} {'requests':>9} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7}")
    print("-" * 56)
    errors = 0
    for row in rows:
        errors += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
        print(
            f"{row['Name']:<22} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['50%']:>7} {row['95%']:>7}"
        )
    mb = [m / 1024 for m in memory]
    print(
        f"\ngunicorn RSS (master + 2 workers): start {mb[0]:.0f} MB, end {mb[-1]:.0f} MB, "
        f"min {min(mb):.0f} / max {max(mb):.0f} MB over {len(mb)} samples"
    )
    print(
        f"load average (1 min): start {loads[0]:.1f}, mean {sum(loads) / len(loads):.1f}, "
        f"max {max(loads):.1f}, end {loads[-1]:.1f} on {os.cpu_count()} cores (shared machine)"
    )
    print(f"locust log and CSV: {out}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
