"""The IID's hand-overs: a submitted sheet reaches the Pemda's verifiers, a rejected row,
a returned and a verified sheet reach the innovation's hand-over people (the agency's
operators, the innovators on its team); no one else, no other Pemda, not an innovator of the
same agency who is not on the team."""

import pytest

from inovda.assessment import services
from inovda.core.models import Notification
from tests.assessment.conftest import MANDATORY_SID
from tests.ecosystem.factories import on_team
from tests.organizations.factories import member

pytestmark = pytest.mark.django_db


def _told(verb):
    return sorted(
        Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True)
    )


def test_sheet_hand_overs(period, assessable, fill, cast, other_pemda):
    alice, vera = cast["alice"], cast["vera"]
    member("vito", "verifier", pemda=other_pemda)  # Kota Batu's verifier: never told
    innovation = assessable(name="Posyandu Digital")
    on_team(cast["ivan"], innovation)
    member("nina", "innovator", pemda=innovation.pemda, agency=innovation.agency)  # not told
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    fill(alice, sheet, {**MANDATORY_SID, "18": 2})
    services.sheet_submit(actor=alice, sheet=sheet)
    assert _told("iid_submitted") == ["vera"]
    message = Notification.objects.get(verb="iid_submitted")
    assert "Posyandu Digital" in message.message and message.link.endswith(
        f"/innovation/{innovation.pk}/"
    )

    row = sheet.rows.get(indicator__number=18)
    services.entry_review(actor=vera, entry=row, accept=False, note="Bukti tidak terbaca")
    assert _told("iid_row_rejected") == ["alice", "ivan"]  # operator + team, not nina nor bob
    assert "Bukti tidak terbaca" in Notification.objects.filter(verb="iid_row_rejected")[0].message
    services.sheet_return(actor=vera, sheet=sheet, note="Perbaiki baris 18")
    assert _told("iid_returned") == ["alice", "ivan"]

    fill(alice, sheet, {"18": 1})
    services.sheet_submit(actor=alice, sheet=sheet)
    for row in sheet.rows.all():
        if row.needs_review:
            services.entry_review(actor=vera, entry=row, accept=True)
    services.sheet_verify(actor=vera, sheet=sheet)
    assert _told("iid_verified") == ["alice", "ivan"]
    assert not Notification.objects.filter(recipient__username__in=["bob", "nina", "oscar", "vito"])
