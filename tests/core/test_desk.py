"""The desk on the home page: each role finds its waiting work with the right counts and
links, only within its own Pemda and agency; the query count does not grow with the
number of innovations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inovda.assessment.models import Entry, InnovationAssessment, SheetStatus
from inovda.ecosystem.models import Barrier, Reallocation
from inovda.innovations.models import AgentAssignment, Innovation
from tests.assessment.factories import IndicatorFactory, PeriodFactory
from tests.ecosystem.factories import BarrierFactory, BudgetLineFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
IMPLEMENTED = {"status": "implemented", "stage": "penerapan"}


def _desk(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {
        built.panel.key: {str(line.label): line.count for line in built.lines}
        for built in response.context["desk"]
    }, response


def _sheet(innovation, period, status=SheetStatus.SUBMITTED, days=3, rows=(1, 0), reject=0):
    sheet = InnovationAssessment.objects.create(
        innovation=innovation,
        pemda=innovation.pemda,
        period=period,
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=days),
    )
    for level in rows:
        Entry.objects.create(
            innovation_assessment=sheet,
            indicator=IndicatorFactory(period=period),
            level=level,
            evidence_count=1 if level else 0,
        )
    for _ in range(reject):
        Entry.objects.create(
            innovation_assessment=sheet,
            indicator=IndicatorFactory(period=period),
            level=1,
            evidence_count=1,
            review=Entry.Review.REJECTED,
        )
    return sheet


@pytest.fixture
def work(agency_a, agency_b, other_agency, alice):
    """Work waiting in Kota Malang (and some in Kota Batu that must never show)."""
    period = PeriodFactory()
    today = timezone.localdate()
    a1 = InnovationFactory(agency=agency_a, name="Posyandu Digital", **IMPLEMENTED)
    b1 = InnovationFactory(agency=agency_b, name="Klinik Keliling", **IMPLEMENTED)
    batu = InnovationFactory(agency=other_agency, name="Batu Sehat", **IMPLEMENTED)
    _sheet(a1, period, days=20)  # 1 claimed row waiting, 1 level-0 row (nothing to verify)
    _sheet(b1, period, days=2, rows=(2, 1))
    _sheet(batu, period, rows=(1, 1, 1))
    returned = InnovationFactory(agency=agency_a, name="Lapor Cepat", **IMPLEMENTED)
    _sheet(returned, period, status=SheetStatus.NEEDS_REVISION, rows=(), reject=2)
    late = today - datetime.timedelta(days=40)
    BarrierFactory(innovation=a1, title="Server mati", raised_on=late, due_on=late)
    BarrierFactory(innovation=b1, title="Anggaran belum cair", raised_on=today, due_on=today)
    BarrierFactory(innovation=b1, resolved=True)
    BarrierFactory(innovation=batu, raised_on=late, due_on=late)
    InnovationFactory(agency=agency_a, status=Innovation.Status.NEEDS_REVISION, name="Revisi A")
    InnovationFactory(agency=agency_b, status=Innovation.Status.SUBMITTED, name="Usulan B")
    InnovationFactory(agency=agency_b, health=Innovation.Health.STAGNANT, **IMPLEMENTED)
    line = BudgetLineFactory(innovation=a1, allocated=1000, realised=0)
    other = BudgetLineFactory(innovation=a1, allocated=1000, realised=0)
    Reallocation.objects.create(
        pemda=a1.pemda,
        agency=agency_a,
        from_line=line,
        to_line=other,
        amount=10,
        reason="x",
        requested_by=alice,
    )
    return {"period": period, "a1": a1, "b1": b1}


def test_verifier_sees_sheets_and_rows_of_their_pemda_only(client, work, vera):
    desk, response = _desk(client, vera)
    assert list(desk["iid_verify"].values()) == [2, 3]  # sheets, claimed rows to review
    html = response.content.decode()
    assert "Posyandu Digital" in html and "Batu Sehat" not in html
    assert reverse("assessment:queue") in html
    assert "iid_agency" not in desk and "barriers" not in desk


def test_unit_sees_barriers_overdue_first(client, work, una):
    desk, response = _desk(client, una)
    assert list(desk["barriers"].values()) == [1, 2, 0]  # overdue, open, escalated
    items = response.context["desk"][0].lines[1].items
    assert [i.label for i in items] == ["Server mati", "Anggaran belum cair"]
    assert items[0].tone == "danger"


def test_operator_sees_their_agency_only(client, work, alice, bob):
    desk, _ = _desk(client, alice)
    iid = list(desk["iid_agency"].values())
    assert iid == [1, 2]  # one sheet returned, two rows rejected
    reports = list(desk["reports"].values())
    assert reports[2] == 1  # "Revisi A" returned for revision
    assert "iid_verify" not in desk and "approvals" not in desk
    desk, _ = _desk(client, bob)
    assert list(desk["iid_agency"].values()) == [0, 0]
    assert list(desk["reports"].values())[2] == 0


def _on_team(user, innovation, role="member"):
    from inovda.ecosystem.models import Innovator, TeamMember

    person, _ = Innovator.objects.get_or_create(
        user=user, defaults={"pemda": innovation.pemda, "agency": innovation.agency, "name": "x"}
    )
    TeamMember.objects.create(innovator=person, innovation=innovation, role=role)


def test_innovator_sees_only_the_innovations_of_their_team(client, work, ivan, alice, carl):
    from inovda.innovations.models import AgentReview

    AgentReview.objects.create(innovation=work["a1"], agent=carl, findings="f", recommendations="r")
    desk, _ = _desk(client, ivan)
    assert list(desk["iid_agency"].values()) == [0, 0]
    assert list(desk["reports"].values())[2:] == [0, 0]  # returned, reviews to answer
    assert "iid_verify" not in desk
    _on_team(ivan, Innovation.objects.get(name="Lapor Cepat"), role="lead")
    _on_team(ivan, work["a1"])
    Innovation.objects.filter(name="Revisi A").update(owner=ivan)  # the person in charge
    desk, response = _desk(client, ivan)
    assert list(desk["iid_agency"].values()) == [1, 2]  # the team's sheet, its rows
    assert list(desk["reports"].values())[2:] == [1, 1]
    html = response.content.decode()
    assert "Revisi A" in html and "Posyandu Digital" in html
    # the link behind "returned for revision" lists exactly the innovator's innovations
    client.force_login(ivan)
    listed = client.get(reverse("innovations:list"), {"status": "needs_revision", "mine": "1"})
    assert [i.name for i in listed.context["page"]] == ["Revisi A"]
    assert "mine" in listed.context["form"].fields
    # the operator keeps the agency-wide view
    desk, _ = _desk(client, alice)
    assert list(desk["iid_agency"].values()) == [1, 2]
    assert list(desk["reports"].values())[2:] == [1, 1]


def test_admin_sees_decisions_reallocations_and_stalled(client, work, adam):
    desk, _ = _desk(client, adam)
    listed = client.get(reverse("innovations:list"))
    assert "mine" not in listed.context["form"].fields  # no agency role: no "mine" filter
    assert list(desk["approvals"].values()) == [1, 0, 0, 1]
    assert list(desk["reallocations"].values()) == [1]
    assert "barriers" in desk  # the Pemda admin works the barrier queue with the unit


def test_change_agent_sees_reviews_to_write(client, work, carl, adam):
    AgentAssignment.objects.create(innovation=work["a1"], agent=carl, assigned_by=adam)
    desk, _ = _desk(client, carl)
    assert list(desk["agent"].values()) == [1]


def test_leadership_sees_the_dashboard_numbers(client, work, lina):
    from inovda.core.sections import sections_for
    from inovda.reports.selectors import pemda_scope

    desk, response = _desk(client, lina)
    built = sections_for("leadership", pemda_scope(lina))
    overview = next(data for section, data in built if section.key == "overview")
    assert list(desk["leadership"].values()) == [s.value for s in overview.stats]
    assert list(desk["escalations"].values()) == [0]
    Barrier.objects.filter(title="Server mati").update(
        status=Barrier.Status.ESCALATED, escalated_to=Barrier.EscalationTarget.LEADERSHIP
    )
    desk, response = _desk(client, lina)
    assert list(desk["escalations"].values()) == [1]
    assert "Server mati" in response.content.decode()


def test_nothing_waits_says_so(client, oscar):
    desk, response = _desk(client, oscar)
    assert response.context["desk_waiting"] == 0
    assert 'id="desk-empty"' in response.content.decode()


def _many(agency, n):
    for _ in range(n):
        innovation = InnovationFactory(agency=agency, **IMPLEMENTED)
        BarrierFactory(innovation=innovation)


def test_query_count_does_not_grow_with_innovations(client, cast, work, agency_a, agency_b):
    roles = ["vera", "una", "alice", "ivan", "adam", "lina", "carl"]
    AgentAssignment.objects.create(innovation=work["a1"], agent=cast["carl"])
    _on_team(cast["ivan"], work["a1"])

    def counts():
        out = {}
        for who in roles:
            client.force_login(cast[who])
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("home")).status_code == 200
            out[who] = len(queries)
        return out

    _many(agency_a, 5)
    _many(agency_b, 5)
    ten = counts()
    _many(agency_a, 20)
    _many(agency_b, 20)
    fifty = counts()
    assert fifty == ten
