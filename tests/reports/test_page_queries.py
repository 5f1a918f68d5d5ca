"""The pages of the benchmark table cost a fixed number of queries, whatever the size of
the Pemda: one Pemda with 10 innovations and one with 200, both with every section
populated (bench/populate.py, the data shape of `make bench-pages`), give the same count
on every page."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inovda.assessment.models import AssessmentPeriod

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def bench_data(db):
    sys.path.insert(0, str(BENCH))
    try:
        import pages
        from populate import populate_pemda
    finally:
        sys.path.remove(str(BENCH))
    call_command("load_reference", stdout=io.StringIO())
    today = timezone.localdate()
    AssessmentPeriod.objects.filter(year=2026).update(opens_on=today, closes_on=today)
    quiet = {"stdout": lambda *_: None}
    small = populate_pemda(n=10, code="99.01", **quiet)
    large = populate_pemda(n=200, code="99.02", **quiet)
    return pages, small, large


def counts(pages, pemda) -> dict[str, int]:
    admin, _governor, _national = pages.users_for(pemda)
    client = Client()
    client.force_login(admin)
    result = {}
    for name, url in pages.pages_for(pemda).items():
        client.get(url)  # first request: session and lazily loaded settings
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        result[name] = len(captured.captured_queries)
    return result


def test_query_counts_do_not_grow_with_the_pemda(bench_data, settings):
    settings.INOVDA = {**settings.INOVDA, "LAZY_CARDS": True}
    pages, small, large = bench_data
    large_counts = counts(pages, large)
    assert counts(pages, small) == large_counts
    # The innovation page's target whatever its history (long cards come by htmx).
    assert large_counts["innovation"] <= 12, large_counts
