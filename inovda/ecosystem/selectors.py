"""Reads of the five-factor registers: every list starts from what the user may see."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from inovda.core import formats
from inovda.innovations.evidence import required as evidence_required
from inovda.innovations.models import Tag

from . import access, conf, rules, similarity
from .models import Barrier, BudgetLine, Innovator, Recognition, Risk, TimeAllotment, Training

# =================================================================== barriers


@dataclass
class BarrierFilters:
    q: str = ""
    kind: str = ""
    status: str = ""  # "" = every open status; "all"; or one status
    agency: int | None = None
    innovation: int | None = None
    overdue: bool = False
    mine: bool = False
    year: int | None = None


def barrier_list(*, user, filters: BarrierFilters | None = None) -> QuerySet[Barrier]:
    f = filters or BarrierFilters()
    qs = access.barriers_for_user(user).select_related("agency", "innovation", "owner")
    if f.status == "":
        qs = qs.filter(status__in=rules.OPEN_BARRIER_STATUSES)
    elif f.status != "all":
        qs = qs.filter(status=f.status)
    if f.q:
        for word in f.q.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(resolution__icontains=word)
                | Q(innovation__name__icontains=word)
            )
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.innovation:
        qs = qs.filter(innovation_id=f.innovation)
    if f.overdue:
        qs = qs.filter(status__in=rules.OPEN_BARRIER_STATUSES, due_on__lt=timezone.localdate())
    if f.mine:
        qs = qs.filter(owner=user)
    if f.year:
        qs = qs.filter(raised_on__year=f.year)
    return qs.order_by(
        Case(When(status__in=rules.OPEN_BARRIER_STATUSES, then=0), default=1),
        "due_on",
        "-id",
    )


@dataclass
class KindStats:
    kind: str
    label: str
    total: int
    open: int
    overdue: int
    agencies: int
    within_sla: float | None
    median_days: float | None
    systemic: bool = False  # frequent and spread over agencies: see `is_systemic`


# A barrier type is systemic when it is actually frequent (at least this many barriers and
# this share of all of them) and not one agency's problem (this many agencies).
SYSTEMIC_MIN_BARRIERS = 5
SYSTEMIC_MIN_SHARE = 0.15
SYSTEMIC_MIN_AGENCIES = 3


def is_systemic(kind_total: int, agencies: int, all_total: int) -> bool:
    return (
        agencies >= SYSTEMIC_MIN_AGENCIES
        and kind_total >= SYSTEMIC_MIN_BARRIERS
        and kind_total >= SYSTEMIC_MIN_SHARE * all_total
    )


@dataclass
class BarrierBoard:
    open: int
    overdue: int
    escalated: int
    resolved: int
    median_days: float | None
    within_sla: float | None
    kinds: list[KindStats]


def barrier_board(
    *, user, agency: int | None = None, year: int | None = None, as_of=None
) -> BarrierBoard:
    """The unit's board over the barriers the user may work or read (withdrawn left out):
    grouped counts and medians in the database, so its cost follows the barrier types.

    `as_of` (a past year's annual report: 31 December): the barriers raised up to that day,
    each with its status of that day from the history, overdue as of that day."""
    today = as_of or timezone.localdate()
    qs = access.barriers_for_user(user)
    status = "status"
    if as_of is not None:
        from inovda.core.audit import value_then

        status = "status_then"
        qs = qs.filter(raised_on__lte=as_of).annotate(
            status_then=value_then(Barrier, "status", as_of)
        )
    qs = qs.exclude(**{status: Barrier.Status.WITHDRAWN})
    if agency:
        qs = qs.filter(agency_id=agency)
    if year:
        qs = qs.filter(raised_on__year=year)
    qs = qs.order_by()
    open_ = Q(**{f"{status}__in": rules.OPEN_BARRIER_STATUSES})
    overdue = open_ & Q(due_on__lt=today)
    resolved = Q(**{status: Barrier.Status.RESOLVED}, resolved_on__isnull=False)
    if as_of is not None:
        resolved &= Q(resolved_on__lte=as_of)
    figures = {
        "total": Count("id"),
        "open": Count("id", filter=open_),
        "overdue": Count("id", filter=overdue),
        "escalated": Count("id", filter=Q(**{status: Barrier.Status.ESCALATED})),
        "resolved": Count("id", filter=resolved),
        "on_time": Count("id", filter=resolved & Q(resolved_on__lte=F("due_on"))),
        "agencies": Count("agency_id", distinct=True),
    }
    rows = list(qs.values("kind").annotate(**figures))
    medians = _median_days(qs.filter(resolved))

    def within(row):
        decided = row["resolved"] + row["overdue"]
        return row["on_time"] / decided if decided else None

    labels = dict(Barrier.Kind.choices)
    kinds = [
        KindStats(
            kind=row["kind"],
            label=str(labels.get(row["kind"], row["kind"])),
            total=row["total"],
            open=row["open"],
            overdue=row["overdue"],
            agencies=row["agencies"],
            within_sla=within(row),
            median_days=medians.get(row["kind"]),
        )
        for row in rows
    ]
    kinds.sort(key=lambda k: (-k.total, -k.agencies, k.label))
    total = {key: sum(row[key] for row in rows) for key in figures}
    for k in kinds:
        k.systemic = is_systemic(k.total, k.agencies, total["total"])
    return BarrierBoard(
        open=total["open"],
        overdue=total["overdue"],
        escalated=total["escalated"],
        resolved=total["resolved"],
        median_days=medians.get(None),
        within_sla=within(total),
        kinds=kinds,
    )


def _median_days(resolved: QuerySet[Barrier]) -> dict:
    """Median days from raised to resolved, per kind and overall (key None), computed by
    the database: the middle row(s) of each ordered group, one query."""
    days = ExpressionWrapper(F("resolved_on") - F("raised_on"), output_field=DurationField())
    middle = {}
    for partition, key in (([F("kind")], "kind"), (None, None)):
        rows = (
            resolved.annotate(
                days=days,
                rank2=Window(RowNumber(), partition_by=partition, order_by=days.asc()) * 2,
                n=Window(Count("id"), partition_by=partition),
            )
            .filter(rank2__gte=F("n"), rank2__lte=F("n") + 2)
            .values_list(key or "id", "days")
        )
        for group, value in rows:
            middle.setdefault(group if key else None, []).append(value.days)
    return {group: statistics.median(values) for group, values in middle.items()}


def _precedent_text(barrier) -> str:
    return f"{barrier.title} {barrier.title} {barrier.description} {barrier.resolution}"


def precedents_for_user(user) -> QuerySet[Barrier]:
    return access.barriers_for_user(user).filter(status=Barrier.Status.RESOLVED)


def precedent_suggestions(
    *, user, kind: str, text: str, exclude: int | None = None, limit: int | None = None
) -> list[tuple[Barrier, float]]:
    """Resolved barriers whose text reads most like `text`, best first. The type is a boost,
    not a filter: the same problem filed under another type is still offered. Precedents
    with the same words (one resolution copied to several barriers) are offered once."""
    candidates = precedents_for_user(user)
    if exclude:
        candidates = candidates.exclude(pk=exclude)
    return _ranked_precedents(candidates, text=text, kind=kind, limit=limit)


def _ranked_precedents(candidates, *, text: str, kind: str, limit: int | None):
    by_id = {
        b.pk: b
        for b in candidates.select_related("agency", "innovation").only(
            "id",
            "title",
            "description",
            "resolution",
            "kind",
            "agency__name",
            "agency__short_name",
            "innovation__name",
            "resolved_on",
        )
    }
    limit = limit or int(conf.get("PRECEDENT_LIMIT"))
    boost = 1 + float(conf.get("PRECEDENT_SAME_KIND_BOOST"))
    ranked = similarity.rank(
        text,
        {pk: _precedent_text(b) for pk, b in by_id.items()},
        limit=len(by_id),
        min_score=float(conf.get("PRECEDENT_MIN_SIMILARITY")),
    )
    scored = sorted(
        (
            (by_id[pk], min(1.0, round(score * boost, 4)) if by_id[pk].kind == kind else score)
            for pk, score in ranked
        ),
        key=lambda item: (-item[1], item[0].pk),
    )
    return _distinct(scored, key=lambda item: item[0])[:limit]


def _distinct(items, key=lambda item: item):
    """The first of every group of precedents with the same words (case and spacing aside)."""
    seen, kept = set(), []
    for item in items:
        barrier = key(item)
        words = " ".join(f"{barrier.title} {barrier.description} {barrier.resolution}".split())
        if words.casefold() not in seen:
            seen.add(words.casefold())
            kept.append(item)
    return kept


def precedent_search(*, user, q: str = "", kind: str = "") -> list[Barrier]:
    """The precedent library: resolved barriers, most similar to `q` first (newest without q);
    `kind` here is the reader's filter."""
    qs = precedents_for_user(user)
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        return [b for b, _ in _ranked_precedents(qs, text=q, kind=kind, limit=50)]
    newest = qs.select_related("agency", "innovation").order_by("-resolved_on", "-id")[:200]
    return _distinct(newest)[:50]


# =================================================================== risks


def with_ratings(qs: QuerySet[Risk]) -> QuerySet[Risk]:
    """Annotate `current` (residual score if rated, else inherent) and `appetite` (of the
    innovation's stage), so that flags filter in the database."""
    appetite = conf.get("RISK_APPETITE")
    need = evidence_required("risk_at_scale")
    unproven = (
        [
            When(
                innovation__stage="penerapan",
                innovation__evidence_level__lt=need,
                then=Value(int(conf.get("RISK_APPETITE_UNPROVEN_AT_SCALE"))),
            )
        ]
        if need is not None
        else []
    )
    return qs.annotate(
        current=Coalesce(
            F("residual_likelihood") * F("residual_impact"), F("likelihood") * F("impact")
        ),
        appetite_limit=Case(
            *unproven,
            *[When(innovation__stage=stage, then=Value(int(v))) for stage, v in appetite.items()],
            default=Value(None),
            output_field=IntegerField(),
        ),
    )


def above_appetite_q() -> Q:
    return Q(kind=Risk.Kind.THREAT, current__gt=F("appetite_limit")) & ~Q(status=Risk.Status.CLOSED)


@dataclass
class RiskFilters:
    agency: int | None = None
    innovation: int | None = None
    status: str = ""  # "" = not closed
    overdue: bool = False
    above_appetite: bool = False
    kind: str = ""


def risk_list(*, user, filters: RiskFilters | None = None) -> QuerySet[Risk]:
    f = filters or RiskFilters()
    qs = with_ratings(access.risks_for_user(user)).select_related("innovation", "agency", "owner")
    if f.status == "":
        qs = qs.exclude(status=Risk.Status.CLOSED)
    elif f.status != "all":
        qs = qs.filter(status=f.status)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.innovation:
        qs = qs.filter(innovation_id=f.innovation)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.overdue:
        qs = qs.filter(review_on__lt=timezone.localdate()).exclude(status=Risk.Status.CLOSED)
    if f.above_appetite:
        qs = qs.filter(above_appetite_q())
    return qs.order_by("-current", "review_on", "id")


def risks_open_on(*, user, day: datetime.date) -> QuerySet[Risk]:
    """The risks (of those `user` may see) open at the end of `day`, each with its
    likelihood and impact of that day (`likelihood_then`, `impact_then`) rebuilt from the
    audit history: identified by then and not closed by then. A past year's annual report
    draws its heat map from it (31 December)."""
    from inovda.core.audit import value_then

    return (
        access.risks_for_user(user)
        .filter(identified_on__lte=day)
        .exclude(closed_on__lte=day)
        .annotate(
            status_then=value_then(Risk, "status", day),
            likelihood_then=value_then(Risk, "likelihood", day, output_field=IntegerField()),
            impact_then=value_then(Risk, "impact", day, output_field=IntegerField()),
        )
        .exclude(status_then=Risk.Status.CLOSED)
    )


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    score: int
    level: str
    count: int


def heat_map(
    risks: QuerySet[Risk], *, residual: bool = False, then: bool = False
) -> list[list[HeatCell]]:
    """5×5 counts of the given (open) risks: rows likelihood 5→1, columns impact 1→5.
    `residual` places each risk by its rating after treatment (inherent when not rated);
    `then` by its rating of a past day (`risks_open_on`)."""
    risks = risks.order_by()  # ordering columns would split the groups
    if then:
        risks = risks.annotate(l=F("likelihood_then"), i=F("impact_then"))
    elif residual:
        risks = risks.annotate(
            l=Coalesce("residual_likelihood", "likelihood"), i=Coalesce("residual_impact", "impact")
        )
    else:
        risks = risks.annotate(l=F("likelihood"), i=F("impact"))
    counts = Counter(
        {(row["l"], row["i"]): row["n"] for row in risks.values("l", "i").annotate(n=Count("id"))}
    )
    return [
        [
            HeatCell(lh, im, lh * im, rules.risk_level(lh * im), counts.get((lh, im), 0))
            for im in range(1, 6)
        ]
        for lh in range(5, 0, -1)
    ]


@dataclass
class RiskSummary:
    open: int
    above_appetite: int
    overdue: int
    by_level: dict[str, int]


def risk_summary(risks: QuerySet[Risk]) -> RiskSummary:
    """Counts over an annotated (with_ratings) queryset of open risks: one grouped query
    (per current score, at most 25 rows)."""
    today = timezone.localdate()
    open_ = risks.exclude(status=Risk.Status.CLOSED).order_by()
    rows = open_.values("current").annotate(
        n=Count("id"),
        above=Count("id", filter=above_appetite_q()),
        overdue=Count("id", filter=Q(review_on__lt=today)),
    )
    levels: Counter = Counter()
    above = overdue = 0
    for row in rows:
        levels[rules.risk_level(row["current"])] += row["n"]
        above += row["above"]
        overdue += row["overdue"]
    return RiskSummary(
        open=sum(levels.values()),
        above_appetite=above,
        overdue=overdue,
        by_level={level: levels.get(level, 0) for _, level in conf.get("RISK_LEVELS")},
    )


# =================================================================== budget


@dataclass
class BudgetRow:
    key: object
    label: str
    allocated: Decimal
    realised: Decimal
    lines: int

    @property
    def rate(self) -> float | None:
        return rules.realisation_rate(self.allocated, self.realised)


def _budget_rows(qs, key: str, labels) -> list[BudgetRow]:
    rows = qs.values(key).annotate(
        allocated=Sum("allocated"), realised=Sum("realised"), lines=Count("id", distinct=True)
    )
    result = [
        BudgetRow(
            key=row[key],
            label=str(labels(row[key])),
            allocated=row["allocated"] or Decimal(0),
            realised=row["realised"] or Decimal(0),
            lines=row["lines"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (-r.allocated, r.label))


def budget_lines(*, user, year: int | None = None, agency: int | None = None, theme=None):
    qs = access.budget_lines_for_user(user)
    if year:
        qs = qs.filter(fiscal_year=year)
    if agency:
        qs = qs.filter(agency_id=agency)
    if theme:
        qs = qs.filter(innovation__themes=theme)
    return qs


def budget_total(
    *, user, year: int | None = None, agency: int | None = None, as_of=None
) -> BudgetRow:
    """Allocated and realised over the user's budget lines (summed by the database).

    `as_of` (a past year's annual report: 31 December): the lines recorded by that day,
    with the allocation and realisation of that day from the history."""
    lines = budget_lines(user=user, year=year, agency=agency)
    allocated, realised = "allocated", "realised"
    if as_of is not None:
        from django.db.models import DecimalField

        from inovda.core.audit import end_of, value_then

        amount = DecimalField(max_digits=16, decimal_places=2)
        allocated, realised = "allocated_then", "realised_then"
        lines = lines.filter(created_at__lte=end_of(as_of)).annotate(
            allocated_then=value_then(BudgetLine, "allocated", as_of, amount),
            realised_then=value_then(BudgetLine, "realised", as_of, amount),
        )
    totals = lines.aggregate(allocated=Sum(allocated), realised=Sum(realised), lines=Count("id"))
    return BudgetRow(
        "total",
        "",
        totals["allocated"] or Decimal(0),
        totals["realised"] or Decimal(0),
        totals["lines"],
    )


def budget_summary(*, user, year: int | None = None, agency: int | None = None) -> dict:
    """Budget per agency, source, theme and year, with realisation rates."""
    lines = budget_lines(user=user, year=year, agency=agency)
    all_years = budget_lines(user=user, agency=agency)
    agencies = dict(
        access.budget_lines_for_user(user)
        .values_list("agency_id", "agency__name")
        .order_by()
        .distinct()
    )
    sources = dict(BudgetLine.Source.choices)
    themes = dict(Tag.objects.filter(kind=Tag.Kind.THEME).values_list("id", "name"))
    return {
        "total": budget_total(user=user, year=year, agency=agency),
        "by_agency": _budget_rows(lines, "agency_id", lambda k: agencies.get(k, k)),
        "by_source": _budget_rows(lines, "source", lambda k: sources.get(k, k)),
        "by_theme": _budget_rows(
            lines.filter(innovation__themes__isnull=False),
            "innovation__themes",
            lambda k: themes.get(k, k),
        ),
        "by_year": sorted(_budget_rows(all_years, "fiscal_year", str), key=lambda r: r.key),
    }


def budget_years(*, user) -> list[int]:
    years = set(access.budget_lines_for_user(user).values_list("fiscal_year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# =================================================================== innovators


def innovator_list(*, user, agency: int | None = None, q: str = "", kind: str = ""):
    qs = access.innovators_for_user(user).select_related("agency").filter(is_active=True)
    if agency:
        qs = qs.filter(agency_id=agency)
    if kind:
        qs = qs.filter(kind=kind)
    for word in q.split()[:8]:
        qs = qs.filter(
            Q(name__icontains=word) | Q(skills__icontains=word) | Q(position__icontains=word)
        )
    return qs.annotate(
        led=Count("teams", filter=Q(teams__role="lead"), distinct=True),
        joined=Count("teams", distinct=True),
    ).order_by("name")


@dataclass
class CapabilityRow:
    agency_id: int | None
    label: str
    innovators: int = 0
    asn: int = 0
    citizens: int = 0
    trained: int = 0
    training_hours: Decimal = Decimal(0)
    recognitions: int = 0
    incentives: int = 0
    hours_per_week: Decimal = Decimal(0)
    with_time: int = 0


def capability_totals(*, user, year: int) -> tuple[list[CapabilityRow], CapabilityRow]:
    """Per agency: innovators, trainings and hours in `year`, recognitions in `year`, time
    allotted for `year`; and the total."""
    innovators = access.innovators_for_user(user).filter(is_active=True)
    rows: dict = {}

    def row(agency_id, label):
        return rows.setdefault(agency_id, CapabilityRow(agency_id, label or "—"))

    for agency_id, name, kind, n in innovators.values_list(
        "agency_id", "agency__name", "kind"
    ).annotate(n=Count("id")):
        r = row(agency_id, name)
        r.innovators += n
        if kind == Innovator.Kind.ASN:
            r.asn += n
        else:
            r.citizens += n
    trainings = Training.objects.filter(innovator__in=innovators, held_on__year=year)
    for agency_id, n, hours in trainings.values_list("innovator__agency_id").annotate(
        n=Count("innovator", distinct=True), hours=Sum("hours")
    ):
        r = rows.get(agency_id)
        if r:
            r.trained, r.training_hours = n, hours or Decimal(0)
    recognitions = Recognition.objects.filter(innovator__in=innovators, given_on__year=year)
    for agency_id, n, incentives in recognitions.values_list("innovator__agency_id").annotate(
        n=Count("id"), incentives=Count("id", filter=Q(kind=Recognition.Kind.INCENTIVE))
    ):
        r = rows.get(agency_id)
        if r:
            r.recognitions, r.incentives = n, incentives
    allotted = TimeAllotment.objects.filter(
        innovator__in=innovators, year=year, hours_per_week__gt=0
    )
    for agency_id, hours, n in allotted.values_list("innovator__agency_id").annotate(
        hours=Sum("hours_per_week"), n=Count("id")
    ):
        r = rows.get(agency_id)
        if r:
            r.hours_per_week, r.with_time = hours or Decimal(0), n
    result = sorted(rows.values(), key=lambda r: (-r.innovators, r.label))
    total = CapabilityRow(None, "")
    for r in result:
        for name in (
            "innovators",
            "asn",
            "citizens",
            "trained",
            "training_hours",
            "recognitions",
            "incentives",
            "hours_per_week",
            "with_time",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return result, total


def spd12_level(*, user, year: int) -> int:
    """The level of SPD indicator 12 (Penghargaan bagi inovator) these records support:
    1 a certificate; 2 a certificate and an incentive; 0 none. Level 3 also needs a
    documented control mechanism, which these records cannot show."""
    kinds = set(
        Recognition.objects.filter(
            innovator__in=access.innovators_for_user(user), given_on__year=year
        ).values_list("kind", flat=True)
    )
    has_certificate = bool(kinds & {Recognition.Kind.CERTIFICATE, Recognition.Kind.AWARD})
    if has_certificate and Recognition.Kind.INCENTIVE in kinds:
        return 2
    return 1 if has_certificate else 0


def years_back(n: int = 6) -> list[int]:
    today = timezone.localdate()
    return list(range(today.year, today.year - n, -1))


def today() -> datetime.date:
    return timezone.localdate()


def team_innovation_ids(user):
    """The ids of the innovations `user` leads or is a member of (through their innovator
    profile), as a subquery."""
    from .models import TeamMember

    return TeamMember.objects.filter(innovator__user_id=user.pk).values("innovation_id")


def team_user_ids(innovation_ids) -> dict[int, set[int]]:
    """The users on each innovation's team (through their innovator profile), in one query:
    {innovation id: {user id, ...}}."""
    from .models import TeamMember

    out: dict[int, set[int]] = {}
    rows = TeamMember.objects.filter(
        innovation_id__in=innovation_ids, innovator__user_id__isnull=False
    ).values_list("innovation_id", "innovator__user_id")
    for innovation_id, user_id in rows:
        out.setdefault(innovation_id, set()).add(user_id)
    return out


# ------------------------------------------------------------- F5: spending from reports


def reports_feeding(line, *, alone: bool):
    """The progress reports whose spending feeds budget line `line`: those of its fiscal
    year booked on it, and, when it is the innovation's only line that year (`alone`),
    those that name no line (reports written before the year had a line, or imported)."""
    from inovda.innovations.models import ProgressReport

    booked = Q(budget_line_id=line.pk)
    if alone:
        booked |= Q(budget_line_id=None)
    return ProgressReport.objects.filter(
        booked, innovation_id=line.innovation_id, period_end__year=line.fiscal_year
    )


def report_sources(lines) -> dict[int, list]:
    """For each budget line (of one innovation's page: a few), the progress reports with
    spending that fed it, oldest first: {line id: [report, ...]}. The same rule as the
    realisation (`reports_feeding`)."""
    lines = list(lines)
    counts = Counter(
        BudgetLine.objects.filter(
            innovation_id__in={line.innovation_id for line in lines},
            fiscal_year__in={line.fiscal_year for line in lines},
        ).values_list("innovation_id", "fiscal_year")
    )
    return {
        line.pk: list(
            reports_feeding(line, alone=counts[(line.innovation_id, line.fiscal_year)] == 1)
            .filter(budget_realised__isnull=False)
            .order_by("period_end")
        )
        for line in lines
    }


def spending_lines(innovation_id: int, years) -> dict:
    """`core.spending`'s source: the innovation's budget lines of `years`, per year."""
    from inovda.core.spending import SpendingLine

    out: dict[int, list] = {}
    for line in BudgetLine.objects.filter(
        innovation_id=innovation_id, fiscal_year__in=list(years)
    ).order_by("fiscal_year", "id"):
        money = formats.money(line.allocated)
        label = f"{line.get_source_display()} · {line.description} · {money}"
        out.setdefault(line.fiscal_year, []).append(SpendingLine(line.pk, label, line.fiscal_year))
    return out
