"""Locust users for bench/soak.py: the demo cast reading the main pages of the demo city.

Sessions are made by bench/soak.py (no login form), passed in the environment; only ever
targets the gunicorn that bench/soak.py started on 127.0.0.1.
"""

import itertools
import os
import random

from locust import HttpUser, between, task

SESSIONS = itertools.cycle(os.environ["SOAK_SESSIONS"].split(","))
IDS = [int(i) for i in os.environ["SOAK_IDS"].split(",")]
WORDS = ["layanan", "kesehatan", "digital", "sampah", "antrean", "posyandu", "pajak"]


class Reader(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        if not self.host.startswith(("http://127.0.0.1", "http://localhost")):
            raise SystemExit("bench/locust_soak.py only targets 127.0.0.1")
        self.client.cookies.set("sessionid", next(SESSIONS))

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def innovation_list(self):
        self.client.get("/innovations/?q=" + random.choice(WORDS), name="innovation list")

    @task(6)
    def innovation_detail(self):
        self.client.get(f"/innovations/{random.choice(IDS)}/", name="innovation detail")

    @task(2)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="leadership dashboard")

    @task(2)
    def search(self):
        self.client.get("/knowledge/?q=" + random.choice(WORDS), name="search")

    @task(1)
    def assessment(self):
        self.client.get("/assessment/", name="IID")

    @task(1)
    def ecosystem(self):
        self.client.get("/ecosystem/", name="five factors")

    @task(1)
    def budget(self):
        self.client.get("/ecosystem/budget/", name="budget")
