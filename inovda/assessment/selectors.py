"""Reads of the IID assessment. Lists start from what the user may see; a Pemda's index is
a handful of aggregate queries over the kept sheet scores, then `scoring.compute_index`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from inovda.core.cache import cached
from inovda.innovations.access import innovations_for_user, visibility_q
from inovda.innovations.models import Innovation
from inovda.organizations import access as org
from inovda.organizations.models import AGENCY_ROLES, PEMDA_ROLES, GovernmentAffair, Role

from . import scoring
from .access import put_forward_filter
from .models import (
    Aspect,
    AssessmentPeriod,
    Entry,
    Evidence,
    Indicator,
    InnovationAssessment,
    PemdaAssessment,
    SheetStatus,
)

# --- Periods and their rules -----------------------------------------------------------------


def period_by_year(year: int) -> AssessmentPeriod:
    return get_object_or_404(AssessmentPeriod, year=year)


def regional_period(year: int) -> AssessmentPeriod | None:
    """The regional period of `year` (a past year's annual report shows that one)."""
    return AssessmentPeriod.objects.filter(
        year=year, scheme=AssessmentPeriod.Scheme.REGIONAL
    ).first()


def changed_since(period: AssessmentPeriod, pemda_id: int, day) -> bool:
    """Whether the Pemda's sheets or rows of `period` were changed after the end of `day`
    (the history records every change): the index shown then is not that day's."""
    from django.contrib.contenttypes.models import ContentType

    from inovda.core.audit import end_of
    from inovda.core.models import AuditEvent

    sheets = InnovationAssessment.objects.filter(period=period, pemda_id=pemda_id)
    types = ContentType.objects.get_for_models(InnovationAssessment, PemdaAssessment, Entry)
    return AuditEvent.objects.filter(
        Q(subject_type=types[InnovationAssessment], subject_id__in=sheets.values("pk"))
        | Q(
            subject_type=types[PemdaAssessment],
            subject_id__in=PemdaAssessment.objects.filter(period=period, pemda_id=pemda_id).values(
                "pk"
            ),
        )
        | Q(
            subject_type=types[Entry],
            subject_id__in=Entry.objects.filter(
                Q(innovation_assessment__in=sheets)
                | Q(pemda_assessment__period=period, pemda_assessment__pemda_id=pemda_id)
            ).values("pk"),
        ),
        created_at__gt=end_of(day),
    ).exists()


def current_period() -> AssessmentPeriod | None:
    """The latest open regional period, else the latest regional one."""
    today = timezone.localdate()
    regional = AssessmentPeriod.objects.filter(scheme=AssessmentPeriod.Scheme.REGIONAL)
    for period in regional:
        if period.is_open(today):
            return period
    return regional.first()


def period_rules(period: AssessmentPeriod) -> scoring.Rules:
    """The period's constants, with the maxima derived from its catalogue."""
    maxima = {Aspect.SPD: scoring.ZERO, Aspect.SID: scoring.ZERO}
    for aspect, weight, levels in period.indicators.values_list("aspect", "weight", "levels"):
        maxima[aspect] += weight * len(levels)
    return scoring.Rules(
        year=period.year,
        min_divisor=period.min_divisor,
        count_weight=period.count_weight,
        count_cap=period.count_cap,
        basic_service_minimum=period.basic_service_minimum,
        spd_max=maxima[Aspect.SPD],
        sid_max=maxima[Aspect.SID],
        bands=tuple(scoring.Band(b.minimum, b.label) for b in period.bands.all()),
    )


def catalogue(period: AssessmentPeriod, aspect: str | None = None) -> QuerySet[Indicator]:
    qs = period.indicators.prefetch_related("bases")
    return qs.filter(aspect=aspect) if aspect else qs


# --- Eligibility as a database filter (mirrors scoring.eligibility_problems) ----------------


def _in_window(period: AssessmentPeriod, field_name: str) -> Q:
    q = Q(**{f"{field_name}__isnull": False})
    if period.eligibility_start:
        q &= Q(**{f"{field_name}__gte": period.eligibility_start})
    if period.eligibility_end:
        q &= Q(**{f"{field_name}__lte": period.eligibility_end})
    return q


def eligible_q(period: AssessmentPeriod, *, verified: bool = False) -> Q:
    """Sheets that count in the claimed (or verified) index: implementation or a documented
    development inside the window, a long enough design, and every mandatory row filled
    (verified: and accepted). Verified-eligible is always a subset of claimed-eligible."""
    q = Q(innovation__design_word_count__gte=period.design_min_words)
    if period.eligibility_start or period.eligibility_end:
        q &= _in_window(period, "innovation__implementation_start") | _in_window(
            period, "development_date"
        )
    q &= Q(claimed_mandatory_missing=0)
    if verified:
        q &= Q(verified_mandatory_missing=0)
    return q


def eligibility(sheet: InnovationAssessment, codes: tuple[str, ...] = ()) -> dict:
    """The claimed and verified eligibility problems of one sheet."""
    rules = sheet.period.eligibility_rules()
    innovation = sheet.innovation
    base = {
        "implementation_start": innovation.implementation_start,
        "development_date": sheet.development_date,
        "design_words": innovation.design_word_count,
    }
    claimed = scoring.eligibility_problems(
        rules,
        scoring.EligibilityFacts(**base, mandatory_missing=sheet.claimed_mandatory_missing),
    )
    verified = scoring.eligibility_problems(
        rules,
        scoring.EligibilityFacts(
            **base,
            mandatory_missing=max(
                sheet.verified_mandatory_missing, sheet.claimed_mandatory_missing
            ),
            mandatory_codes=codes,
        ),
    )
    return {"claimed": claimed, "verified": verified}


# --- A Pemda's index -------------------------------------------------------------------------


@dataclass
class PemdaIndex:
    pemda_id: int
    claimed: scoring.Breakdown
    verified: scoring.Breakdown
    covered_claimed: set[int] = field(default_factory=set)
    covered_verified: set[int] = field(default_factory=set)
    spd_sheet: PemdaAssessment | None = None


def _coverage(period, sheets, pemda_ids) -> dict[int, tuple[set[int], set[int]]]:
    """Basic-service affairs covered per Pemda by claimed- and verified-eligible sheets."""
    paths = ["innovation__main_affair"]
    if period.count_overlapping_affairs:
        paths.append("innovation__other_affairs")
    covered: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for path in paths:
        rows = (
            sheets.filter(eligible_q(period), **{f"{path}__is_basic_service": True})
            .values("pemda_id", path)
            .annotate(v=Count("id", filter=Q(verified_mandatory_missing=0)))
        )
        for row in rows:
            affair = row[path]
            claimed, verified = covered[row["pemda_id"]]
            claimed.add(affair)
            if row["v"]:
                verified.add(affair)
    return covered


def pemda_indexes(period: AssessmentPeriod, pemda_ids=None) -> dict[int, PemdaIndex]:
    """Claimed and verified index of every Pemda (or of `pemda_ids`) for the period: one
    grouped aggregate over the sheets, the coverage queries, the SPD sheets, then the
    pure formula per Pemda."""
    rules = period_rules(period)
    sheets = InnovationAssessment.objects.filter(period=period)
    spd_sheets = PemdaAssessment.objects.filter(period=period)
    if pemda_ids is not None:
        sheets = sheets.filter(pemda_id__in=pemda_ids)
        spd_sheets = spd_sheets.filter(pemda_id__in=pemda_ids)
    claimed_q, verified_q = eligible_q(period), eligible_q(period, verified=True)
    totals = {
        row["pemda_id"]: row
        for row in sheets.values("pemda_id").annotate(
            n_c=Count("id", filter=claimed_q),
            sum_c=Sum("claimed_score", filter=claimed_q),
            n_v=Count("id", filter=verified_q),
            sum_v=Sum("verified_score", filter=verified_q),
        )
    }
    coverage = _coverage(period, sheets, pemda_ids)
    spd = {s.pemda_id: s for s in spd_sheets}
    result = {}
    for pemda_id in set(totals) | set(spd) | set(pemda_ids or ()):
        row = totals.get(pemda_id, {})
        covered_c, covered_v = coverage.get(pemda_id, (set(), set()))
        sheet = spd.get(pemda_id)
        n_c = row.get("n_c", 0)
        claimed = scoring.IndexInput(
            spd=sheet.claimed_score if sheet else scoring.ZERO,
            score_sum=row.get("sum_c") or scoring.ZERO,
            n=n_c,
            basic_covered=len(covered_c),
        )
        verified = scoring.IndexInput(
            spd=sheet.verified_score if sheet else scoring.ZERO,
            score_sum=row.get("sum_v") or scoring.ZERO,
            n=row.get("n_v", 0),
            basic_covered=len(covered_v),
            # the period's rule: every innovation put forward keeps its seat, or only the
            # verified ones count
            seats=n_c if period.verified_divisor_keeps_all else None,
        )
        result[pemda_id] = PemdaIndex(
            pemda_id=pemda_id,
            claimed=scoring.compute_index(rules, claimed),
            verified=scoring.compute_index(rules, verified),
            covered_claimed=covered_c,
            covered_verified=covered_v,
            spd_sheet=sheet,
        )
    return result


def pemda_index(period: AssessmentPeriod, pemda_id: int) -> PemdaIndex:
    """One Pemda's index, computed once per change in the Pemda (every sheet change is
    audited, which moves the Pemda's cache version; an edit of the period's rules moves
    the version of every Pemda with a sheet: `services.period_edited`)."""
    return cached(
        pemda_id, ("iid-index", period.pk), lambda: pemda_indexes(period, [pemda_id])[pemda_id]
    )


def basic_service_affairs() -> list[GovernmentAffair]:
    return list(GovernmentAffair.objects.filter(is_basic_service=True))


# --- Sheets and rows -------------------------------------------------------------------------


def visible_sheets(*, user, period: AssessmentPeriod, pemda_id: int) -> QuerySet:
    """The innovation sheets of a Pemda whose innovation the user may see."""
    return InnovationAssessment.objects.filter(
        visibility_q(user, "innovation__"), period=period, pemda_id=pemda_id
    )


SHEET_COUNTS = ("verified", "claimed", "no")  # the score page's "counts in the index?" filter


def pemda_sheets(
    *,
    user,
    period: AssessmentPeriod,
    pemda_id: int,
    q: str = "",
    agency: int | None = None,
    status: str = "",
    counts: str = "",
) -> QuerySet:
    """The visible sheets with whether each counts in the claimed and verified index,
    filtered by name words, agency, sheet status and whether they count."""
    qs = visible_sheets(user=user, period=period, pemda_id=pemda_id)
    for word in q.split()[:8]:
        qs = qs.filter(innovation__name__icontains=word)
    if agency:
        qs = qs.filter(innovation__agency_id=agency)
    if status:
        qs = qs.filter(status=status)
    if counts == "verified":
        qs = qs.filter(eligible_q(period, verified=True))
    elif counts == "claimed":
        qs = qs.filter(eligible_q(period)).exclude(eligible_q(period, verified=True))
    elif counts == "no":
        qs = qs.exclude(eligible_q(period))
    return (
        qs.select_related("innovation__agency", "period")
        .annotate(
            counts_claimed=ExpressionWrapper(eligible_q(period), output_field=BooleanField()),
            counts_verified=ExpressionWrapper(
                eligible_q(period, verified=True), output_field=BooleanField()
            ),
        )
        .order_by("-claimed_score", "innovation__name")
    )


def sheet_rows(sheet) -> list[Entry]:
    return list(
        sheet.rows.select_related("indicator", "basis", "reviewed_by")
        .prefetch_related(
            "indicator__bases",
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
        )
        .order_by("indicator__position")
    )


def sheet_score(rows: list[Entry]) -> scoring.SheetScore:
    return scoring.sheet_score(row.scoring_row() for row in rows)


def sheet_for_innovation(period: AssessmentPeriod, innovation) -> InnovationAssessment | None:
    return InnovationAssessment.objects.filter(period=period, innovation=innovation).first()


def spd_sheet(period: AssessmentPeriod, pemda_id: int) -> PemdaAssessment | None:
    return PemdaAssessment.objects.filter(period=period, pemda_id=pemda_id).first()


def assessable_innovations(
    *, user, period: AssessmentPeriod, pemda_id: int, limit: int | None = None
) -> list[Innovation]:
    """Innovations the user may put forward for the period and has not yet (the first
    `limit` of them, by agency and name)."""
    allowed = put_forward_filter(user, period, pemda_id)
    if allowed is None:
        return []
    taken = InnovationAssessment.objects.filter(period=period).values("innovation_id")
    candidates = (
        innovations_for_user(user)
        .filter(pemda_id=pemda_id, **allowed)
        .exclude(id__in=taken)
        .select_related("agency")
        .only("id", "name", "pemda_id", "agency_id", "status", "agency__name", "agency__short_name")
        .order_by("agency__name", "name")
    )
    return list(candidates[:limit] if limit is not None else candidates)


# --- Agency and Pemda views ------------------------------------------------------------------


def agency_table(*, user, period: AssessmentPeriod, pemda_id: int) -> list[dict]:
    """Agencies ranked by the average verified maturity of their innovations, with the
    claimed-versus-verified gap."""
    rows = (
        visible_sheets(user=user, period=period, pemda_id=pemda_id)
        .values("innovation__agency_id", "innovation__agency__name")
        .annotate(
            n=Count("id"),
            claimed_sum=Sum("claimed_score"),
            verified_sum=Sum("verified_score"),
            claimed_avg=Avg("claimed_score"),
            verified_avg=Avg("verified_score"),
            verified_n=Count("id", filter=Q(status=SheetStatus.VERIFIED)),
        )
    )
    table = [
        {
            "agency_id": row["innovation__agency_id"],
            "agency": row["innovation__agency__name"],
            "n": row["n"],
            "verified_n": row["verified_n"],
            "claimed_sum": scoring.r2(row["claimed_sum"] or 0),
            "verified_sum": scoring.r2(row["verified_sum"] or 0),
            "claimed_avg": scoring.r2(Decimal(str(row["claimed_avg"] or 0))),
            "verified_avg": scoring.r2(Decimal(str(row["verified_avg"] or 0))),
            "gap": scoring.r2((row["claimed_sum"] or 0) - (row["verified_sum"] or 0)),
        }
        for row in rows
    ]
    table.sort(key=lambda r: (-r["verified_avg"], -r["verified_sum"], r["agency"]))
    for rank, row in enumerate(table, start=1):
        row["rank"] = rank
    return table


def missing_evidence(*, user, period: AssessmentPeriod, pemda_id: int) -> list[dict]:
    """SID indicators ordered by how many of the Pemda's sheets lack evidence for them."""
    sheets = visible_sheets(user=user, period=period, pemda_id=pemda_id).values("id")
    rows = (
        Entry.objects.filter(innovation_assessment__in=sheets)
        .values("indicator_id", "indicator__number", "indicator__sub", "indicator__name")
        .annotate(
            sheets=Count("id"),
            missing=Count("id", filter=Q(evidence_count=0)),
            claimed_without=Count("id", filter=Q(evidence_count=0, level__gt=0)),
            mandatory=F("indicator__mandatory"),
        )
        .order_by("-missing", "-claimed_without", "indicator__position")
    )
    return [
        {
            "code": f"{r['indicator__number']}{r['indicator__sub']}",
            "name": r["indicator__name"],
            "mandatory": r["mandatory"],
            "sheets": r["sheets"],
            "missing": r["missing"],
            "claimed_without": r["claimed_without"],
            "share": round(100 * r["missing"] / r["sheets"]) if r["sheets"] else 0,
        }
        for r in rows
    ]


def export_sheets(period: AssessmentPeriod, pemda_id: int, *, verified: bool) -> QuerySet:
    """Eligible sheets of a Pemda for the national window, with their rows and evidence."""
    return (
        InnovationAssessment.objects.filter(period=period, pemda_id=pemda_id)
        .filter(eligible_q(period, verified=verified))
        .select_related("innovation__agency", "innovation__main_affair", "innovation__pemda")
        .prefetch_related(
            "innovation__other_affairs",
            Prefetch(
                "rows",
                queryset=Entry.objects.select_related("indicator", "basis")
                .prefetch_related("evidence")
                .order_by("indicator__position"),
            ),
        )
        .order_by("innovation__agency__name", "innovation__name")
    )


# --- What-if -----------------------------------------------------------------------------


@dataclass
class Simulation:
    breakdown: scoring.Breakdown
    next_score: Decimal | None = None
    gain: Decimal | None = None


def simulate(
    period: AssessmentPeriod,
    *,
    spd: Decimal,
    scores: list[Decimal],
    basic_services: int,
    next_score: Decimal | None = None,
) -> Simulation:
    """The full breakdown for hypothetical inputs, and what one more innovation adds."""
    rules = period_rules(period)
    given = scoring.IndexInput.from_scores(spd, scores, basic_services)
    result = Simulation(scoring.compute_index(rules, given))
    if next_score is not None:
        result.next_score = Decimal(next_score)
        result.gain = scoring.gain_of_one_more(rules, given, result.next_score)
    return result


# --- The verification queue and the desk ------------------------------------------------------

# The queue's "waiting for at least" filter, in days.
QUEUE_AGES = (7, 14, 30)


def verification_queue(
    *, user, agency: int | None = None, min_days: int | None = None, year: int | None = None
) -> QuerySet[InnovationAssessment]:
    """The submitted innovation sheets the user may see, scoped by role (a verifier and the
    other Pemda-wide roles: the whole Pemda; an agency's operators and innovators: their
    agency), oldest first, with their rows still to review."""
    qs = InnovationAssessment.objects.filter(
        status=SheetStatus.SUBMITTED, innovation__in=innovations_for_user(user)
    )
    if not user.is_superuser:
        qs = qs.filter(
            Q(pemda_id__in=org.pemda_ids_with_role(user, *PEMDA_ROLES))
            | Q(innovation__agency_id__in=org.agency_ids_with_role(user, *AGENCY_ROLES))
        )
    if agency:
        qs = qs.filter(innovation__agency_id=agency)
    if min_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - timezone.timedelta(days=min_days))
    if year:
        qs = qs.filter(period__year=year)
    return (
        qs.select_related("innovation__agency", "period", "pemda")
        .annotate(rows_waiting=Count("rows", filter=_rows_waiting("rows__")))
        .order_by("submitted_at", "id")
    )


def _rows_waiting(prefix: str = "") -> Q:
    """A row the verifier still has to review (level 0 without evidence claims nothing)."""
    return Q(**{f"{prefix}review": Entry.Review.WAITING}) & (
        Q(**{f"{prefix}level__gt": 0}) | Q(**{f"{prefix}evidence_count__gt": 0})
    )


def spd_queue(*, user, year: int | None = None) -> QuerySet[PemdaAssessment]:
    """The submitted SPD sheets of the Pemda whose verifier the user is."""
    qs = PemdaAssessment.objects.filter(
        status=SheetStatus.SUBMITTED,
        pemda_id__in=org.pemda_ids_with_role(user, Role.VERIFIER),
    )
    if year:
        qs = qs.filter(period__year=year)
    return (
        qs.select_related("period", "pemda")
        .annotate(rows_waiting=Count("rows", filter=_rows_waiting("rows__")))
        .order_by("submitted_at", "id")
    )


@dataclass
class VerifierDesk:
    sheets: int
    rows: int
    oldest: list


def verifier_desk(user, pemda_ids: set[int], shown: int = 5) -> VerifierDesk:
    """What waits for a verifier of `pemda_ids`: submitted sheets (SID and SPD) and their
    rows still to review, in three queries whatever the number of sheets."""
    submitted = Q(status=SheetStatus.SUBMITTED, pemda_id__in=pemda_ids)
    sid = InnovationAssessment.objects.filter(submitted).count()
    spd = PemdaAssessment.objects.filter(submitted).count()
    rows = (
        Entry.objects.filter(_rows_waiting())
        .filter(
            Q(
                innovation_assessment__status=SheetStatus.SUBMITTED,
                innovation_assessment__pemda_id__in=pemda_ids,
            )
            | Q(
                pemda_assessment__status=SheetStatus.SUBMITTED,
                pemda_assessment__pemda_id__in=pemda_ids,
            )
        )
        .count()
    )
    oldest = list(
        InnovationAssessment.objects.filter(submitted)
        .select_related("innovation", "period")
        .order_by("submitted_at", "id")[:shown]
    )
    return VerifierDesk(sheets=sid + spd, rows=rows, oldest=oldest)


@dataclass
class AgencyDesk:
    returned: int
    rejected_rows: int
    sheets: list


def agency_desk(innovations, shown: int = 5) -> AgencyDesk:
    """What waits for an agency's operators and innovators in the IID: sheets sent back
    for revision and rows the verifier rejected that are not fixed yet, of `innovations`
    (the desk's innovations: the agency's for an operator, the team's for an innovator)."""
    ids = innovations.values("pk")
    returned = InnovationAssessment.objects.filter(
        status=SheetStatus.NEEDS_REVISION, innovation__in=ids
    )
    rejected = Entry.objects.filter(
        review=Entry.Review.REJECTED,
        innovation_assessment__innovation__in=ids,
    ).exclude(innovation_assessment__status=SheetStatus.VERIFIED)
    sheets = list(
        InnovationAssessment.objects.filter(
            Q(status=SheetStatus.NEEDS_REVISION)
            | Q(rows__review=Entry.Review.REJECTED, status=SheetStatus.DRAFT),
            innovation__in=ids,
        )
        .distinct()
        .select_related("innovation", "period")
        .order_by("-updated_at")[:shown]
    )
    return AgencyDesk(returned=returned.count(), rejected_rows=rejected.count(), sheets=sheets)
