"""Hand-overs of the barrier queue and the budget reach the right people, in-app and by
e-mail, with dates in Indonesian form; nobody else and no other Pemda hears of them."""

from decimal import Decimal

import pytest

from inovda.core.models import Notification
from inovda.ecosystem import services
from tests.ecosystem.factories import BudgetLineFactory, on_team
from tests.innovations.factories import InnovationFactory
from tests.organizations.factories import member

pytestmark = pytest.mark.django_db
DATA = {
    "kind": "it_data",
    "title": "Server layanan sering mati",
    "description": "Aplikasi dipasang di server lama tanpa cadangan listrik.",
    "impact": "Layanan berhenti beberapa jam.",
}
RESOLUTION = "Aplikasi dipindahkan ke pusat data Pemkot dengan cadangan harian dan pemantauan."


def _told(verb):
    return sorted(
        Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True)
    )


@pytest.fixture
def batu_unit(other_pemda):
    return member("umar", "innovation_unit", pemda=other_pemda)


def test_barrier_hand_overs(today, cast, batu_unit, a_live):
    """The answers reach the raiser and the innovation's hand-over people: the agency's
    operators and the innovators on its team, not another innovator of the agency."""
    alice, una = cast["alice"], cast["una"]
    on_team(cast["ivan"], a_live)
    nina = member("nina", "innovator", pemda=a_live.pemda, agency=a_live.agency)
    barrier = services.barrier_raise(actor=alice, innovation=a_live, data=DATA)
    assert _told("barrier_raised") == ["una"]  # the unit of this Pemda only
    message = Notification.objects.get(verb="barrier_raised").message
    assert "Juni 2026" in message and "2026-" not in message  # 15 Juni 2026 + SLA

    services.barrier_assign(actor=una, barrier=barrier, owner=una, priority="high")
    assert _told("barrier_assigned") == ["alice", "ivan"]  # the owner is the actor: not told
    services.barrier_escalate(actor=una, barrier=barrier, to="leadership", note="Perlu SK")
    assert _told("barrier_escalated") == ["alice", "ivan", "lina"]
    services.barrier_resolve(actor=una, barrier=barrier, resolution=RESOLUTION)
    assert _told("barrier_resolved") == ["alice", "ivan"]
    assert "15 Juni 2026" in Notification.objects.filter(verb="barrier_resolved")[0].message
    assert not Notification.objects.filter(
        recipient__in=[cast["bob"], cast["oscar"], batu_unit, nina]
    )


def test_reallocation_hand_overs(today, cast, a_live, agency_a):
    alice, adam = cast["alice"], cast["adam"]
    source = BudgetLineFactory(innovation=a_live, allocated=Decimal(100_000_000))
    target = BudgetLineFactory(innovation=InnovationFactory(agency=agency_a, status="implemented"))
    request = services.reallocation_request(
        actor=alice, from_line=source, to_line=target, amount=Decimal(11_450_000), reason="Perlu"
    )
    assert _told("reallocation_requested") == ["adam"]
    assert "Rp 11.450.000" in Notification.objects.get(verb="reallocation_requested").message
    services.reallocation_decide(actor=adam, reallocation=request, approve=False, note="Belum")
    assert _told("reallocation_decided") == ["alice"]
    message = Notification.objects.get(verb="reallocation_decided").message
    assert "ditolak" in message and "15 Juni 2026" in message
