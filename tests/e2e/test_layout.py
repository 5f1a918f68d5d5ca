"""The bar and the pages people use every morning, at the sizes they have: the header on
one line with exactly one highlighted item at 1366 px (a common office laptop), and the
ecosystem tabs and the IID sheet without sideways scrolling on a 390 px phone."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from inovda.assessment import reference, services
from inovda.assessment.models import AssessmentPeriod
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ECOSYSTEM = ["ecosystem:health", "ecosystem:barrier_list", "ecosystem:risk_overview"]
ECOSYSTEM += ["ecosystem:budget_overview", "ecosystem:self_assessment_list"]


@pytest.fixture
def sheet(db, agency_a, alice):
    reference.load(io.StringIO())
    period = AssessmentPeriod.objects.get(year=2026)
    today = timezone.localdate()
    period.opens_on = today - datetime.timedelta(days=1)
    period.closes_on = today + datetime.timedelta(days=1)
    period.save()
    innovation = InnovationFactory(
        agency=agency_a,
        name="Posyandu Digital dengan Nama yang Cukup Panjang untuk Layar Ponsel",
        complete=True,
        status=Innovation.Status.IMPLEMENTED,
        implementation_start=datetime.date(2024, 6, 1),
    )
    services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    return reverse("assessment:sheet", args=[period.year, innovation.pk])


def _header(page):
    return page.evaluate(
        """() => {
        const bar = document.querySelector('nav.navbar');
        const items = [...document.querySelectorAll('#mainnav > ul > li')];
        const tops = new Set(items.map(li => Math.round(li.getBoundingClientRect().top)));
        const active = document.querySelectorAll('#mainnav > ul > li > .nav-link.active');
        return {height: bar.getBoundingClientRect().height, lines: tops.size,
                items: items.length, active: active.length,
                wide: document.documentElement.scrollWidth};
    }"""
    )


@pytest.mark.parametrize("who", ["adam", "lina", "una"])
def test_header_is_one_line_with_one_highlighted_item_at_1366(
    signed_in, live_server, page, request, who
):
    request.getfixturevalue(who)
    page.set_viewport_size({"width": 1366, "height": 800})
    signed_in(who)
    for name in ["innovations:list", "reports:index", "ecosystem:barrier_list"]:
        page.goto(f"{live_server.url}{reverse(name)}")
        header = _header(page)
        assert header["items"] >= 3, (who, name, header)
        assert header["lines"] == 1 and header["height"] < 70, (who, name, header)
        assert header["active"] == 1, (who, name, header)
        assert header["wide"] <= 1366, (who, name, header)


def test_ecosystem_tabs_and_the_iid_sheet_fit_a_390_phone(
    signed_in, live_server, page, una, alice, sheet
):
    page.set_viewport_size({"width": 390, "height": 844})
    signed_in("una")
    for name in ECOSYSTEM:
        page.goto(f"{live_server.url}{reverse(name)}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)
    page.context.clear_cookies()
    signed_in("alice")
    page.goto(f"{live_server.url}{sheet}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, ("IID sheet", width)
