"""The innovation page draws its secondary cards and timeline through htmx: each card's
address answers only to those who may read the innovation, and only for registered cards."""

import re

import pytest
from django.urls import reverse

from tests.innovations.factories import implemented


@pytest.fixture
def lazy(settings):
    settings.INOVDA = {**settings.INOVDA, "LAZY_CARDS": True}


def card_urls(page: str) -> list[str]:
    return [u.replace("&amp;", "&") for u in re.findall(r'hx-get="([^"]*/card/\?[^"]*)"', page)]


def test_cards_load_after_the_page(lazy, login, adam, agency_a):
    innovation = implemented(agency_a)
    page = login(adam).get(innovation.get_absolute_url()).content.decode()
    urls = card_urls(page)
    assert len(urls) >= 5  # health, reports, barriers, risks, budget, lessons…
    assert reverse("innovations:history", args=[innovation.pk]) in page
    for url in urls:
        assert login(adam).get(url).status_code == 200, url
    timeline = login(adam).get(reverse("innovations:history", args=[innovation.pk]))
    assert timeline.status_code == 200
    health = next(u for u in urls if "health" in u)
    assert 'id="health"' in login(adam).get(health).content.decode()


def test_cards_answer_only_to_readers(lazy, login, adam, oscar, agency_a):
    innovation = implemented(agency_a)
    urls = card_urls(login(adam).get(innovation.get_absolute_url()).content.decode())
    history = reverse("innovations:history", args=[innovation.pk])
    for url in [*urls, history]:
        assert login(oscar).get(url).status_code == 404, url


def test_only_registered_cards(lazy, login, adam, agency_a):
    innovation = implemented(agency_a)
    url = reverse("innovations:panel", args=[innovation.pk])
    assert login(adam).get(f"{url}?card=base.html").status_code == 404
    assert login(adam).get(f"{url}?card=innovations/panels/lifecycle.html").status_code == 404
