"""The barrier, risk, budget-line and event exports show what their lists show."""

import pytest
from django.urls import reverse

from inovda.innovations.models import Innovation
from inovda.knowledge.models import Event
from tests.ecosystem.factories import BarrierFactory, BudgetLineFactory, RiskFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "adam", "vera", "una", "lina", "oscar"]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.fixture
def records(agency_a, agency_b, other_agency):
    live_a = InnovationFactory(agency=agency_a, status=Innovation.Status.IMPLEMENTED)
    draft_b = InnovationFactory(agency=agency_b)
    batu = InnovationFactory(agency=other_agency, status=Innovation.Status.IMPLEMENTED)
    BarrierFactory(innovation=live_a, title="Hambatan Kominfo")
    BarrierFactory(innovation=draft_b, title="Hambatan Draf Dinkes")
    BarrierFactory(innovation=batu, title="Hambatan Kota Batu")
    RiskFactory(innovation=live_a, title="Risiko Kominfo")
    RiskFactory(innovation=batu, title="Risiko Kota Batu")
    BudgetLineFactory(innovation=live_a, description="Anggaran Kominfo")
    BudgetLineFactory(innovation=batu, description="Anggaran Kota Batu")
    Event.objects.create(
        pemda=agency_a.pemda,
        organiser=agency_a,
        kind="fgd",
        title="FGD Ekosistem",
        date="2023-10-12",
    )
    Event.objects.create(
        pemda=other_agency.pemda,
        organiser=other_agency,
        kind="fgd",
        title="FGD Kota Batu",
        date="2023-10-12",
    )


CASES = [
    (
        "barriers",
        "ecosystem:barrier_list",
        "?status=all",
        ["Hambatan Kominfo", "Hambatan Draf Dinkes", "Hambatan Kota Batu"],
    ),
    ("risks", "ecosystem:risk_overview", "", ["Risiko Kominfo", "Risiko Kota Batu"]),
    ("events", "knowledge:event_list", "", ["FGD Ekosistem", "FGD Kota Batu"]),
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("key,list_url,query,names", CASES)
def test_export_equals_the_list(cast, login, records, who, key, list_url, query, names):
    client = login(cast[who])
    page = client.get(reverse(list_url) + query)
    exported = body(client.get(reverse("reports:export", args=[key, "csv"]) + query))
    assert page.status_code == 200
    for name in names:
        assert (name in exported) == (name in page.content.decode()), (who, key, name)


def test_budget_export_is_scoped(login, alice, oscar, records):
    mine = body(login(alice).get(reverse("reports:export", args=["budget-lines", "csv"])))
    assert "Anggaran Kominfo" in mine and "Anggaran Kota Batu" not in mine
    workbook = login(oscar).get(reverse("reports:export", args=["budget-lines", "xlsx"]))
    assert workbook.status_code == 200 and "spreadsheetml" in workbook["Content-Type"]
    batu = body(login(oscar).get(reverse("reports:export", args=["budget-lines", "csv"])))
    assert "Anggaran Kota Batu" in batu and "Anggaran Kominfo" not in batu


def test_filters_carry_over(login, adam, records):
    client = login(adam)
    exported = body(
        client.get(reverse("reports:export", args=["barriers", "csv"]) + "?status=all&q=Draf")
    )
    assert "Hambatan Draf Dinkes" in exported and "Hambatan Kominfo" not in exported
