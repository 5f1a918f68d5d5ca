"""The list paginator sorts and cuts on the rows' keys, then loads the page's rows: the
pages it gives are exactly Django's plain pages, in the same order."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from inovda.innovations.models import Innovation
from inovda.organizations import figures
from tests.innovations.factories import InnovationFactory


@pytest.fixture
def innovations(agency_a, agency_b):
    # Equal names so that the order needs its tie-breaker.
    return [
        InnovationFactory(agency=agency_a if i % 2 else agency_b, name=f"Inovasi {i % 4}")
        for i in range(23)
    ]


def _page(user, page, size, order):
    request = RequestFactory().get("/", {"page": page})
    request.user = user
    qs = Innovation.objects.select_related("agency").order_by(*order)
    return figures.paginate(request, qs), Paginator(qs, size).get_page(page)


ORDERS = [("name", "-id"), ("-agency__name", "name", "id"), ("-updated_at", "-id")]


@pytest.mark.parametrize("order", ORDERS)
def test_pages_equal_the_plain_paginator(innovations, root_user, order, settings):
    settings.INOVDA = {**settings.INOVDA, "PAGE_SIZE": 5}
    for page in (-1, 0, 1, 2, 3, 5, 6, "x"):
        ours, plain = _page(root_user, page, 5, order)
        assert [i.pk for i in ours] == [i.pk for i in plain], (order, page)
        assert (ours.number, ours.paginator.num_pages) == (plain.number, plain.paginator.num_pages)


@pytest.fixture
def root_user(django_user_model):
    return django_user_model.objects.create(username="root-figures", is_superuser=True)


def test_a_page_costs_two_queries_after_the_count(
    innovations, root_user, settings, django_assert_num_queries
):
    settings.INOVDA = {**settings.INOVDA, "PAGE_SIZE": 5}
    request = RequestFactory().get("/", {"page": 2})
    request.user = root_user
    qs = Innovation.objects.select_related("agency").order_by("name", "id")
    with django_assert_num_queries(3):  # count, the page's keys, the page's rows
        page = figures.paginate(request, qs)
        rows = [(i.name, i.agency.name) for i in page]
    assert len(rows) == 5
