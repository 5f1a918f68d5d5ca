"""The registers' counts, heat maps and totals are cached per Pemda and viewer (ADR 0013):
a change made through a service shows on the next request, a viewer with other roles never
gets another's figures, and the cached page equals the figures computed afresh."""

import pytest
from django.urls import reverse

from inovda.ecosystem import selectors
from tests.ecosystem.test_barriers import raise_
from tests.ecosystem.test_risks import add

pytestmark = pytest.mark.django_db


def open_risks(client, user) -> tuple[int, int]:
    client.force_login(user)
    response = client.get(reverse("ecosystem:risk_overview"))
    assert response.status_code == 200
    return response.context["summary"].open, response.context["page"].paginator.count


def test_a_new_risk_shows_at_once(
    real_cache, client, today, adam, alice, a_live, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(alice, a_live)
    assert open_risks(client, adam) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        add(alice, a_live, title="Server padam")
    assert open_risks(client, adam) == (2, 2)  # not the cached 1


def test_viewers_do_not_share_figures(
    real_cache, client, today, adam, alice, bob, a_live, b_live, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(alice, a_live)
        add(bob, b_live)
    assert open_risks(client, adam) == (2, 2)  # the whole Pemda
    assert open_risks(client, alice) == (1, 1)  # her own agency only, right after


def test_the_cached_board_equals_the_board(
    real_cache, client, today, adam, alice, a_live, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        raise_(alice, a_live)
    client.force_login(adam)
    for _ in range(2):  # computed, then from the cache
        response = client.get(reverse("ecosystem:barrier_list"))
        assert response.context["board"] == selectors.barrier_board(user=adam, agency=None)
        assert response.context["page"].paginator.count == 1
