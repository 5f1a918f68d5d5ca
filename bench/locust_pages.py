"""Locust user for bench/scale_out.py: only ever targets the gunicorns it started on 127.0.0.1.

Sessions are made by bench/pages.py (no login form, no CSRF), passed in the environment.
"""

import os
import random

from locust import HttpUser, between, task

IDS = [int(i) for i in os.environ.get("BENCH_IDS", "").split(",") if i]


class Leader(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        if not self.host.startswith(("http://127.0.0.1", "http://localhost")):
            raise SystemExit("bench/locust_pages.py only targets 127.0.0.1")
        self.leader = {"Cookie": f"sessionid={os.environ['BENCH_SESSION']}"}
        self.governor = {"Cookie": f"sessionid={os.environ['BENCH_PROVINCE_SESSION']}"}

    @task(2)
    def dashboard(self):
        self.client.get("/reports/dashboard/", headers=self.leader, name="dashboard")

    @task(3)
    def innovation_list(self):
        self.client.get(os.environ["BENCH_LIST"], headers=self.leader, name="list")

    @task(3)
    def detail(self):
        url = f"/innovations/{random.choice(IDS)}/"
        self.client.get(url, headers=self.leader, name="detail")

    @task(1)
    def province(self):
        if os.environ.get("BENCH_NO_PROVINCE"):  # bench/scale_out.py: one Pemda admin
            return
        self.client.get("/reports/dashboard/province/", headers=self.governor, name="province")
