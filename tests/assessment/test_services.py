"""Services: putting innovations forward, rows, evidence, the verification workflow and
who may do each, with one audit event per change."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.assessment import services
from inovda.assessment.models import Entry, Evidence, InnovationAssessment, SheetStatus
from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from tests.assessment.conftest import MANDATORY_SID

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def innovation(assessable):
    return assessable(name="Posyandu Digital")


@pytest.fixture
def sheet(period, innovation, alice):
    return services.innovation_put_forward(actor=alice, period=period, innovation=innovation)


def _row(sheet, code) -> Entry:
    return sheet.rows.select_related("indicator").get(indicator__number=int(code))


def test_put_forward_creates_the_20_rows(sheet, innovation):
    assert sheet.rows.count() == 20
    assert sheet.rows_total == 20 and sheet.rows_with_evidence == 0
    assert sheet.claimed_mandatory_missing == 5
    event = AuditEvent.objects.get(verb="iid_put_forward")
    assert event.subject_id == innovation.pk and event.target_repr == "IID 2026"


@pytest.mark.parametrize("who", ["bob", "ivan", "vera", "lina", "una", "carl", "oscar"])
def test_only_own_operator_or_admin_puts_forward(cast, period, innovation, who):
    with pytest.raises(PermissionDenied):
        services.innovation_put_forward(actor=cast[who], period=period, innovation=innovation)


def test_admin_may_put_forward(period, innovation, adam):
    services.innovation_put_forward(actor=adam, period=period, innovation=innovation)


def test_only_implemented_innovations_are_put_forward(period, assessable, alice):
    trial = assessable(status=Innovation.Status.TRIAL)
    with pytest.raises(PermissionDenied):
        services.innovation_put_forward(actor=alice, period=period, innovation=trial)


def test_closed_period_refuses_changes(period, sheet, alice):
    period.closes_on = datetime.date(2000, 1, 1)
    period.save()
    with pytest.raises(PermissionDenied, match="ditutup"):
        services.entry_update(actor=alice, entry=_row(sheet, 16), level=2)


def test_level_and_evidence_set_the_scores(sheet, alice, fill):
    fill(alice, sheet, {"16": 3, "35": 2})
    assert sheet.claimed_score == Decimal("17")  # 3×3 + 4×2
    assert sheet.verified_score == 0
    assert sheet.rows_with_evidence == 2
    assert sheet.claimed_mandatory_missing == 3


def test_level_out_of_range_is_refused(sheet, alice):
    with pytest.raises(ValidationError):
        services.entry_update(actor=alice, entry=_row(sheet, 16), level=4)


def test_indicator_33_needs_its_basis(sheet, alice):
    row = _row(sheet, 33)
    with pytest.raises(ValidationError, match="basis pengukuran"):
        services.entry_update(actor=alice, entry=row, level=2)
    basis = row.indicator.bases.get(code="b")
    services.entry_update(actor=alice, entry=row, level=2, basis=basis)
    row.refresh_from_db()
    assert row.basis.code == "b"
    assert row.indicator.bases.count() == 6


@pytest.mark.parametrize("who", ["bob", "ivan", "vera", "lina", "oscar"])
def test_others_cannot_fill(cast, sheet, who):
    with pytest.raises(PermissionDenied):
        services.entry_update(actor=cast[who], entry=_row(sheet, 16), level=1)
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=cast[who], entry=_row(sheet, 16), url="https://x.example/")


def test_file_evidence_is_judged_by_content(sheet, alice):
    row = _row(sheet, 16)
    upload = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    evidence = services.evidence_add(actor=alice, entry=row, upload=upload, description="SK")
    assert evidence.kind == "pdf" and evidence.original_name == "sk.pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.evidence_add(actor=alice, entry=row, upload=fake)
    assert Evidence.objects.count() == 1


def _submitted(sheet, alice, fill, levels=None):
    fill(alice, sheet, levels or {**MANDATORY_SID, "18": 2})
    return services.sheet_submit(actor=alice, sheet=sheet)


def test_submission_needs_evidence_for_every_level(sheet, alice, fill):
    fill(alice, sheet, {"16": 2}, evidence=False)
    with pytest.raises(ValidationError, match="16"):
        services.sheet_submit(actor=alice, sheet=sheet)


def test_even_level_1_needs_evidence_and_the_refusal_names_the_row(sheet, alice, fill):
    fill(alice, sheet, {**MANDATORY_SID, "18": 2})
    fill(alice, sheet, {"20": 1}, evidence=False)
    with pytest.raises(ValidationError) as refused:
        services.sheet_submit(actor=alice, sheet=sheet)
    assert refused.value.messages == ["Indikator 20 berlevel 1 tetapi belum ada bukti dukung."]


def test_evidence_changes_are_audited_on_the_row(sheet, alice):
    row = _row(sheet, 16)
    evidence = services.evidence_add(actor=alice, entry=row, url="https://contoh.example/sk.pdf")
    event = AuditEvent.objects.get(verb="iid_evidence_added")
    assert event.actor == alice
    assert event.target_repr == f"IID 2026 · {row.indicator}"
    assert event.message == str(evidence)


def test_operator_cannot_edit_what_is_under_review(sheet, alice, fill):
    sheet = _submitted(sheet, alice, fill)
    assert sheet.status == SheetStatus.SUBMITTED
    with pytest.raises(PermissionDenied, match="diverifikasi"):
        services.entry_update(actor=alice, entry=_row(sheet, 18), level=3)
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=alice, entry=_row(sheet, 18), url="https://x.example/")


def test_only_verifiers_verify(cast, sheet, alice, fill):
    sheet = _submitted(sheet, alice, fill)
    for who in ["alice", "bob", "adam", "lina", "una", "carl", "oscar"]:
        with pytest.raises(PermissionDenied):
            services.entry_review(actor=cast[who], entry=_row(sheet, 16), accept=True)
        with pytest.raises(PermissionDenied):
            services.sheet_verify(actor=cast[who], sheet=sheet)


def test_review_and_verify(sheet, alice, vera, fill):
    sheet = _submitted(sheet, alice, fill)
    with pytest.raises(ValidationError, match="menunggu"):
        services.sheet_verify(actor=vera, sheet=sheet)
    for code in ["16", "17", "32", "33", "35"]:
        services.entry_review(actor=vera, entry=_row(sheet, code), accept=True)
    with pytest.raises(ValidationError, match="alasan"):
        services.entry_review(actor=vera, entry=_row(sheet, 18), accept=False)
    services.entry_review(actor=vera, entry=_row(sheet, 18), accept=False, note="DPA tak sah")
    sheet.refresh_from_db()
    assert sheet.claimed_score == 18 and sheet.verified_score == 14
    assert sheet.verified_mandatory_missing == 0
    sheet = services.sheet_verify(actor=vera, sheet=sheet)
    assert sheet.status == SheetStatus.VERIFIED and sheet.verified_at
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))
    assert verbs.count("iid_row_accepted") == 5 and verbs[-1] == "iid_verified"


def test_a_sheet_with_a_rejected_mandatory_row_is_returned_not_verified(sheet, alice, vera, fill):
    """A sheet shown as Terverifikasi always counts in the verified index."""
    sheet = _submitted(sheet, alice, fill)
    for code in ["17", "18", "32", "33", "35"]:
        services.entry_review(actor=vera, entry=_row(sheet, code), accept=True)
    services.entry_review(actor=vera, entry=_row(sheet, 16), accept=False, note="SK tak sah")
    with pytest.raises(ValidationError, match="wajib"):
        services.sheet_verify(actor=vera, sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    sheet = services.sheet_return(actor=vera, sheet=sheet, note="Perbaiki SK inovasi")
    assert sheet.status == SheetStatus.NEEDS_REVISION


def test_a_change_sends_the_row_back_to_waiting(sheet, alice, vera, fill):
    sheet = _submitted(sheet, alice, fill)
    for code in ["16", "17", "18", "32", "33", "35"]:
        services.entry_review(actor=vera, entry=_row(sheet, code), accept=True)
    services.sheet_return(actor=vera, sheet=sheet, note="Perbarui bukti anggaran")
    # A new level: waiting again, and out of the verified score.
    services.entry_update(actor=alice, entry=_row(sheet, 18), level=3)
    assert _row(sheet, 18).review == Entry.Review.WAITING
    # New evidence: waiting again.
    services.evidence_add(actor=alice, entry=_row(sheet, 16), url="https://contoh.example/b")
    assert _row(sheet, 16).review == Entry.Review.WAITING
    # A note alone changes nothing.
    services.entry_update(actor=alice, entry=_row(sheet, 17), level=1, note="lihat lampiran")
    assert _row(sheet, 17).review == Entry.Review.ACCEPTED
    # Removing evidence: waiting again.
    services.evidence_remove(actor=alice, evidence=_row(sheet, 32).evidence.first())
    assert _row(sheet, 32).review == Entry.Review.WAITING
    sheet.refresh_from_db()
    assert sheet.verified_score == 2 + 3 + 4  # 17, 33 and 35 still accepted
    assert sheet.verified_mandatory_missing == 2


def test_return_needs_a_reason_and_reopens_for_the_operator(sheet, alice, vera, fill):
    sheet = _submitted(sheet, alice, fill)
    with pytest.raises(ValidationError):
        services.sheet_return(actor=vera, sheet=sheet, note=" ")
    sheet = services.sheet_return(actor=vera, sheet=sheet, note="Lengkapi video")
    assert sheet.status == SheetStatus.NEEDS_REVISION
    services.entry_update(actor=alice, entry=_row(sheet, 35), level=3)
    assert AuditEvent.objects.filter(verb="iid_returned", message="Lengkapi video").exists()


def test_each_sheet_step_is_stored_and_audited_as_it_happened(sheet, alice, vera, fill):
    """Submit, return and verify: the status and its timestamps are saved (read back from
    the database), and one audit event per step names who, the period, the reason and the
    status before and after."""

    def last_event():
        return AuditEvent.objects.order_by("-id").first()

    def stored():
        return type(sheet).objects.get(pk=sheet.pk)

    submitted = _submitted(sheet, alice, fill)
    row = stored()
    assert row.status == SheetStatus.SUBMITTED and row.submitted_at and row.verified_at is None
    event = last_event()
    assert (event.verb, event.actor, event.target_repr) == ("iid_submitted", alice, "IID 2026")
    assert event.changes == {"status": {"before": "draft", "after": "submitted"}}

    services.sheet_return(actor=vera, sheet=submitted, note="  Lengkapi video  ")
    row = stored()
    assert row.status == SheetStatus.NEEDS_REVISION and row.verified_at is None
    event = last_event()
    assert (event.verb, event.actor, event.message) == ("iid_returned", vera, "Lengkapi video")
    assert event.changes == {"status": {"before": "submitted", "after": "needs_revision"}}

    resubmitted = services.sheet_submit(actor=alice, sheet=row)
    for code in ["16", "17", "18", "32", "33", "35"]:
        services.entry_review(actor=vera, entry=_row(resubmitted, code), accept=True)
    services.sheet_verify(actor=vera, sheet=stored())
    row = stored()
    assert row.status == SheetStatus.VERIFIED and row.verified_at and row.submitted_at
    event = last_event()
    assert (event.verb, event.actor) == ("iid_verified", vera)
    assert event.changes == {"status": {"before": "submitted", "after": "verified"}}


def test_withdraw_only_drafts(sheet, alice, fill):
    services.innovation_withdraw(actor=alice, sheet=sheet)
    assert not InnovationAssessment.objects.exists()
    assert AuditEvent.objects.filter(verb="iid_withdrawn").exists()


def test_development_is_recorded(sheet, alice):
    services.sheet_set_development(
        actor=alice,
        sheet=sheet,
        development_date=datetime.date(2025, 3, 1),
        development_note="Integrasi dengan aplikasi kota",
    )
    event = AuditEvent.objects.get(verb="iid_development_set")
    assert event.changes["development_date"]["after"] == "2025-03-01"


@pytest.mark.parametrize("who", ["bob", "vera", "oscar"])
def test_only_the_sheet_fillers_record_its_development(cast, sheet, who):
    with pytest.raises(PermissionDenied):
        services.sheet_set_development(
            actor=cast[who], sheet=sheet, development_date=None, development_note="Lain"
        )
    assert not AuditEvent.objects.filter(verb="iid_development_set").exists()


@pytest.mark.parametrize("who", ["bob", "vera", "oscar"])
def test_only_the_sheet_fillers_remove_evidence(cast, sheet, alice, who):
    evidence = services.evidence_add(actor=alice, entry=_row(sheet, 16), url="https://x.example/")
    with pytest.raises(PermissionDenied):
        services.evidence_remove(actor=cast[who], evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.fixture
def fake_source(monkeypatch):
    """A registered evidence source for indicator 16 that records who it built for."""
    from inovda.core import evidence_sources

    built = []

    def build(innovation):
        built.append(innovation)
        return result[0]

    result = [None]
    source = evidence_sources.EvidenceSource(
        key="test_source",
        label="Uji",
        aspect="sid",
        indicator_number=16,
        summary=lambda innovation: "uji",
        build=build,
    )
    monkeypatch.setitem(evidence_sources._SOURCES, source.key, source)
    return built, result


def test_evidence_from_a_source_refuses_others_before_building(cast, sheet, fake_source):
    built, _result = fake_source
    with pytest.raises(PermissionDenied):
        services.evidence_from_source(actor=cast["bob"], entry=_row(sheet, 16), key="test_source")
    assert built == []  # nothing is produced for someone who may not attach it


def test_evidence_from_a_source_with_nothing_to_give_says_so(sheet, alice, fake_source):
    built, _result = fake_source
    with pytest.raises(ValidationError, match="Belum ada"):
        services.evidence_from_source(actor=alice, entry=_row(sheet, 16), key="test_source")
    assert len(built) == 1 and not Evidence.objects.exists()


def test_spd_only_by_the_pemda_admin(cast, period, pemda, adam, vera, fill):
    for who in ["alice", "bob", "ivan", "vera", "lina", "una", "carl", "oscar"]:
        with pytest.raises(PermissionDenied):
            services.spd_start(actor=cast[who], period=period, pemda=pemda)
    sheet = services.spd_start(actor=adam, period=period, pemda=pemda)
    assert sheet.rows.count() == 20
    fill(adam, sheet, {"1": 3, "8": 3})
    assert sheet.claimed_score == Decimal("7.5")
    with pytest.raises(PermissionDenied):
        services.entry_update(actor=cast["alice"], entry=sheet.rows.first(), level=1)
    services.sheet_submit(actor=adam, sheet=sheet)
    row = sheet.rows.get(indicator__number=8)
    services.entry_review(actor=vera, entry=row, accept=True)
    sheet.refresh_from_db()
    assert sheet.verified_score == Decimal("4.5")
