"""The demo city shows a believable mix of health among implemented innovations."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from inovda.innovations.models import Innovation, ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)


def test_health_mix(demo):
    running = Innovation.objects.filter(status__in=["implemented", "discontinued"])
    mix = Counter(running.values_list("health", flat=True))
    total = sum(mix.values())
    assert 0.55 <= mix["growing"] / total <= 0.65
    assert 0.20 <= mix["stagnant"] / total <= 0.30
    assert 0.10 <= mix["discontinued"] / total <= 0.20
    assert len(set(running.values_list("health_rule", flat=True))) >= 6


def test_reports_since_2019_and_idempotent(demo):
    years = {d.year for d in ProgressReport.objects.values_list("period_end", flat=True)}
    assert min(years) <= 2019 + 1 and max(years) >= 2025
    before = ProgressReport.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert ProgressReport.objects.count() == before
