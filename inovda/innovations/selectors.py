"""Reads of the innovation registry: every list starts from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from inovda.core import formats
from inovda.core.audit import timeline

from .access import innovations_for_user
from .models import Innovation

SORTS = {
    "updated": "-updated_at",
    "name": "name",
    "-name": "-name",
    "year": "year",
    "-year": "-year",
    "agency": "agency__name",
}


@dataclass
class InnovationFilters:
    q: str = ""
    agency: int | None = None
    stage: str = ""
    status: str = ""
    form: str = ""
    affair: int | None = None
    theme: int | None = None
    year: int | None = None
    pemda: int | None = None
    sort: str = "updated"
    counted: bool = False  # only what the figures count (no drafts), see `counted_q`
    main_affair_only: bool = False  # `affair` as the main affair only (the dashboard chart)
    mine: bool = False  # only the innovations of the user's desk, see `desk_innovations`


def counted_q() -> Q:
    """The innovations every figure counts (dashboards, annual report, exports behind a
    figure): everything but drafts, which are an agency's unfinished work."""
    return ~Q(status=Innovation.Status.DRAFT)


def counted_innovations(*, user) -> QuerySet[Innovation]:
    """What the user may see and the figures count: the one start of every count."""
    return innovations_for_user(user).filter(counted_q())


def presumed_discontinued_q() -> Q:
    """Health "discontinued" set by the rules (silent for too long) while the status is
    still running: counted apart from the status "discontinued", so that "Tidak
    berlanjut" is one number everywhere."""
    return Q(health=Innovation.Health.DISCONTINUED) & ~Q(status=Innovation.Status.DISCONTINUED)


HEALTH_BUCKETS = ("growing", "stagnant", "discontinued", "silent")


def health_counts(
    qs: QuerySet[Innovation], status: str = "status", health: str = "health"
) -> dict[str, int]:
    """Innovations with a health status, in four buckets: growing, stagnant, discontinued
    (the status, as everywhere else) and silent (presumed discontinued by the rules).
    `status`/`health`: the fields counted (`status_then`/`health_then` in a past year's
    report, as they were on 31 December)."""
    found = qs.exclude(**{health: Innovation.Health.NOT_APPLICABLE}).aggregate(
        **_health_annotations(status, health)
    )
    return {key: found[key] or 0 for key in HEALTH_BUCKETS}


def innovation_list(*, user, filters: InnovationFilters | None = None) -> QuerySet[Innovation]:
    f = filters or InnovationFilters()
    qs = innovations_for_user(user).select_related("agency", "pemda", "main_affair")
    if f.q:
        for word in f.q.split()[:8]:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(agency__name__icontains=word)
                | Q(agency__short_name__icontains=word)
                | Q(initiator_name__icontains=word)
                | Q(goals__icontains=word)
            )
    if f.counted:
        qs = qs.filter(counted_q())
    if f.mine:
        mine = desk_innovations(user)
        qs = qs.filter(pk__in=mine.values("pk")) if mine is not None else qs.none()
    if f.pemda:
        qs = qs.filter(pemda_id=f.pemda)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.form:
        qs = qs.filter(form=f.form)
    if f.affair and f.main_affair_only:
        qs = qs.filter(main_affair_id=f.affair)
    elif f.affair:
        qs = qs.filter(Q(main_affair_id=f.affair) | Q(other_affairs__id=f.affair)).distinct()
    if f.theme:
        qs = qs.filter(themes__id=f.theme)
    if f.year:
        qs = qs.filter(year=f.year)
    return qs.order_by(SORTS.get(f.sort, "-updated_at"), "-id")


def submission_ready_q() -> Q:
    """The innovations with no submission problem (rules.submission_problems), as one
    filter over stored columns: the design's stored word count, never its seven texts."""
    from django.conf import settings
    from django.db.models.functions import Trim
    from django.db.models.lookups import Exact

    from .rules import NAMED_INITIATORS, REQUIRED_FOR_SUBMISSION

    q = Q(design_word_count__gte=settings.INOVDA["DESIGN_MIN_WORDS"])
    for name in REQUIRED_FOR_SUBMISSION:
        field = Innovation._meta.get_field(name)
        if field.null:
            q &= Q(**{f"{name}__isnull": False})
        if not field.is_relation:
            q &= ~Q(**{name: ""})
    named = Q(initiator_kind__in=list(NAMED_INITIATORS))
    return q & (~named | ~Q(Exact(Trim("initiator_name"), "")))


def innovation_years(*, user) -> list[int]:
    rows = innovations_for_user(user).exclude(year=None).order_by("-year")
    return list(rows.values_list("year", flat=True).distinct())


def innovation_timeline(innovation: Innovation):
    return timeline(innovation)


def innovation_counts_by_status(*, user) -> dict[str, int]:
    rows = innovations_for_user(user).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def handover_people(innovation: Innovation) -> list:
    """Who on the agency side receives the hand-overs of `innovation` (decisions, reminders,
    reviews, IID rows rejected, barriers answered, ...): the operators of its agency, its
    person in charge and the innovators of its agency who are on its team. The same people
    find its work on their desk (`desk_innovations`): an innovator of the agency who is not
    on the team hears nothing of it."""
    return handover_people_for([innovation])[innovation.pk]


def handover_people_for(innovations) -> dict[int, list]:
    """`handover_people` for many innovations in three queries, {innovation id: [user]}."""
    from django.contrib.auth import get_user_model

    from inovda.core.desk import team_members
    from inovda.organizations.models import Membership, Role

    innovations = list(innovations)
    agency_ids = {i.agency_id for i in innovations}
    operators: dict[int, dict] = {}
    innovators: dict[int, dict] = {}
    members = Membership.objects.filter(
        agency_id__in=agency_ids, role__in=[Role.OPERATOR, Role.INNOVATOR], user__is_active=True
    ).select_related("user")
    for membership in members:
        by_role = operators if membership.role == Role.OPERATOR else innovators
        by_role.setdefault(membership.agency_id, {})[membership.user_id] = membership.user
    teams = team_members(i.pk for i in innovations)
    owners = get_user_model().objects.in_bulk({i.owner_id for i in innovations if i.owner_id})
    people = {}
    for innovation in innovations:
        found = dict(operators.get(innovation.agency_id, {}))
        team = teams.get(innovation.pk, set()) | {innovation.owner_id}
        for user_id, user in innovators.get(innovation.agency_id, {}).items():
            if user_id in team:
                found[user_id] = user
        if innovation.owner_id in owners:
            found[innovation.owner_id] = owners[innovation.owner_id]
        people[innovation.pk] = list(found.values())
    return people


def pemda_staff(innovation: Innovation, *roles: str) -> list:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        memberships__pemda_id=innovation.pemda_id, memberships__role__in=roles
    )
    return list(users.distinct())


# --- Lifecycle, reports and health ---------------------------------------------------


def health_facts(innovation: Innovation, today) -> object:
    """The facts the health rules read, for one innovation, as they are now (the same as
    the bulk refresh reads: its reports, and its sponsor's last confirmation up to today)."""
    from django.db.models import FloatField, Max
    from django.db.models.functions import Cast

    from . import health
    from .models import ProgressReport, SponsorConfirmation

    reports = [
        health.ReportFact(*row)
        for row in ProgressReport.objects.filter(innovation=innovation)
        .order_by("period_end")
        .values_list(
            "period_end",
            "kpi_attainment",
            Cast("budget_allocated", FloatField()),
            Cast("budget_realised", FloatField()),
        )
    ]
    last = SponsorConfirmation.objects.filter(
        innovation=innovation, confirmed_on__lte=today
    ).aggregate(last=Max("confirmed_on"))["last"]
    return health.Facts(
        status=innovation.status,
        cadence=innovation.report_cadence,
        implementation_start=innovation.implementation_start,
        reports=reports,
        last_sponsor_confirmation=last,
    )


def health_view(innovation: Innovation) -> dict:
    """What the health card shows: the status, the rule that fired, its inputs, any override.

    The card judges the facts as they are now (one innovation: two queries), so it never
    contradicts itself while the stored evaluation waits for its refresh: not "not
    implemented" right after the implement step, no sponsor confirmation that the card
    does not show, no count of days that went negative."""
    from django.utils import timezone

    from . import health
    from .models import HealthOverride

    cfg = health.Config.from_settings()
    today = timezone.localdate()
    live = health.evaluate(health_facts(innovation, today), today, cfg)
    inputs = live.inputs
    never_confirmed = not inputs.get("last_sponsor_confirmation")
    rows = []
    for key, label in health.INPUT_LABELS.items():
        value = inputs.get(key)
        if key in ("budget_allocated", "budget_realised"):
            label = label % {"days": cfg.budget_window_days}
        if key == "days_since_sponsor" and never_confirmed:
            label = health.INPUT_LABELS_NO_SPONSOR[key]
        if key == "budget_realisation" and value is not None:
            value = formats.ratio_percent(value, 0)
        elif key in ("kpi_latest", "kpi_change_latest") and value is not None:
            value = f"{value:+.2f}" if key == "kpi_change_latest" else f"{value:.2f}"
        elif key in ("budget_allocated", "budget_realised") and value is not None:
            value = formats.money(value)
        elif key == "cadence" and value:
            value = Innovation.Cadence(value).label
        elif key in ("next_report_due", "last_report_period_end", "last_sponsor_confirmation"):
            value = _day(value)
        rows.append((label, "—" if value in (None, "") else value))
    override = (
        HealthOverride.objects.filter(innovation=innovation, cleared_at=None, expires_on__gte=today)
        .select_related("created_by")
        .first()
    )
    status = override.status if override else live.status
    return {
        "status": status,
        "status_label": Innovation.Health(status).label,
        # what the health badge reads (the stored status may wait for its refresh)
        "badge": {"health": status, "get_health_display": Innovation.Health(status).label},
        "rule": live.rule,
        "rule_label": health.RULE_LABELS.get(live.rule, ""),
        "explanation": health.explain(live.rule, inputs, cfg),
        "inputs": inputs,
        "computed": live.status,
        "computed_label": Innovation.Health(live.status).label,
        "rows": rows,
        "override": override,
        "thresholds": cfg,
    }


def _day(value):
    import datetime

    from django.utils.formats import date_format

    if not value:
        return value
    return date_format(datetime.date.fromisoformat(value), "j F Y")


def report_schedule(innovation: Innovation, today=None) -> dict | None:
    """The next report expected: its period, due date and days left (negative: overdue)."""
    from django.db.models import Max
    from django.utils import timezone

    from . import conf
    from .periods import due_date, next_expected

    if innovation.status != Innovation.Status.IMPLEMENTED:
        return None
    today = today or timezone.localdate()
    last = innovation.progress_reports.aggregate(m=Max("period_end"))["m"]
    period = next_expected(last, innovation.implementation_start, innovation.report_cadence)
    if period is None:
        return None
    due = due_date(period, conf.get("REPORT_GRACE_DAYS"))
    return {
        "label": period.label(innovation.report_cadence),
        "period": period,
        "due": due,
        "days_left": (due - today).days,
        "overdue": today > due,
        "soon": 0 <= (due - today).days <= conf.get("REPORT_DUE_SOON_DAYS"),
    }


def reportable_periods(innovation: Innovation, today=None) -> list[tuple[str, str]]:
    """Periods that may be reported now: started, not yet reported, newest first."""
    from django.utils import timezone

    from .periods import periods_between

    today = today or timezone.localdate()
    first = innovation.trial_actual_start or innovation.implementation_start
    if first is None:
        return []
    done = set(innovation.progress_reports.values_list("period_end", flat=True))
    cadence = innovation.report_cadence
    return [
        (p.start.isoformat(), p.label(cadence))
        for p in reversed(periods_between(first, today, cadence))
        if p.end not in done
    ]


WATCHLIST_HEALTH = ("stagnant", "discontinued")


def watchlist(*, user, agency: int | None = None, health: str = "") -> QuerySet[Innovation]:
    """Stagnant and discontinued innovations the user may see, worst first (or only one
    health status: the dashboard's "Stagnant" figure links to `health=stagnant`)."""
    from django.db.models import Max

    wanted = [health] if health in WATCHLIST_HEALTH else list(WATCHLIST_HEALTH)
    qs = innovations_for_user(user).filter(health__in=wanted)
    if agency:
        qs = qs.filter(agency_id=agency)
    return (
        qs.select_related("agency", "owner", "created_by")
        .annotate(last_report=Max("progress_reports__period_end"))
        .prefetch_related("revival_plans__actions", "lessons")
        .order_by("-health", "health_since", "name")
    )


def _health_annotations(status: str = "status", health: str = "health") -> dict:
    H = Innovation.Health
    stopped = Innovation.Status.DISCONTINUED
    return {
        "growing": Count("id", filter=Q(**{health: H.GROWING})),
        "stagnant": Count("id", filter=Q(**{health: H.STAGNANT})),
        "discontinued": Count("id", filter=Q(**{health: H.DISCONTINUED, status: stopped})),
        # presumed_discontinued_q() on the fields counted
        "silent": Count("id", filter=Q(**{health: H.DISCONTINUED}) & ~Q(**{status: stopped})),
    }


def health_by_agency(*, user) -> list[dict]:
    """Count per health bucket (`health_counts`) and agency, among what the user may see."""
    rows = (
        innovations_for_user(user)
        .exclude(health=Innovation.Health.NOT_APPLICABLE)
        .values("agency_id", "agency__name")
        .annotate(**_health_annotations())
        .order_by("agency__name")
    )
    return [
        {
            "agency_id": row["agency_id"],
            "agency": row["agency__name"],
            **{key: row[key] for key in HEALTH_BUCKETS},
            "total": sum(row[key] for key in HEALTH_BUCKETS),
        }
        for row in rows
    ]


def period_label(report, innovation: Innovation) -> str:
    from .periods import Period

    return Period(report.period_start, report.period_end).label(innovation.report_cadence)


def health_reason(innovation: Innovation) -> str:
    """One line: why the innovation is where it is (decision reason or the rule fired)."""
    from . import health

    if innovation.status == Innovation.Status.DISCONTINUED and innovation.status_reason:
        return innovation.status_reason
    return str(health.RULE_LABELS.get(innovation.health_rule, ""))


def innovation_counts_by_agency(user) -> dict[int, dict[str, int]]:
    """Per agency: the innovations the user may see, in total, implemented and drafts (the
    agency list's columns, through `core.extensions.agency_figures`)."""
    counts: dict[int, dict[str, int]] = {}
    rows = innovations_for_user(user).values("agency_id", "status").annotate(n=Count("id"))
    for row in rows:
        bucket = counts.setdefault(row["agency_id"], {"total": 0, "implemented": 0, "draft": 0})
        bucket["total"] += row["n"]
        if row["status"] == Innovation.Status.IMPLEMENTED:
            bucket["implemented"] += row["n"]
        if row["status"] == Innovation.Status.DRAFT:
            bucket["draft"] += row["n"]
    return counts


def lesson_missing(innovation: Innovation, lessons=None) -> bool:
    """A discontinued innovation needs at least one lesson learned (its no-blame closure or
    one written later): the innovation page, the watchlist and the knowledge panel ask."""
    if innovation.status != Innovation.Status.DISCONTINUED:
        return False
    return not (lessons if lessons is not None else innovation.lessons.exists())


# --- The desk ----------------------------------------------------------------------------


@dataclass
class ReportDue:
    innovation: Innovation
    label: str
    due: object  # datetime.date
    overdue: bool


def reports_due(innovations: QuerySet[Innovation], today=None) -> list[ReportDue]:
    """The progress reports due soon or overdue of `innovations` (implemented ones), the
    same rule as the reminders (`services.monitoring.report_reminders_send`): one query."""
    from django.db.models import Max
    from django.utils import timezone

    from . import conf
    from .periods import due_date, next_expected

    today = today or timezone.localdate()
    grace, soon = conf.get("REPORT_GRACE_DAYS"), conf.get("REPORT_DUE_SOON_DAYS")
    rows = (
        innovations.filter(status=Innovation.Status.IMPLEMENTED)
        .annotate(last_end=Max("progress_reports__period_end"))
        .only("id", "name", "implementation_start", "report_cadence")
        .order_by()
    )
    out = []
    for innovation in rows:
        period = next_expected(
            innovation.last_end, innovation.implementation_start, innovation.report_cadence
        )
        if period is None:
            continue
        due = due_date(period, grace)
        if today > due or (due - today).days <= soon:
            out.append(
                ReportDue(innovation, period.label(innovation.report_cadence), due, today > due)
            )
    out.sort(key=lambda r: (r.due, r.innovation.name))
    return out


def reviews_to_write(user) -> QuerySet:
    """The change agent's current assignments with no review written since assignment."""
    from django.db.models import Exists, OuterRef

    from .models import AgentAssignment, AgentReview

    written = AgentReview.objects.filter(
        innovation_id=OuterRef("innovation_id"),
        agent_id=OuterRef("agent_id"),
        created_at__gte=OuterRef("assigned_at"),
    )
    return (
        AgentAssignment.objects.filter(agent=user, ended_at=None)
        .exclude(Exists(written))
        .select_related("innovation")
        .order_by("assigned_at")
    )


def desk_innovations(user) -> QuerySet[Innovation] | None:
    """The innovations whose work lands on an agency member's desk: for an operator, every
    innovation of their agency; for an innovator, only those they lead or work on (on the
    team, or person in charge). None when the user holds no agency role. The same rule, seen
    from the innovation, is `handover_people`: the desk lists what the bell announces."""
    from inovda.core.desk import team_q
    from inovda.organizations import access as org
    from inovda.organizations.models import Role

    whole = org.agency_ids_with_role(user, Role.OPERATOR)
    team_only = org.agency_ids_with_role(user, Role.INNOVATOR) - whole
    if not whole and not team_only:
        return None
    q = Q(agency_id__in=whole)
    if team_only:
        q |= Q(agency_id__in=team_only) & (Q(owner_id=user.pk) | team_q(user))
    return Innovation.objects.filter(q)
