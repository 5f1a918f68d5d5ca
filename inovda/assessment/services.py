"""Writes to the IID assessment. Each service checks access, changes the data, keeps the
sheet's scores up to date (`scoring.sheet_score`) and records one audit event, in one
transaction."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, cache, evidence_sources, files, formats
from inovda.core.notifications import notify
from inovda.core.versioning import check_version
from inovda.innovations.models import Innovation
from inovda.innovations.selectors import handover_people
from inovda.organizations.models import Role
from inovda.organizations.selectors import people_with_role

from . import access, scoring
from .constants import year_constants
from .models import (
    Aspect,
    AssessmentPeriod,
    Entry,
    Evidence,
    Indicator,
    InnovationAssessment,
    MeasurementBasis,
    PemdaAssessment,
    PredicateBand,
    Sheet,
    SheetStatus,
)

ROW_FIELDS = ["level", "basis", "note"]


def _label(period: AssessmentPeriod, indicator: Indicator) -> str:
    return f"{period.name} · {indicator}"


def score_update(sheet: Sheet, score: scoring.SheetScore) -> None:
    """Copy a sheet score onto the sheet's kept fields (`Sheet.SCORE_FIELDS`)."""
    sheet.claimed_score = score.claimed.value
    sheet.verified_score = score.verified.value
    sheet.claimed_mandatory_missing = len(score.claimed_mandatory_missing)
    sheet.verified_mandatory_missing = len(score.verified_mandatory_missing)
    sheet.rows_with_evidence = score.with_evidence
    sheet.rows_total = score.rows


def sheet_rescore(sheet: Sheet) -> Sheet:
    """Recompute and keep one sheet's scores from its rows (called inside services)."""
    rows = sheet.rows.select_related("indicator")
    score_update(sheet, scoring.sheet_score(r.scoring_row() for r in rows))
    type(sheet).objects.filter(pk=sheet.pk).update(
        **{name: getattr(sheet, name) for name in Sheet.SCORE_FIELDS}
    )
    return sheet


def _locked(sheet: Sheet) -> Sheet:
    model = type(sheet)
    related = ["period", "innovation"] if model is InnovationAssessment else ["period"]
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=sheet.pk)


def _fill_check(actor, sheet: Sheet) -> None:
    access.require_fill(actor, sheet)


def _create_rows(sheet: Sheet, aspect: str) -> None:
    indicators = sheet.period.indicators.filter(aspect=aspect)
    field = "innovation_assessment" if aspect == Aspect.SID else "pemda_assessment"
    Entry.objects.bulk_create([Entry(indicator=i, **{field: sheet}) for i in indicators])
    sheet_rescore(sheet)


# --- Putting innovations forward ------------------------------------------------------------


@transaction.atomic
def innovation_put_forward(
    *, actor, period: AssessmentPeriod, innovation: Innovation
) -> InnovationAssessment:
    if not access.can_put_forward(actor, period, innovation):
        raise PermissionDenied(_("You may not put this innovation forward for this period."))
    if InnovationAssessment.objects.filter(period=period, innovation=innovation).exists():
        raise ValidationError(_("This innovation is already in this period's assessment."))
    sheet = InnovationAssessment.objects.create(
        period=period, innovation=innovation, pemda_id=innovation.pemda_id
    )
    _create_rows(sheet, Aspect.SID)
    audit.record(actor=actor, verb="iid_put_forward", subject=innovation, target=period.name)
    return sheet


@transaction.atomic
def innovation_withdraw(*, actor, sheet: InnovationAssessment) -> None:
    sheet = _locked(sheet)
    access.require_submit(actor, sheet)  # putting forward is the operator's decision
    if sheet.status != SheetStatus.DRAFT:
        raise PermissionDenied(_("Only a draft sheet can be withdrawn."))
    stored = list(Evidence.objects.filter(entry__innovation_assessment=sheet).exclude(file=""))
    audit.record(
        actor=actor, verb="iid_withdrawn", subject=sheet.innovation, target=sheet.period.name
    )
    sheet.delete()
    for evidence in stored:
        files.discard(evidence.file)


@transaction.atomic
def sheet_set_development(
    *,
    actor,
    sheet: InnovationAssessment,
    development_date: datetime.date | None,
    development_note: str,
    version: int | None = None,
) -> InnovationAssessment:
    sheet = _locked(sheet)
    check_version(sheet, version)
    _fill_check(actor, sheet)
    audit.model_update(
        instance=sheet,
        fields=["development_date", "development_note"],
        data={"development_date": development_date, "development_note": development_note},
        actor=actor,
        verb="iid_development_set",
        subject=sheet.innovation,
        target=sheet.period.name,
    )
    return sheet


@transaction.atomic
def spd_start(*, actor, period: AssessmentPeriod, pemda) -> PemdaAssessment:
    if not access.can_start_spd(actor, period, pemda.pk):
        raise PermissionDenied(_("Only the Pemda admin fills the SPD, while the period is open."))
    sheet, created = PemdaAssessment.objects.get_or_create(period=period, pemda=pemda)
    if created:
        _create_rows(sheet, Aspect.SPD)
        audit.record(actor=actor, verb="spd_started", subject=sheet)
    return sheet


# --- Rows: level, basis, note, evidence --------------------------------------------------------


def _back_to_waiting(entry: Entry) -> None:
    entry.review = Entry.Review.WAITING
    entry.review_note = ""
    entry.reviewed_by = None
    entry.reviewed_at = None


@transaction.atomic
def entry_update(
    *,
    actor,
    entry: Entry,
    level: int,
    basis: MeasurementBasis | None = None,
    note: str = "",
    version: int | None = None,
) -> Entry:
    """Set a row's level (and, where the indicator has bases, its basis) and note.
    A new level or basis sends the row back to "waiting"."""
    sheet = _locked(entry.sheet)
    _fill_check(actor, sheet)
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("indicator", "basis")
        .get(pk=entry.pk)
    )
    check_version(entry, version)
    indicator = entry.indicator
    if not 0 <= level <= indicator.top_level:
        raise ValidationError(
            _("The level must be between 0 and %(top)d.") % {"top": indicator.top_level}
        )
    has_bases = indicator.bases.exists()
    if basis is not None and basis.indicator_id != indicator.pk:
        raise ValidationError(_("This measurement basis belongs to another indicator."))
    if has_bases and level > 0 and basis is None:
        raise ValidationError(_("Choose the measurement basis of this indicator."))
    scored_before = (entry.level, entry.basis_id)
    changes = audit.model_update(
        instance=entry,
        fields=ROW_FIELDS,
        data={"level": level, "basis": basis if has_bases else None, "note": note},
    )
    if (entry.level, entry.basis_id) != scored_before:
        _back_to_waiting(entry)
        entry.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    if changes:
        sheet_rescore(sheet)
        audit.record(
            actor=actor,
            verb="iid_row_set",
            subject=sheet.subject,
            target=_label(sheet.period, indicator),
            changes=changes,
        )
    return entry


def _evidence_changed(actor, sheet: Sheet, entry: Entry, verb: str, what: str) -> None:
    entry.evidence_count = entry.evidence.count()
    _back_to_waiting(entry)
    entry.save()
    sheet_rescore(sheet)
    audit.record(
        actor=actor,
        verb=verb,
        subject=sheet.subject,
        target=_label(sheet.period, entry.indicator),
        message=what,
    )


@transaction.atomic
def evidence_add(
    *, actor, entry: Entry, upload=None, url: str = "", description: str = ""
) -> Evidence:
    """Attach a file and/or a link to a row; the row goes back to "waiting"."""
    sheet = _locked(entry.sheet)
    _fill_check(actor, sheet)
    entry = (
        Entry.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=entry.pk)
    )
    if upload is None and not url:
        raise ValidationError(_("Attach a file or give a link."))
    evidence = Evidence(entry=entry, url=url, description=description, uploaded_by=actor)
    evidence.full_clean(exclude=["file"])
    if upload is not None:
        files.store(evidence, upload=upload, prefix="iid-evidence")
    evidence.save()
    _evidence_changed(actor, sheet, entry, "iid_evidence_added", str(evidence))
    return evidence


def offered_sources(entry: Entry) -> list[evidence_sources.EvidenceSource]:
    """The registered evidence sources for this row's indicator (innovation sheets)."""
    if entry.innovation_assessment_id is None:
        return []
    return evidence_sources.sources_for(Aspect.SID, entry.indicator.number)


@transaction.atomic
def evidence_from_source(*, actor, entry: Entry, key: str) -> Evidence:
    """Attach what a registered source produces for the row's innovation (e.g. the
    citizens' benefit feedback summary as a PDF), as if the user had uploaded it."""
    source = next((s for s in offered_sources(entry) if s.key == key), None)
    if source is None:
        raise ValidationError(_("This evidence is not offered for this indicator."))
    access.require_fill(actor, entry.sheet)
    produced = source.build(entry.innovation_assessment.innovation)
    if produced is None:
        raise ValidationError(_("There is nothing to attach from this source yet."))
    return evidence_add(
        actor=actor,
        entry=entry,
        upload=ContentFile(produced.content, name=produced.filename),
        description=produced.description[:255],
    )


# --- Proposed levels from counts the product keeps (IID indicators 20 and 31) ---------------


@dataclass(frozen=True)
class LevelProposal:
    key: str
    label: str
    count: int
    level: int
    level_text: str
    records: list  # (label, path) the user may see
    rule: str
    hidden: int


def level_for_count(indicator: Indicator, count: int) -> int:
    """The highest level whose definition the count reaches: the first number of each
    level's text in the catalogue ("1 kali dalam 3 tahun", "Pernah 2 kali …"), else the
    level's rank."""
    level = 0
    for rank, text in enumerate(indicator.levels, start=1):
        found = re.search(r"\d+", str(text))
        needed = int(found.group()) if found else rank
        if count >= needed:
            level = rank
    return level


def period_window(period) -> tuple | None:
    """The period's own window as data (its eligibility window), for the counts proposed
    to its rows: indicator 20 counts the capacity events inside it."""
    if period.eligibility_start and period.eligibility_end:
        return (period.eligibility_start, period.eligibility_end)
    return None


def level_proposals(entry: Entry, user) -> list[LevelProposal]:
    """What the product's own records propose for this row (innovation sheets only)."""
    sources = level_proposals_sources(entry) if entry.innovation_assessment_id else []
    if not sources:
        return []  # every other row: no query
    innovation = entry.innovation_assessment.innovation
    window = period_window(entry.innovation_assessment.period)
    proposals = []
    for source in sources:
        counted = source.count(innovation, user, window)
        if counted is None:
            continue
        level = level_for_count(entry.indicator, counted.count)
        levels = entry.indicator.levels
        proposals.append(
            LevelProposal(
                key=source.key,
                label=str(source.label),
                count=counted.count,
                level=level,
                level_text=levels[level - 1] if level else "",
                records=list(counted.records),
                rule=counted.rule,
                hidden=counted.hidden,
            )
        )
    return proposals


def level_proposals_sources(entry: Entry) -> list[evidence_sources.CountSource]:
    return evidence_sources.count_sources_for(Aspect.SID, entry.indicator.number)


@transaction.atomic
def level_proposal_apply(*, actor, entry: Entry, key: str) -> Entry:
    """ "Use this proposal": set the row's level to the proposed one and attach the records
    behind it as links (those not attached yet), through the usual services (the row goes
    back to "waiting", the score is kept, each change is audited). Never called without the
    user's click: a level the operator set is otherwise left alone."""
    sheet = _locked(entry.sheet)
    _fill_check(actor, sheet)
    entry = Entry.objects.select_related("indicator", "basis").get(pk=entry.pk)
    proposal = next((p for p in level_proposals(entry, actor) if p.key == key), None)
    if proposal is None:
        raise ValidationError(_("There is no proposal from Inovda data for this indicator."))
    entry = entry_update(
        actor=actor, entry=entry, level=proposal.level, basis=entry.basis, note=entry.note
    )
    attached = set(entry.evidence.values_list("url", flat=True))
    for label, url in proposal.records:  # Inovda's records: site-relative paths, kept so
        if url in attached:
            continue
        evidence_add(actor=actor, entry=entry, url=url, description=label[:255])
        attached.add(url)
    audit.record(
        actor=actor,
        verb="iid_proposal_used",
        subject=sheet.subject,
        target=_label(sheet.period, entry.indicator),
        message=_("Level %(level)d proposed from %(count)d %(what)s")
        % {"level": proposal.level, "count": proposal.count, "what": proposal.label},
    )
    entry.refresh_from_db()
    return entry


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    entry = evidence.entry
    sheet = _locked(entry.sheet)
    _fill_check(actor, sheet)
    entry = (
        Entry.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=entry.pk)
    )
    what = str(evidence)
    files.discard(evidence.file)
    evidence.delete()
    _evidence_changed(actor, sheet, entry, "iid_evidence_removed", what)


# --- Workflow ------------------------------------------------------------------------------


def submission_problems(rows: list[Entry]) -> list[str]:
    """What must be fixed before a sheet goes to the verifiers."""
    problems = []
    for row in rows:
        if row.level > 0 and row.evidence_count == 0:
            problems.append(
                _("Indicator %(code)s has level %(level)d but no evidence.")
                % {"code": row.indicator.code, "level": row.level}
            )
        if row.level > 0 and row.basis_id is None and row.indicator.bases.all():
            problems.append(
                _("Indicator %(code)s needs its measurement basis.") % {"code": row.indicator.code}
            )
    return problems


def _transition(actor, sheet: Sheet, verb: str, new: str, message: str = "") -> Sheet:
    before = sheet.status
    sheet.status = new
    now = timezone.now()
    if new == SheetStatus.SUBMITTED:
        sheet.submitted_at = now
    sheet.verified_at = now if new == SheetStatus.VERIFIED else None
    sheet.save(update_fields=["status", "submitted_at", "verified_at", "updated_at"])
    audit.record(
        actor=actor,
        verb=verb,
        subject=sheet.subject,
        target=sheet.period.name,
        message=message,
        changes={"status": {"before": before, "after": new}},
    )
    return sheet


# --- Hand-overs: who is told (in-app and by e-mail, `core.notifications`) ---------------------


def _sheet_link(sheet: Sheet) -> str:
    from django.urls import reverse

    if isinstance(sheet, PemdaAssessment):
        return reverse("assessment:spd", args=[sheet.period.year, sheet.pemda_id])
    return reverse("assessment:sheet", args=[sheet.period.year, sheet.innovation_id])


def _sheet_name(sheet: Sheet) -> str:
    if isinstance(sheet, PemdaAssessment):
        return _("the SPD sheet of %(pemda)s") % {"pemda": sheet.pemda}
    return f"“{sheet.innovation.name}”"


def _fillers(sheet: Sheet) -> list:
    """Who fills the sheet: the innovation's hand-over people (its agency's operators, its
    person in charge, the innovators on its team), or the Pemda admins for the SPD sheet."""
    if isinstance(sheet, PemdaAssessment):
        return people_with_role(Role.PEMDA_ADMIN, pemda_id=sheet.pemda_id)
    return handover_people(sheet.innovation)


def _tell(actor, sheet: Sheet, verb: str, recipients, message: str) -> None:
    notify(recipients=recipients, verb=verb, message=message, link=_sheet_link(sheet), skip=actor)


@transaction.atomic
def sheet_submit(*, actor, sheet: Sheet) -> Sheet:
    sheet = _locked(sheet)
    access.require_submit(actor, sheet)
    rows = list(sheet.rows.select_related("indicator").prefetch_related("indicator__bases"))
    problems = submission_problems(rows)
    if problems:
        raise ValidationError(problems)
    sheet = _transition(actor, sheet, "iid_submitted", SheetStatus.SUBMITTED)
    _tell(
        actor,
        sheet,
        "iid_submitted",
        people_with_role(Role.VERIFIER, pemda_id=sheet.pemda_id),
        _("%(sheet)s (%(period)s) was submitted for verification on %(date)s.")
        % {
            "sheet": _sheet_name(sheet),
            "period": sheet.period.name,
            "date": formats.long_date(timezone.localdate()),
        },
    )
    return sheet


def _verify_check(actor, sheet: Sheet) -> None:
    access.require_verify(actor, sheet.pemda_id)


@transaction.atomic
def entry_review(
    *, actor, entry: Entry, accept: bool, note: str = "", version: int | None = None
) -> Entry:
    sheet = _locked(entry.sheet)
    _verify_check(actor, sheet)
    if sheet.status != SheetStatus.SUBMITTED:
        raise ValidationError(_("Rows are reviewed while the sheet is submitted."))
    entry = (
        Entry.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=entry.pk)
    )
    check_version(entry, version)  # two verifiers at once: the second is refused as stale
    if accept and entry.level > 0 and entry.evidence_count == 0:
        raise ValidationError(_("A level without evidence cannot be accepted."))
    if not accept and not note.strip():
        raise ValidationError(_("Say why the row is rejected."))
    before = audit.snapshot(entry, ["review", "review_note"])
    entry.review = Entry.Review.ACCEPTED if accept else Entry.Review.REJECTED
    entry.review_note = note.strip()
    entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
    entry.save()
    sheet_rescore(sheet)
    if not accept:
        _tell(
            actor,
            sheet,
            "iid_row_rejected",
            _fillers(sheet),
            _("The verifier rejected row %(row)s of %(sheet)s: %(note)s")
            % {
                "row": _label(sheet.period, entry.indicator),
                "sheet": _sheet_name(sheet),
                "note": entry.review_note,
            },
        )
    audit.record(
        actor=actor,
        verb="iid_row_accepted" if accept else "iid_row_rejected",
        subject=sheet.subject,
        target=_label(sheet.period, entry.indicator),
        message=entry.review_note,
        changes=audit.diff(before, audit.snapshot(entry, ["review", "review_note"])),
    )
    return entry


@transaction.atomic
def sheet_return(*, actor, sheet: Sheet, note: str) -> Sheet:
    sheet = _locked(sheet)
    _verify_check(actor, sheet)
    if sheet.status not in (SheetStatus.SUBMITTED, SheetStatus.VERIFIED):
        raise ValidationError(_("Only a submitted or verified sheet can be returned."))
    if not note.strip():
        raise ValidationError(_("Say what must be revised."))
    sheet = _transition(actor, sheet, "iid_returned", SheetStatus.NEEDS_REVISION, note.strip())
    _tell(
        actor,
        sheet,
        "iid_returned",
        _fillers(sheet),
        _("%(sheet)s (%(period)s) was returned for revision: %(note)s")
        % {"sheet": _sheet_name(sheet), "period": sheet.period.name, "note": note.strip()},
    )
    return sheet


@transaction.atomic
def sheet_verify(*, actor, sheet: Sheet) -> Sheet:
    sheet = _locked(sheet)
    _verify_check(actor, sheet)
    if sheet.status != SheetStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted sheet can be verified."))
    waiting = [
        row.indicator.code
        for row in sheet.rows.select_related("indicator")
        if row.needs_review and row.review == Entry.Review.WAITING
    ]
    if waiting:
        raise ValidationError(
            _("Review every claimed row first; still waiting: %(codes)s.")
            % {"codes": ", ".join(waiting)}
        )
    # A sheet shown as verified counts in the verified index: one with a mandatory row
    # missing or rejected goes back to its author instead.
    rows = list(sheet.rows.select_related("indicator"))
    score = scoring.sheet_score(r.scoring_row() for r in rows)
    missing = sorted(set(score.claimed_mandatory_missing) | set(score.verified_mandatory_missing))
    if missing:
        raise ValidationError(
            _(
                "A mandatory indicator is missing or rejected (%(codes)s): return the sheet "
                "for revision instead; a verified sheet always counts in the verified index."
            )
            % {"codes": ", ".join(str(c) for c in missing)}
        )
    sheet = _transition(actor, sheet, "iid_verified", SheetStatus.VERIFIED)
    _tell(
        actor,
        sheet,
        "iid_verified",
        _fillers(sheet),
        _("%(sheet)s (%(period)s) was verified on %(date)s: verified score %(score)s.")
        % {
            "sheet": _sheet_name(sheet),
            "period": sheet.period.name,
            "date": formats.long_date(timezone.localdate()),
            "score": formats.number(sheet.verified_score, 2),
        },
    )
    return sheet


# --- Periods (rules as data) --------------------------------------------------------------


PERIOD_FIELDS = [
    "name",
    "scheme",
    "opens_on",
    "closes_on",
    "min_divisor",
    "basic_service_minimum",
    "count_weight",
    "count_cap",
    "count_overlapping_affairs",
    "verified_divisor_keeps_all",
    "eligibility_start",
    "eligibility_end",
    "design_min_words",
    "notes",
]


@transaction.atomic
def period_copy(*, actor, source: AssessmentPeriod, year: int, name: str = "") -> AssessmentPeriod:
    """A new period with the source's constants, bands and catalogue, to be edited."""
    access.require_rules_editor(actor)
    if AssessmentPeriod.objects.filter(year=year).exists():
        raise ValidationError(_("A period for %(year)d exists already.") % {"year": year})
    period = _copy_with_reference_rules(source=source, year=year, name=name)
    audit.record(actor=actor, verb="period_copied", subject=period, target=source.name)
    return period


def _copy_with_reference_rules(
    *, source: AssessmentPeriod, year: int, name: str = ""
) -> AssessmentPeriod:
    """A copy of `source` for `year`: its catalogue, bands and constants, dates moved by the
    years between them, then every rule the reference constants give for `year` (k, the
    basic-service minimum, the predicate bands). The notes say what came from where."""
    shift = year - source.year

    def moved(day):
        return day.replace(year=day.year + shift) if day else None

    period = AssessmentPeriod.objects.create(
        **{name_: getattr(source, name_) for name_ in PERIOD_FIELDS},
        year=year,
        copied_from=source,
    )
    period.name = name or f"IID {year}"
    period.opens_on, period.closes_on = moved(source.opens_on), moved(source.closes_on)
    period.eligibility_start = moved(source.eligibility_start)
    period.eligibility_end = moved(source.eligibility_end)
    rules = year_constants(year)
    taken = []
    for field in ("min_divisor", "basic_service_minimum"):
        if field in rules:
            value, origin = rules[field]
            setattr(period, field, value)
            taken.append(
                f"{AssessmentPeriod._meta.get_field(field).verbose_name} = {value} ({origin})"
            )
    bands = [(b.minimum, b.label) for b in source.bands.all()]
    if "bands" in rules:
        value, origin = rules["bands"]
        bands = [(Decimal(str(b["min"])), b["label"]) for b in value]
        taken.append(_("predicate bands (%(origin)s)") % {"origin": origin})
    PredicateBand.objects.bulk_create(
        PredicateBand(period=period, minimum=minimum, label=label) for minimum, label in bands
    )
    rows = 0
    for indicator in source.indicators.prefetch_related("bases"):
        bases = list(indicator.bases.all())
        indicator.pk, indicator.period = None, period
        indicator.save()
        rows += 1
        MeasurementBasis.objects.bulk_create(
            MeasurementBasis(indicator=indicator, code=b.code, name=b.name, levels=b.levels)
            for b in bases
        )
    kept = [
        f"{AssessmentPeriod._meta.get_field(field).verbose_name} = {getattr(period, field)}"
        for field in (
            "min_divisor",
            "basic_service_minimum",
            "count_weight",
            "count_cap",
            "design_min_words",
        )
        if field not in rules
    ]
    if "bands" not in rules:
        kept.append(str(_("predicate bands")))
    kept.append(_("the indicator catalogue (%(n)d rows)") % {"n": rows})
    if shift:
        kept.append(_("the dates, moved by %(n)d year(s)") % {"n": shift})
    period.copy_summary = _(
        "From the reference constants for %(year)d: %(taken)s. Kept from %(source)s: %(kept)s."
    ) % {
        "year": year,
        "taken": "; ".join(map(str, taken)) or _("nothing (the reference has no rules for it)"),
        "source": source.name,
        "kept": "; ".join(map(str, kept)),
    }
    period.notes = f"{period.copy_summary}\n\n{source.notes}"
    period.save()
    return period


@transaction.atomic
def period_from_reference(*, source: AssessmentPeriod, year: int) -> AssessmentPeriod:
    """A period the reference constants announce (e.g. IID 2027: k = 14, every basic
    service), built on the latest published catalogue; created by `load_reference`."""
    period = _copy_with_reference_rules(source=source, year=year)
    audit.record(actor=None, verb="period_copied", subject=period, target=source.name)
    return period


def period_rescore(period: AssessmentPeriod, batch: int = 2000) -> int:
    """Recompute every kept sheet score of a period (after its catalogue changed)."""
    count = 0
    for model, link in (
        (InnovationAssessment, "innovation_assessment"),
        (PemdaAssessment, "pemda_assessment"),
    ):
        ids = list(model.objects.filter(period=period).values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            rows: dict[int, list[scoring.Row]] = {pk: [] for pk in chunk}
            entries = Entry.objects.filter(**{f"{link}_id__in": chunk}).select_related("indicator")
            for entry in entries:
                rows[getattr(entry, f"{link}_id")].append(entry.scoring_row())
            sheets = list(model.objects.filter(pk__in=chunk))
            for sheet in sheets:
                score_update(sheet, scoring.sheet_score(rows[sheet.pk]))
            model.objects.bulk_update(sheets, Sheet.SCORE_FIELDS)
            count += len(sheets)
    return count


@transaction.atomic
def period_edited(*, actor, period: AssessmentPeriod, changes: dict) -> None:
    """Record an edit of a period's rules made in the admin pages and rescore its sheets."""
    access.require_rules_editor(actor)
    period_rescore(period)
    audit.record(actor=actor, verb="period_edited", subject=period, changes=changes)
    # Every Pemda's cached figures that read this period's scores (its index, dashboards).
    cache.bump(
        *{
            pemda_id
            for model in (InnovationAssessment, PemdaAssessment)
            for pemda_id in model.objects.filter(period=period)
            .order_by()
            .values_list("pemda_id", flat=True)
            .distinct()
        }
    )
