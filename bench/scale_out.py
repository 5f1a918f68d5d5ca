"""Scale-out test on one machine: PostgreSQL + Redis + two app servers + two workers.

    DATABASE_URL=postgres://inovda:inovda@127.0.0.1:5432/inovda_bench make scale-test

Starts, all on 127.0.0.1: Debian's `redis-server` (cache and sessions), two gunicorn app
servers on different ports sharing the database, Redis and the upload folder, and two
`db_worker`s. Then, over the national data set of bench/national.py (built if missing):

1. signs in through server A's login form and uses that session on server B;
2. uploads a file through A and downloads it through B (same bytes);
3. enqueues tasks (an empty e-mail batch each) and checks that both workers take some;
4. starts an import of --import-rows innovations, kills (SIGKILL) the worker running it once
   it has committed a batch, and checks that the other worker reclaims the task (after
   INOVDA_TASK_STALE_SECONDS, --stale-seconds here) and finishes the import, every row
   written once;
5. runs locust, bounded in time, against both servers at once and prints p50/p95 per page
   and server.

Everything started here is stopped at the end. Never point DATABASE_URL at real data.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPRedirectHandler, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
BIN = Path(sys.executable).parent
PORTS = {"redis": 28106, "A": 8106, "B": 18106}  # this helper's ports (81NN, +10000s)
PASSWORD = "scale-test-password-1"


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"nothing answers on 127.0.0.1:{port}")


class Stack:
    """The processes of the test; stopped (by their own ids) whatever happens."""

    def __init__(self, env: dict, log_dir: Path):
        self.env, self.log_dir, self.procs = env, log_dir, {}

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def prepare(innovations: int):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from national import build

    from inovda.innovations.models import Innovation
    from inovda.organizations.models import LocalGovernment, Membership, Role

    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    summary = build(innovations=innovations)
    pemda = LocalGovernment.objects.get(pk=summary.largest_pemda_id)
    user, _ = get_user_model().objects.get_or_create(username="scale.admin")
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.get_or_create(user=user, pemda=pemda, role=Role.PEMDA_ADMIN)
    ids = list(
        Innovation.objects.filter(pemda=pemda).exclude(status="draft").values_list("id", flat=True)
    )
    return summary, pemda, ids


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def call(port: int, path: str, cookies: dict, data: bytes | None = None, headers=None):
    """One request as nginx would pass it (X-Forwarded-Proto: https, so secure cookies
    apply); cookies set by the response are kept in `cookies`."""
    base = f"http://127.0.0.1:{port}"
    sent = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-Forwarded-Proto": "https",
        "Referer": f"https://127.0.0.1:{port}/",
        **(headers or {}),
    }
    request = Request(f"{base}{path}", data=data, headers=sent)
    try:
        response = build_opener(NoRedirect).open(request, timeout=120)
    except HTTPError as error:  # a redirect (or an error page) is an answer too
        response = error
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return response.status, response.read()


def sign_in(port: int) -> dict:
    """Sign in through the login form of the server on `port`; the session's cookies."""
    cookies: dict = {}
    _status, page = call(port, "/login/", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    data = urlencode(
        {"username": "scale.admin", "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    call(port, "/login/", cookies, data)
    return cookies


def get(port: int, path: str, cookies: dict) -> tuple[int, bytes]:
    return call(port, path, dict(cookies))


def upload(port: int, innovation_id: int, cookies: dict, content: bytes) -> int:
    boundary = "----inovda-scale-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{cookies['csrftoken']}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="description"\r\n\r\nscale test\r\n--{boundary}\r\nContent-Disposition: '
            f'form-data; name="file"; filename="scale-test.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, _ = call(
        port,
        f"/innovations/{innovation_id}/attachments/",
        dict(cookies),
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    return status


def locust(host: str, cookies: dict, ids: list[int], seconds: int, out: Path, tag: str):
    env = {
        **os.environ,
        "BENCH_SESSION": cookies["sessionid"],
        "BENCH_PROVINCE_SESSION": cookies["sessionid"],
        "BENCH_IDS": ",".join(map(str, ids[:500])),
        "BENCH_LIST": "/innovations/?stage=penerapan&q=layanan",
        "BENCH_NO_PROVINCE": "1",
    }
    return subprocess.Popen(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locust_pages.py"),
            "--headless",
            "--host",
            host,
            "-u",
            "2",
            "-r",
            "2",
            "-t",
            f"{seconds}s",
            "--csv",
            str(out / tag),
            "--only-summary",
            "--stop-timeout",
            "5",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def import_rows_csv(tag: str, n: int, agencies: list[str]) -> bytes:
    """`n` valid innovation rows whose names carry `tag` (so each run counts its own)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["No", "Nama Inovasi", "Perangkat Daerah", "Urusan", "Tahapan", "Tahun"])
    for i in range(1, n + 1):
        stage = ("Uji Coba", "Penerapan", "Inisiatif")[i % 3]
        name = f"Uji skala {tag} {i:05d}"
        writer.writerow([i, name, agencies[i % len(agencies)], "1.02", stage, 2015 + i % 10])
    return out.getvalue().encode()


def killed_mid_import(stack: Stack, pemda, rows: int, wait: float) -> tuple[bool, str]:
    """Start an import, SIGKILL the worker running it after its first committed batch, and
    wait for the other worker to finish it; (passed, detail)."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.models import DBTaskResult

    from inovda.innovations.models import Innovation
    from inovda.organizations.models import Agency
    from inovda.reports import conf, services
    from inovda.reports.models import ImportJob, ImportKind

    tag = time.strftime("%H%M%S")
    agencies = list(Agency.objects.filter(pemda=pemda).values_list("name", flat=True)[:8])
    upload = SimpleUploadedFile(
        "skala.csv", import_rows_csv(tag, rows, agencies), content_type="text/csv"
    )
    actor = get_user_model().objects.get(username="scale.admin")
    job = services.import_job_create(
        actor=actor, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    job = services.import_job_start(actor=actor, job=job)  # enqueued when it commits
    deadline = time.time() + wait
    while time.time() < deadline:
        job.refresh_from_db()
        if job.status != ImportJob.Status.QUEUED and (
            job.last_batch >= 1 or job.status != ImportJob.Status.RUNNING
        ):
            break
        time.sleep(0.05)
    if job.status != ImportJob.Status.RUNNING:
        return False, f"the import was {job.status} before a worker could be killed"
    victim, batches = job.worker_id, job.last_batch
    stack.procs[f"worker-{victim.removeprefix('scale-')}"].send_signal(signal.SIGKILL)
    killed_at = time.time()
    while time.time() < deadline:
        job.refresh_from_db()
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            break
        time.sleep(0.5)
    seconds = time.time() - killed_at
    names = Innovation.objects.filter(pemda=pemda, name__startswith=f"Uji skala {tag} ")
    written = names.count()
    distinct = names.values("name").distinct().count()
    task = DBTaskResult.objects.filter(task_path=services.run_import.module_path).latest(
        "enqueued_at"
    )
    passed = (
        job.status == ImportJob.Status.DONE
        and job.worker_id not in ("", victim)
        and written == distinct == rows == job.created_count
        and task.status == "SUCCESSFUL"
        and task.worker_ids == [victim, job.worker_id]
    )
    size = conf.get("IMPORT_BATCH_SIZE")
    once = "once each" if written == distinct else f"but only {distinct} distinct names"
    return passed, (
        f"{rows} rows; {victim} killed after batch {batches} of {-(-rows // size)}; "
        f"{job.worker_id or '?'} resumed at row {batches * size + 1}, import {job.status} "
        f"{seconds:.0f} s after the kill; {written} rows written {once}; "
        f"task {task.status} by {task.worker_ids}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--innovations", type=int, default=40_000)
    parser.add_argument("--locust-seconds", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=4000)
    parser.add_argument(
        "--stale-seconds",
        type=int,
        default=10,
        help="INOVDA_TASK_STALE_SECONDS of the workers (heartbeat every second)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of its own.")
    import production

    production.apply()
    media = Path(tempfile.mkdtemp(prefix="inovda-scale-media-"))
    logs = ROOT / "var" / "bench" / "scale"
    logs.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
            "MEDIA_ROOT": str(media),
            "DB_CONN_MAX_AGE": "60",
            # Admins sign in without enrolling a second factor (as bench/production.py).
            "INOVDA_REQUIRE_2FA": "0",
            "INOVDA_TASK_HEARTBEAT_SECONDS": "1",
            "INOVDA_TASK_STALE_SECONDS": str(args.stale_seconds),
        }
    )
    summary, pemda, ids = prepare(args.innovations)
    print(f"Data: {summary.pemdas} Pemda, {summary.innovations} innovations; {pemda.name}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    stack = Stack(env, logs)
    results = []
    try:
        stack.start(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(PORTS["redis"]),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        wait_for(PORTS["redis"])
        for name in ("A", "B"):
            stack.start(
                f"web-{name}",
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{PORTS[name]}",
                    "--workers",
                    "2",
                    "--log-level",
                    "warning",
                ],
            )
        for i in (1, 2):
            stack.start(
                f"worker-{i}",
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--worker-id",
                    f"scale-{i}",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                ],
            )
        for name in ("A", "B"):  # workers booted and answering (slow on a busy machine)
            wait_for(PORTS[name], 180)
            call(PORTS[name], "/healthz", {})

        # 1. One session, two servers.
        cookies = sign_in(PORTS["A"])
        status, _ = get(PORTS["B"], "/reports/dashboard/", cookies)
        results.append(("session made on A used on B", status == 200, f"HTTP {status}"))

        # 2. A file through A, back through B.
        from inovda.innovations.models import Attachment

        content = b"%PDF-1.4 scale-out test " + os.urandom(2048).hex().encode()
        before = Attachment.objects.count()
        upload(PORTS["A"], ids[0], cookies, content)
        attachment = Attachment.objects.filter(innovation_id=ids[0]).order_by("-id").first()
        same = False
        if attachment and Attachment.objects.count() > before:
            status, body = get(PORTS["B"], f"/innovations/attachments/{attachment.pk}/", cookies)
            same = status == 200 and body == content
        results.append(("file uploaded on A, downloaded on B", same, f"{len(content)} bytes"))

        # 3. Tasks shared by the two workers.
        from django_tasks_db.models import DBTaskResult

        from inovda.core.tasks import send_notification_emails

        started = time.time()
        enqueued = [send_notification_emails.enqueue([]) for _ in range(args.tasks)]
        ids_done = {r.id for r in enqueued}
        while time.time() - started < 120:
            done = DBTaskResult.objects.filter(id__in=ids_done, status="SUCCESSFUL")
            if done.count() == len(ids_done):
                break
            time.sleep(0.5)
        workers = {}
        for row in DBTaskResult.objects.filter(id__in=ids_done).values_list("worker_ids"):
            for worker in row[0]:
                workers[worker] = workers.get(worker, 0) + 1
        finished = DBTaskResult.objects.filter(id__in=ids_done, status="SUCCESSFUL").count()
        results.append(
            (
                f"{args.tasks} tasks done by both workers",
                finished == args.tasks and len(workers) == 2,
                f"{finished} done; per worker {workers}",
            )
        )

        # 4. A worker killed in the middle of an import; the other one finishes it.
        passed, detail = killed_mid_import(stack, pemda, args.import_rows, 600)
        results.append(("worker killed mid-import, finished by the other", passed, detail))

        # 5. Load through both servers at once.
        with tempfile.TemporaryDirectory() as out:
            runs = [
                locust(
                    f"http://127.0.0.1:{PORTS[n]}", cookies, ids, args.locust_seconds, Path(out), n
                )
                for n in ("A", "B")
            ]
            for run in runs:
                run.wait(timeout=args.locust_seconds + 90)
            stats = {}
            for n in ("A", "B"):
                with open(f"{out}/{n}_stats.csv", newline="") as handle:
                    stats[n] = {row["Name"]: row for row in csv.DictReader(handle)}
    finally:
        stack.stop()
    print()
    for label, ok, detail in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {label} ({detail})")
    print(f"\nlocust: 2 users per server for {args.locust_seconds} s, both servers at once")
    print(f"{'page':<12}{'server':>7}{'requests':>10}{'failures':>10}{'p50':>8}{'p95':>8}")
    for n in ("A", "B"):
        for name, row in stats[n].items():
            if name == "Aggregated":
                continue
            print(
                f"{name:<12}{n:>7}{row['Request Count']:>10}{row['Failure Count']:>10}"
                f"{row['50%']:>6}ms{row['95%']:>6}ms"
            )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} on {os.cpu_count()} cores; logs in var/bench/scale/")


if __name__ == "__main__":
    main()
