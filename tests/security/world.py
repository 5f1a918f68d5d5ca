"""A small world for the access matrix: two Pemda, every kind of record once per side.

- Kota Malang: agency A (alice operator, ivan innovator) with an implemented innovation of
  its own; agency B (bob operator) with a **draft** (pk 8001) carrying every record an
  innovation can carry, all pk 8001;
- Kota Batu (pk 9001): agency 9001, an implemented innovation 9001 and every record of a
  Pemda (events, library, innovators, imports, notifications…), all pk 9001.

Every secret record's name carries a marker (`DRAFT_MARK`, `BATU_MARK`): a page that shows
the marker to someone who may not read the record leaks it. Because one pk stands for
every model of a side, any URL pattern can be aimed at the secret side by putting 8001 or
9001 in its integer arguments, whatever model the view resolves.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from inovda.assessment.models import (
    Entry,
    Evidence,
    InnovationAssessment,
    PemdaAssessment,
)
from inovda.core.models import Notification
from inovda.ecosystem.models import (
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Recognition,
    Risk,
    TeamMember,
    Tranche,
)
from inovda.ecosystem.services import team_member_add
from inovda.innovations.models import (
    AgentAssignment,
    AgentReview,
    Attachment,
    Innovation,
    Kpi,
    Lesson,
    ProgressReport,
    RevivalAction,
    RevivalPlan,
)
from inovda.knowledge import indexing
from inovda.knowledge.models import (
    ActionItem,
    Event,
    EventDocument,
    LibraryDocument,
    LibraryVersion,
    Participant,
    Replication,
    Speaker,
)
from inovda.organizations.models import LocalGovernment, Role
from inovda.reports.models import ImportJob
from tests.assessment.factories import IndicatorFactory, PeriodFactory
from tests.organizations.factories import AgencyFactory, LocalGovernmentFactory, member

DRAFT_PK, BATU_PK = 8001, 9001
DRAFT_MARK, BATU_MARK = "ZQXDRAFT", "ZQXBATU"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date(2026, 6, 1)

# Who may read which secret side (the others must never see its marker or get its pages).
READS = {
    "alice": set(),
    "ivan": set(),
    "vera": set(),
    "carl": set(),
    "una": set(),
    "lina": set(),
    "bob": {DRAFT_MARK},
    "adam": {DRAFT_MARK},
    "oscar": {BATU_MARK},
    "batu_admin": {BATU_MARK},
    "anonymous": set(),
}


def _stored(model, pk: int, mark: str, **fields):
    """An uploaded PDF record (attachment, evidence, event document, library version)."""
    record = model(
        id=pk, original_name=f"{mark}.pdf", kind="pdf", content_type="application/pdf", **fields
    )
    record.size = len(PDF)
    record.file.save("f.pdf", ContentFile(PDF), save=False)
    record.save()
    return record


def _innovation_records(pk: int, innovation: Innovation, mark: str, owner, period, indicator):
    """Everything an innovation carries, each with `pk` and the marker in its name."""
    pemda, agency = innovation.pemda, innovation.agency
    _stored(Attachment, pk, mark, innovation=innovation)
    kpi = Kpi.objects.create(
        id=pk, innovation=innovation, name=f"{mark} KPI", unit="x", baseline=0, target=10
    )
    ProgressReport.objects.create(
        id=pk,
        innovation=innovation,
        period_start=TODAY - datetime.timedelta(days=90),
        period_end=TODAY,
        activities=f"{mark} activities",
        due_on=TODAY,
        submitted_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    AgentAssignment.objects.create(id=pk, innovation=innovation, agent=owner)
    AgentReview.objects.create(
        id=pk, innovation=innovation, agent=owner, findings=mark, recommendations=mark
    )
    plan = RevivalPlan.objects.create(id=pk, innovation=innovation, diagnosis=mark)
    RevivalAction.objects.create(id=pk, plan=plan, description=mark, owner=owner, due_on=TODAY)
    common = {"pemda": pemda, "agency": agency, "innovation": innovation}
    Barrier.objects.create(
        id=pk,
        **common,
        kind="regulation",
        title=f"{mark} barrier",
        description=mark,
        impact=mark,
        sla_days=30,
        due_on=TODAY,
    )
    Risk.objects.create(
        id=pk,
        **common,
        title=f"{mark} risk",
        cause=mark,
        consequence=mark,
        likelihood=3,
        impact=3,
        treatment="reduce",
        review_on=TODAY,
    )
    line = BudgetLine.objects.create(
        id=pk, **common, fiscal_year=2026, source="apbd", description=f"{mark} line", allocated=1
    )
    Tranche.objects.create(id=pk, line=line, gate="trial", amount=1)
    lesson = Lesson.objects.create(
        id=pk, innovation=innovation, title=f"{mark} lesson", lessons=mark
    )
    indexing.index_object(lesson)
    indexing.index_object(innovation)
    sheet = InnovationAssessment.objects.create(
        id=pk, period=period, innovation=innovation, pemda=pemda
    )
    entry = Entry.objects.create(
        id=pk, indicator=indicator, innovation_assessment=sheet, note=mark, level=1
    )
    _stored(Evidence, pk, mark, entry=entry)
    return kpi, line


def build() -> dict:
    province = LocalGovernmentFactory(
        code="35", name="Jawa Timur", kind=LocalGovernment.Kind.PROVINCE
    )
    malang = LocalGovernmentFactory(code="35.73", name="Kota Malang", province=province)
    batu = LocalGovernmentFactory(id=BATU_PK, code="35.79", name="Kota Batu", province=province)
    agency_a = AgencyFactory(pemda=malang, name="Dinas Kominfo")
    agency_b = AgencyFactory(pemda=malang, name="Dinas Kesehatan")
    agency_batu = AgencyFactory(id=BATU_PK, pemda=batu, name="Dinas Kominfo Kota Batu")
    users = {
        "alice": member("alice", Role.OPERATOR, pemda=malang, agency=agency_a),
        "ivan": member("ivan", Role.INNOVATOR, pemda=malang, agency=agency_a),
        "bob": member("bob", Role.OPERATOR, pemda=malang, agency=agency_b),
        "adam": member("adam", Role.PEMDA_ADMIN, pemda=malang),
        "vera": member("vera", Role.VERIFIER, pemda=malang),
        "carl": member("carl", Role.CHANGE_AGENT, pemda=malang),
        "una": member("una", Role.INNOVATION_UNIT, pemda=malang),
        "lina": member("lina", Role.LEADERSHIP, pemda=malang),
        "oscar": member("oscar", Role.OPERATOR, pemda=batu, agency=agency_batu),
        "batu_admin": member("batu_admin", Role.PEMDA_ADMIN, pemda=batu),
    }
    period = PeriodFactory(year=2026)
    indicator = IndicatorFactory(period=period, number=16, position=16)
    IndicatorFactory(period=period, aspect="spd", number=1, position=1)

    # Alice's own implemented innovation, so that pages have something in scope.
    own = Innovation.objects.create(
        pemda=malang,
        agency=agency_a,
        name="Posyandu Digital",
        status=Innovation.Status.IMPLEMENTED,
        stage="penerapan",
    )
    own_line = BudgetLine.objects.create(
        pemda=malang,
        agency=agency_a,
        innovation=own,
        fiscal_year=2026,
        source="apbd",
        description="Own line",
        allocated=1000,
    )

    draft = Innovation.objects.create(
        id=DRAFT_PK,
        pemda=malang,
        agency=agency_b,
        name=f"{DRAFT_MARK} Kelinci innovation",
        status=Innovation.Status.DRAFT,
    )
    _, draft_line = _innovation_records(
        DRAFT_PK, draft, DRAFT_MARK, users["bob"], period, indicator
    )
    Reallocation.objects.create(  # the draft's own request, invisible outside its agency
        id=DRAFT_PK,
        pemda=malang,
        agency=agency_b,
        from_line=draft_line,
        to_line=draft_line,
        amount=1,
        reason=DRAFT_MARK,
        requested_by=users["bob"],
    )
    Reallocation.objects.create(  # alice's own, to the draft's line: she sees only her side
        pemda=malang,
        agency=agency_a,
        from_line=own_line,
        to_line=draft_line,
        amount=1,
        reason="Shift to the pilot",
        requested_by=users["alice"],
    )
    Replication.objects.create(
        id=DRAFT_PK, origin=draft, adopter_pemda=batu, adaptation_note=DRAFT_MARK
    )

    # A Malang profile that joined the draft: its timeline must not name the draft.
    person = Innovator.objects.create(id=DRAFT_PK, pemda=malang, agency=agency_b, name="Budi")
    team_member_add(actor=users["bob"], innovator=person, innovation=draft, role="lead")

    secret = Innovation.objects.create(
        id=BATU_PK,
        pemda=batu,
        agency=agency_batu,
        name=f"{BATU_MARK} Kelinci innovation",
        status=Innovation.Status.IMPLEMENTED,
        stage="penerapan",
    )
    _, batu_line = _innovation_records(
        BATU_PK, secret, BATU_MARK, users["oscar"], period, indicator
    )
    Reallocation.objects.create(
        id=BATU_PK,
        pemda=batu,
        agency=agency_batu,
        from_line=batu_line,
        to_line=batu_line,
        amount=1,
        reason=BATU_MARK,
        requested_by=users["oscar"],
    )
    Replication.objects.create(
        id=BATU_PK, origin=secret, adopter_pemda=batu, adaptation_note=BATU_MARK
    )
    PemdaAssessment.objects.create(id=BATU_PK, period=period, pemda=batu)
    innovator = Innovator.objects.create(id=BATU_PK, pemda=batu, name=f"{BATU_MARK} person")
    TeamMember.objects.create(id=BATU_PK, innovator=innovator, innovation=secret)
    recognition = Recognition(
        id=BATU_PK, innovator=innovator, kind="award", title=BATU_MARK, given_on=TODAY
    )
    recognition.save()
    event = Event.objects.create(
        id=BATU_PK,
        pemda=batu,
        organiser=agency_batu,
        kind="fgd",
        title=f"{BATU_MARK} event",
        date=TODAY,
    )
    indexing.index_object(event)
    Speaker.objects.create(id=BATU_PK, event=event, name=BATU_MARK)
    Participant.objects.create(id=BATU_PK, event=event, name=BATU_MARK)
    ActionItem.objects.create(id=BATU_PK, event=event, title=f"{BATU_MARK} action")
    _stored(EventDocument, BATU_PK, BATU_MARK, event=event)
    library = LibraryDocument.objects.create(
        id=BATU_PK, pemda=batu, kind="guide", title=f"{BATU_MARK} guide"
    )
    indexing.index_object(library)
    _stored(LibraryVersion, BATU_PK, BATU_MARK, document=library, number=1)
    ImportJob.objects.create(
        id=BATU_PK, pemda=batu, kind="innovations", original_name=f"{BATU_MARK}.csv", sha256="0"
    )
    Notification.objects.create(id=BATU_PK, recipient=users["oscar"], verb="x", message=BATU_MARK)
    return users
