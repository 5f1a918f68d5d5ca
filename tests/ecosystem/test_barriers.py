"""F2 barriers: raising (SLA), the unit's queue (assign, escalate, resolve), precedents."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inovda.core.models import AuditEvent
from inovda.ecosystem import selectors, services
from inovda.ecosystem.models import Barrier
from tests.ecosystem.conftest import days
from tests.ecosystem.factories import BarrierFactory

pytestmark = pytest.mark.django_db
S = Barrier.Status
DATA = {
    "kind": "it_data",
    "title": "Server layanan sering mati",
    "description": "Aplikasi dipasang di server lama tanpa cadangan listrik.",
    "impact": "Layanan berhenti beberapa jam.",
}
RESOLUTION = "Aplikasi dipindahkan ke pusat data Pemkot dengan cadangan harian dan pemantauan."


def raise_(actor, innovation, **extra):
    return services.barrier_raise(actor=actor, innovation=innovation, data={**DATA, **extra})


def test_raise_sets_the_sla_of_its_type_and_records_the_event(today, alice, a_live):
    barrier = raise_(alice, a_live)
    assert barrier.status == S.OPEN
    assert barrier.agency == a_live.agency and barrier.pemda == a_live.pemda
    assert barrier.raised_on == today
    assert barrier.sla_days == 14
    assert barrier.due_on == today + days(14)
    event = AuditEvent.objects.get(verb="barrier_raised")
    assert event.actor == alice and event.subject_id == barrier.pk
    assert event.changes["title"]["after"] == DATA["title"]


def test_sla_follows_the_setting(today, settings, alice, a_live):
    settings.INOVDA_ECOSYSTEM = {"BARRIER_SLA_DAYS": {"it_data": 3}}
    assert raise_(alice, a_live).due_on == today + days(3)


@pytest.mark.parametrize("who", ["alice", "ivan", "una", "adam"])
def test_who_may_raise(cast, a_live, who):
    assert raise_(cast[who], a_live).pk


@pytest.mark.parametrize("who", ["bob", "vera", "carl", "lina", "oscar"])
def test_who_may_not_raise(cast, a_live, who):
    with pytest.raises(PermissionDenied):
        raise_(cast[who], a_live)
    assert not Barrier.objects.exists()


def test_changing_the_type_recomputes_the_due_date(today, alice, a_live):
    barrier = raise_(alice, a_live)
    services.barrier_update(actor=alice, barrier=barrier, data={"kind": "regulation"})
    barrier.refresh_from_db()
    assert (barrier.sla_days, barrier.due_on) == (45, today + days(45))
    assert AuditEvent.objects.filter(verb="barrier_updated").count() == 1


def test_agency_edits_its_open_barrier_but_not_once_resolved(today, alice, una, a_live):
    barrier = raise_(alice, a_live)
    services.barrier_update(actor=alice, barrier=barrier, data={"title": "Server mati lagi"})
    services.barrier_resolve(actor=una, barrier=barrier, resolution=RESOLUTION)
    with pytest.raises(PermissionDenied):
        services.barrier_update(actor=alice, barrier=barrier, data={"title": "X"})


def test_assign_sets_owner_priority_and_in_progress(today, alice, una, a_live):
    barrier = raise_(alice, a_live)
    services.barrier_assign(actor=una, barrier=barrier, owner=una, priority="high")
    barrier.refresh_from_db()
    assert (barrier.owner, barrier.priority, barrier.status) == (una, "high", S.IN_PROGRESS)


def test_owner_must_belong_to_the_pemda(today, alice, una, oscar, a_live):
    barrier = raise_(alice, a_live)
    with pytest.raises(ValidationError):
        services.barrier_assign(actor=una, barrier=barrier, owner=oscar, priority="normal")


@pytest.mark.parametrize("who", ["alice", "bob", "lina", "vera", "carl"])
def test_only_the_unit_and_admin_work_the_queue(cast, today, alice, a_live, who):
    barrier = raise_(alice, a_live)
    with pytest.raises(PermissionDenied):
        services.barrier_assign(actor=cast[who], barrier=barrier, owner=None, priority="high")
    with pytest.raises(PermissionDenied):
        services.barrier_escalate(actor=cast[who], barrier=barrier, to="sekda", note="Tolong")
    with pytest.raises(PermissionDenied):
        services.barrier_resolve(actor=cast[who], barrier=barrier, resolution=RESOLUTION)


def test_escalation(today, alice, una, adam, a_live):
    barrier = raise_(alice, a_live)
    with pytest.raises(ValidationError):
        services.barrier_escalate(actor=una, barrier=barrier, to="sekda", note=" ")
    with pytest.raises(ValidationError):
        services.barrier_escalate(actor=una, barrier=barrier, to="minister", note="Tolong")
    services.barrier_escalate(actor=adam, barrier=barrier, to="sekda", note="Perlu keputusan.")
    barrier.refresh_from_db()
    assert barrier.status == S.ESCALATED
    assert (barrier.escalated_to, barrier.escalated_on) == ("sekda", today)
    assert AuditEvent.objects.filter(verb="barrier_escalated", actor=adam).exists()
    # an escalated barrier is still in the queue and can be resolved
    services.barrier_resolve(actor=una, barrier=barrier, resolution=RESOLUTION)
    barrier.refresh_from_db()
    assert barrier.status == S.RESOLVED
    with pytest.raises(ValidationError):
        services.barrier_escalate(actor=una, barrier=barrier, to="sekda", note="Lagi")


def test_leadership_answers_an_escalation_with_a_comment(today, alice, una, lina, bob, a_live):
    barrier = raise_(alice, a_live)
    services.barrier_escalate(actor=una, barrier=barrier, to="leadership", note="Mohon arahan")
    services.barrier_comment(actor=lina, barrier=barrier, message="Disetujui, lanjutkan.")
    assert AuditEvent.objects.get(verb="barrier_commented").actor == lina
    with pytest.raises(PermissionDenied):
        services.barrier_comment(actor=bob, barrier=barrier, message="Saya juga")


def test_resolve_needs_a_reusable_resolution(today, alice, una, a_live):
    barrier = raise_(alice, a_live)
    with pytest.raises(ValidationError) as excinfo:
        services.barrier_resolve(actor=una, barrier=barrier, resolution="Beres.")
    assert "resolution" in excinfo.value.message_dict
    services.barrier_resolve(actor=una, barrier=barrier, resolution=RESOLUTION)
    barrier.refresh_from_db()
    assert (barrier.status, barrier.resolved_on, barrier.resolved_by) == (S.RESOLVED, today, una)
    assert barrier.within_sla is True


def test_reopen_and_withdraw(today, alice, una, a_live):
    barrier = raise_(alice, a_live)
    services.barrier_resolve(actor=una, barrier=barrier, resolution=RESOLUTION)
    with pytest.raises(ValidationError):
        services.barrier_reopen(actor=una, barrier=barrier, reason="")
    services.barrier_reopen(actor=una, barrier=barrier, reason="Masih terjadi.")
    barrier.refresh_from_db()
    assert barrier.status == S.OPEN and barrier.resolved_on is None
    with pytest.raises(ValidationError, match="4000"):  # bounded like every form's note
        services.barrier_withdraw(actor=alice, barrier=barrier, reason="x" * 4001)
    barrier.refresh_from_db()
    assert barrier.status == S.OPEN
    services.barrier_withdraw(actor=alice, barrier=barrier, reason="Sudah tidak relevan")
    barrier.refresh_from_db()
    assert barrier.status == S.WITHDRAWN
    with pytest.raises(PermissionDenied):
        services.barrier_withdraw(actor=alice, barrier=barrier)


def test_a_precedent_must_be_resolved_and_visible(today, alice, una, a_live, b_live, bob):
    open_one = BarrierFactory(innovation=b_live)
    with pytest.raises(ValidationError):
        raise_(alice, a_live, precedent=open_one)
    resolved = BarrierFactory(innovation=b_live, resolved=True)
    barrier = raise_(alice, a_live, precedent=resolved)  # other agency's precedent: readable
    assert barrier.precedent == resolved
    assert list(resolved.reused_by.all()) == [barrier]


def test_overdue_barriers_are_flagged_and_listed(today, a_live, alice):
    late = BarrierFactory(innovation=a_live, raised_on=today - days(20))  # it_data: 14 days
    fresh = BarrierFactory(innovation=a_live, raised_on=today - days(3))
    done_late = BarrierFactory(innovation=a_live, raised_on=today - days(40), resolved=True)
    done_late.resolved_on = today - days(1)
    done_late.save()
    assert late.overdue and not fresh.overdue and not done_late.overdue
    assert done_late.within_sla is False
    listed = selectors.barrier_list(user=alice, filters=selectors.BarrierFilters(overdue=True))
    assert list(listed) == [late]


def test_board_counts_median_and_systemic_types(today, una, agency_a, agency_b, a_live, b_live):
    BarrierFactory(innovation=a_live, raised_on=today - days(30))  # overdue
    BarrierFactory(innovation=a_live, raised_on=today - days(30), resolved=True)  # 5 days
    BarrierFactory(innovation=b_live, raised_on=today - days(2))
    late = BarrierFactory(
        innovation=b_live, kind="budget", raised_on=today - days(60), resolved=True
    )
    late.resolved_on = today - days(1)  # 59 days, SLA 30: late
    late.save()
    BarrierFactory(innovation=b_live, status=S.WITHDRAWN)
    board = selectors.barrier_board(user=una)
    assert (board.open, board.overdue, board.resolved) == (2, 1, 2)
    assert board.median_days == 32  # median of 5 and 59
    assert board.within_sla == pytest.approx(1 / 3)  # 1 on time of 2 resolved + 1 overdue
    it = board.kinds[0]
    assert (it.kind, it.total, it.agencies, it.overdue) == ("it_data", 3, 2, 1)


def test_precedents_are_offered_by_type_and_similar_words(today, alice, bob, a_live, b_live):
    server = BarrierFactory(innovation=b_live, resolved=True, title="Server sering mati")
    BarrierFactory(
        innovation=b_live,
        resolved=True,
        title="Data kependudukan belum terhubung",
        description="Perlu PKS dengan Disdukcapil.",
        resolution="PKS disusun.",
    )
    BarrierFactory(innovation=b_live, kind="budget", resolved=True, title="Server anggaran")
    BarrierFactory(innovation=b_live, title="Server mati (belum selesai)")  # open: no precedent
    found = selectors.precedent_suggestions(
        user=alice, kind="it_data", text="server aplikasi kami mati terus"
    )
    assert [b for b, _ in found][:1] == [server]
    assert all(b.status == S.RESOLVED for b, _ in found)
    assert selectors.precedent_search(user=alice, q="kependudukan")[0].title.startswith("Data")


def test_precedents_match_across_types_and_identical_ones_show_once(alice, b_live):
    """The same text filed as 'Lainnya' is still offered for an 'IT and data' barrier; the
    same type only ranks higher; a resolution copied to three barriers is offered once."""
    text = {"title": "Server sering mati", "description": "Aplikasi tidak bisa diakses warga."}
    other = BarrierFactory(innovation=b_live, kind="other", resolved=True, **text)
    found = selectors.precedent_suggestions(user=alice, kind="it_data", text="server mati")
    assert [b for b, _ in found] == [other]

    same = BarrierFactory(innovation=b_live, kind="it_data", resolved=True, **text)
    for _ in range(2):
        BarrierFactory(innovation=b_live, kind="it_data", resolved=True, **text)
    found = selectors.precedent_suggestions(user=alice, kind="it_data", text="server mati")
    assert [b for b, _ in found] == [same]  # own type first; the copies once
    assert len(selectors.precedent_search(user=alice)) == 1
    assert len(selectors.precedent_search(user=alice, q="server")) == 1
