"""Reads of the reports app: the rows of an import as they would be imported, and the
figures of the dashboards. Every figure starts from `counted_innovations(user=user)`
(what the user may see, without drafts), and `Scope.list_query` gives the innovation
list the same filter, so a figure and the list behind its link always agree."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache as django_cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inovda.core import audit
from inovda.core import cache as core_cache
from inovda.core.models import AuditEvent
from inovda.core.params import query_int
from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import Innovation, Tag
from inovda.innovations.selectors import counted_innovations
from inovda.organizations import access as org_access
from inovda.organizations.models import (
    AGENCY_ROLES,
    PEMDA_ROLES,
    Agency,
    GovernmentAffair,
    LocalGovernment,
)

from . import conf
from .importers import Row, importer_for_job
from .models import ImportJob

# ---------------------------------------------------------------- imports


def import_rows(job: ImportJob, importer=None) -> list[Row]:
    """Every non-empty row of the file, validated with the mapping and the user's fixes.

    Pass an `importer` (`importer_for_job(job)`) to read what it learnt about the whole
    file afterwards (the agency merges it proposes)."""
    importer = importer or importer_for_job(job)
    skipped = set(job.skipped)
    rows: list[Row] = []
    first_seen: dict[tuple, int] = {}
    numbered = _numbered(job)
    importer.prepare([values for _number, values in numbered])
    for number, values in numbered:
        data, errors = importer.clean(values)
        row = Row(number=number, values=values, data=data, errors=errors)
        row.notes = list(getattr(importer, "notes", []))
        row.skipped = number in skipped
        if not errors and not row.skipped:
            row.key = importer.key(data)
            if row.key in first_seen:
                row.errors.append(
                    _("The same record as row %(n)d (each record once per file).")
                    % {"n": first_seen[row.key]}
                )
            else:
                first_seen[row.key] = number
        rows.append(row)
    existing = importer.existing_keys(first_seen)
    for row in rows:
        row.existing = row.key in existing
    return rows


@dataclass
class CheckedRows:
    rows: list[Row]
    proposals: list[dict]  # the agency merges the importer proposes


def _check_key(job: ImportJob) -> str:
    """What the check of `job` depends on: its rows and every choice made on them, the
    Pemda's registry (its version moves with every audited write: a new innovation or
    agency changes "new"/"existing" and the agency lookups) and the language."""
    state = [
        job.pk,
        job.kind,
        job.sha256,
        job.header_row,
        job.columns,
        job.fixes,
        sorted(job.skipped),
        job.create_agencies,
        job.agency_merges,
        core_cache.versions([job.pemda_id]),
        translation.get_language() or "",
    ]
    digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
    return f"import-check:{job.pk}:{digest}"


def checked_rows(job: ImportJob) -> CheckedRows:
    """`import_rows` for the preview's pages, kept per job: checking a 50,000-row file
    takes seconds, and paging, filtering or opening a row re-checks nothing until
    something the check depends on changes (`_check_key`). What is kept is what the
    preview shows: each row's problems, notes and whether it exists (`data` stays empty;
    the writer checks every row again when it runs)."""
    key = _check_key(job)
    kept = django_cache.get(key)
    if kept is None:
        importer = importer_for_job(job)
        rows = import_rows(job, importer)
        kept = {
            "rows": {
                row.number: (row.errors, row.notes, row.existing)
                for row in rows
                if row.errors or row.notes or row.existing
            },
            "proposals": list(getattr(importer, "proposals", [])),
        }
        django_cache.set(key, kept, conf.get("PREVIEW_CHECK_SECONDS"))
        return CheckedRows(rows, kept["proposals"])
    found, skipped = kept["rows"], set(job.skipped)
    rows = []
    for number, values in _numbered(job):
        errors, notes, existing = found.get(number, ([], [], False))
        row = Row(number=number, values=values, data={}, errors=list(errors), notes=list(notes))
        row.existing, row.skipped = existing, number in skipped
        rows.append(row)
    return CheckedRows(rows, kept["proposals"])


def _numbered(job: ImportJob) -> list[tuple[int, dict[str, str]]]:
    """(row number, mapped values with the user's fixes) of every non-empty row."""
    index = {header: i for i, header in enumerate(job.headers)}
    columns = {f: index[h] for f, h in job.columns.items() if h in index}
    numbered = []
    for i, cells in enumerate(job.rows):
        if not any(cells):
            continue
        number = job.header_row + 1 + i
        values = {f: cells[c] if c < len(cells) else "" for f, c in columns.items()}
        values.update(job.fixes.get(str(number), {}))
        numbered.append((number, values))
    return numbered


# ---------------------------------------------------------------- dashboard scope


@dataclass
class Scope:
    """Whose innovations a dashboard counts: some Pemda, maybe one agency or one theme.

    Drafts are never counted: they are an agency's unfinished work.
    """

    user: object
    pemdas: list[LocalGovernment]
    agency: Agency | None = None
    theme: Tag | None = None
    year: int | None = None  # the year of an annual report
    extra: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False)  # figures already counted

    def memo(self, key, compute):
        """One count per request: several sections show the same figures."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def pemda(self) -> LocalGovernment:
        return self.pemdas[0]

    @property
    def viewer_key(self) -> str:
        """Cached figures are shared by viewers who see alike (inovda.core.cache)."""
        return org_access.viewer_key(self.user)

    @property
    def as_of(self) -> datetime.date | None:
        """31 December of a past report year: its figures are that day's state."""
        if self.year and self.year < timezone.localdate().year:
            return datetime.date(self.year, 12, 31)
        return None

    @property
    def status_field(self) -> str:
        return "status_then" if self.as_of else "status"

    @property
    def stage_field(self) -> str:
        return "stage_then" if self.as_of else "stage"

    @property
    def health_field(self) -> str:
        return "health_then" if self.as_of else "health"

    def innovations(self) -> QuerySet[Innovation]:
        if self.as_of:  # counted as they were then: drafts of that day are left out
            qs = as_of(innovations_for_user(self.user), self.as_of)
            qs = qs.exclude(status_then=Innovation.Status.DRAFT)
        else:
            qs = counted_innovations(user=self.user)
        qs = qs.filter(pemda_id__in=[p.pk for p in self.pemdas])
        if self.agency is not None:
            qs = qs.filter(agency_id=self.agency.pk)
        if self.theme is not None:
            qs = qs.filter(themes__id=self.theme.pk)
        return qs

    def list_query(self) -> dict[str, str]:
        """The innovation-list filters that show the same innovations (one Pemda only):
        without drafts, like every figure."""
        query = {"counted": "1"}
        if self.agency is not None:
            query["agency"] = str(self.agency.pk)
        if self.theme is not None:
            query["theme"] = str(self.theme.pk)
        return query


def as_of(qs: QuerySet[Innovation], day: datetime.date) -> QuerySet[Innovation]:
    """The innovations that existed at the end of `day` (initiated by that year, or
    recorded by that day), each with `status_then`, `stage_then` and `health_then` as they
    were."""
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    existed = Q(year__lte=day.year) | Q(year=None, created_at__lte=end)
    return qs.filter(existed).annotate(
        status_then=audit.value_then(Innovation, "status", day),
        stage_then=audit.value_then(Innovation, "stage", day),
        health_then=audit.value_then(Innovation, "health", day),
    )


def data_years(scope: Scope) -> set[int]:
    """Every year with data for the annual report: years initiated, years something was
    recorded, and years of lifecycle steps."""
    qs = scope.innovations()
    years = {y for y in qs.values_list("year", flat=True).distinct() if y}
    years |= set(qs.annotate(y=ExtractYear("created_at")).values_list("y", flat=True).distinct())
    years |= set(
        AuditEvent.objects.filter(
            subject_type=ContentType.objects.get_for_model(Innovation),
            subject_id__in=qs.values("id"),
            changes__has_key="status",
        )
        .annotate(y=ExtractYear("created_at"))
        .values_list("y", flat=True)
        .distinct()
    )
    return years


def dashboard_pemda_ids(user) -> set[int]:
    """Pemda whose leadership dashboard `user` may open: Pemda-wide roles, and at a
    province the kabupaten/kota too."""
    ids = {m.pemda_id for m in org_access.memberships(user) if m.role in PEMDA_ROLES}
    return ids | org_access.province_member_ids(user)


def _allowed_pemda(user, pemda_id, allowed: set[int]) -> LocalGovernment:
    """The Pemda if allowed; 404 if `user` cannot read it at all, 403 if only this view is
    not theirs."""
    pemda_id = query_int(pemda_id)
    if pemda_id is None:
        raise Http404
    if getattr(user, "is_superuser", False) or pemda_id in allowed:
        try:
            return LocalGovernment.objects.get(pk=pemda_id)
        except LocalGovernment.DoesNotExist:
            raise Http404 from None
    if pemda_id in org_access.readable_pemda_ids(user):
        raise PermissionDenied(_("This dashboard is for the Pemda's leadership and staff."))
    raise Http404


def pemda_scope(user, pemda_id=None, *, theme: Tag | None = None) -> Scope:
    allowed = dashboard_pemda_ids(user)
    if pemda_id in (None, ""):
        pemda_id = org_access.home_pemda_id(user)
        if pemda_id is None:
            if getattr(user, "is_superuser", False):
                first = LocalGovernment.objects.filter(innovations__isnull=False).first()
                if first:
                    return Scope(user=user, pemdas=[first], theme=theme)
            raise PermissionDenied(_("This dashboard is for the Pemda's leadership and staff."))
    return Scope(user=user, pemdas=[_allowed_pemda(user, pemda_id, allowed)], theme=theme)


def poverty_theme() -> Tag | None:
    return Tag.objects.filter(kind=Tag.Kind.THEME, code=conf.get("POVERTY_THEME_CODE")).first()


def dashboard_agencies(user) -> QuerySet[Agency]:
    """Agencies whose dashboard `user` may open: their own, or every agency of a Pemda
    where they hold a Pemda-wide role."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    own = org_access.agency_ids_with_role(user, *AGENCY_ROLES)
    return Agency.objects.filter(Q(id__in=own) | Q(pemda_id__in=dashboard_pemda_ids(user)))


def agency_scope(user, agency_id=None) -> Scope:
    agencies = dashboard_agencies(user).select_related("pemda")
    if agency_id in (None, ""):
        own = sorted(org_access.agency_ids_with_role(user, *AGENCY_ROLES))
        agency = agencies.filter(id__in=own).first() if own else None
        if agency is None:
            busiest = agencies.annotate(n=Count("innovations")).order_by("-n", "name")
            agency = busiest.first()
        if agency is None:
            raise PermissionDenied(_("You have no agency to show."))
    else:
        agency_id = query_int(agency_id, 0, minimum=0)
        try:
            agency = agencies.get(pk=agency_id)
        except Agency.DoesNotExist:
            if org_access.agencies_for_user(user).filter(pk=agency_id).exists():
                raise PermissionDenied(_("This is another agency's dashboard.")) from None
            raise Http404 from None
    return Scope(user=user, pemdas=[agency.pemda], agency=agency)


def province_scope(user, province_id=None) -> Scope:
    provinces = org_access.province_ids(user)
    if getattr(user, "is_superuser", False):
        provinces = set(
            LocalGovernment.objects.filter(kind=LocalGovernment.Kind.PROVINCE).values_list(
                "id", flat=True
            )
        )
    if not provinces:
        raise PermissionDenied(_("The province view is for province staff."))
    if province_id in (None, ""):
        province_id = sorted(org_access.province_ids(user) or provinces)[0]
    province = _allowed_pemda(user, province_id, provinces)
    members = list(LocalGovernment.objects.filter(province=province).order_by("kind", "name"))
    return Scope(user=user, pemdas=members, extra={"province": province})


# ---------------------------------------------------------------- figures


@dataclass
class Count1:
    """One bar of a chart: a key (for the list filter), a label and a number."""

    key: object
    label: str
    n: int


def _choices_counts(qs, field_name: str, choices) -> list[Count1]:
    found = dict(qs.values_list(field_name).annotate(n=Count("id")).order_by())
    rows = [Count1(value, str(label), found.get(value, 0)) for value, label in choices]
    if found.get("") or found.get(None):
        rows.append(Count1("", _("Not set"), (found.get("") or 0) + (found.get(None) or 0)))
    return rows


def counts_by(scope: Scope, dimension: str) -> list[Count1]:
    """How many of the scope's innovations fall in each value of `dimension`."""
    return scope.memo(("counts", dimension), lambda: _counts_by(scope, dimension))


def _counts_by(scope: Scope, dimension: str) -> list[Count1]:
    qs = scope.innovations()
    if dimension == "stage":
        return _choices_counts(qs, scope.stage_field, Innovation.Stage.choices)
    if dimension == "status":
        choices = [c for c in Innovation.Status.choices if c[0] != Innovation.Status.DRAFT]
        return _choices_counts(qs, scope.status_field, choices)
    if dimension == "form":
        return _choices_counts(qs, "form", Innovation.Form.choices)
    if dimension == "kind":
        return _choices_counts(qs, "kind", Innovation.Kind.choices)
    if dimension == "agency":
        rows = qs.values("agency_id", "agency__name").annotate(n=Count("id")).order_by("-n")
        return [Count1(r["agency_id"], r["agency__name"], r["n"]) for r in rows]
    if dimension == "affair":
        rows = (
            qs.values("main_affair_id", "main_affair__code", "main_affair__name")
            .annotate(n=Count("id"))
            .order_by("-n", "main_affair__code")
        )
        return [
            Count1(
                r["main_affair_id"] or "",
                f"{r['main_affair__code']} {r['main_affair__name']}"
                if r["main_affair_id"]
                else _("Not set"),
                r["n"],
            )
            for r in rows
        ]
    if dimension == "theme":
        ids = qs.values("id")
        themes = (
            Tag.objects.filter(kind=Tag.Kind.THEME)
            .annotate(n=Count("themed_innovations", filter=Q(themed_innovations__in=ids)))
            .order_by("position")
        )
        rows = [Count1(t.pk, str(t), t.n) for t in themes]
        untagged = qs.filter(themes__isnull=True).count()
        return [*rows, Count1("", _("No theme"), untagged)]
    if dimension == "year":
        rows = qs.values("year").annotate(n=Count("id")).order_by("year")
        return [
            Count1(r["year"] or "", str(r["year"]) if r["year"] else _("Not set"), r["n"])
            for r in rows
        ]
    raise ValueError(f"unknown dimension {dimension!r}")


def total(scope: Scope) -> int:
    return scope.memo("total", lambda: scope.innovations().count())


@dataclass
class YearFlow:
    year: int | None
    new: int
    discontinued: int


def new_vs_discontinued(scope: Scope) -> list[YearFlow]:
    """Per year: innovations initiated that year (their `year`), and the innovations whose
    status is discontinued, by the year it was set (`status_changed_at`, else the last
    event that set it); one with neither is counted under "year unknown". The discontinued
    column adds up to the status count "Discontinued" (one number everywhere)."""
    qs = scope.innovations()
    new = dict(qs.exclude(year=None).values_list("year").annotate(n=Count("id")).order_by())
    discontinued = qs.filter(**{scope.status_field: Innovation.Status.DISCONTINUED})
    # when the status was set: the innovation's own stamp, else the last event that set it
    # (in a past year's report: up to 31 December, a later stamp is another change)
    end = audit.end_of(scope.as_of) if scope.as_of else None
    stop_at = {
        pk: at if end is None or (at is not None and at <= end) else None
        for pk, at in discontinued.values_list("id", "status_changed_at")
    }
    unstamped = [pk for pk, at in stop_at.items() if at is None]
    if unstamped:
        events = AuditEvent.objects.filter(
            subject_type=ContentType.objects.get_for_model(Innovation),
            subject_id__in=unstamped,
            changes__status__after=Innovation.Status.DISCONTINUED,
        )
        if end is not None:
            events = events.filter(created_at__lte=end)
        stop_at.update(events.values_list("subject_id").annotate(at=Max("created_at")).order_by())
    stopped: dict[int, int] = {}
    for at in stop_at.values():
        if at is not None:
            year = timezone.localtime(at).year
            stopped[year] = stopped.get(year, 0) + 1
    flows = [YearFlow(y, new.get(y, 0), stopped.get(y, 0)) for y in sorted(set(new) | set(stopped))]
    unknown_stop = sum(1 for at in stop_at.values() if at is None)
    unknown_new = qs.filter(year=None).count()
    if unknown_new or unknown_stop:
        flows.append(YearFlow(None, unknown_new, unknown_stop))
    return flows


@dataclass
class Coverage:
    affair: GovernmentAffair
    n: int


def basic_service_coverage(scope: Scope) -> list[Coverage]:
    """For each basic-service affair: innovations whose main or overlapping affair it is."""
    return scope.memo("coverage", lambda: _coverage(scope))


def _coverage(scope: Scope) -> list[Coverage]:
    qs = scope.innovations()
    basic = list(GovernmentAffair.objects.filter(is_basic_service=True))
    pairs = set(qs.filter(main_affair__in=basic).values_list("main_affair_id", "id")) | set(
        qs.filter(other_affairs__in=basic).values_list("other_affairs__id", "id")
    )
    per_affair: dict[int, set] = {}
    for affair_id, innovation_id in pairs:
        per_affair.setdefault(affair_id, set()).add(innovation_id)
    return [Coverage(affair, len(per_affair.get(affair.pk, ()))) for affair in basic]


@dataclass
class PemdaRow:
    pemda: LocalGovernment
    total: int
    by_stage: dict[str, int]
    implemented: int
    discontinued: int
    poverty: int
    basic_covered: int

    @property
    def stage_list(self) -> list[int]:
        return [self.by_stage.get(value, 0) for value in Innovation.Stage.values]


def province_comparison(scope: Scope) -> list[PemdaRow]:
    """The province's kabupaten/kota side by side, each counted like its own dashboard."""
    qs = scope.innovations()
    stages = {}
    for pemda_id, stage, n in (
        qs.values_list("pemda_id", "stage").annotate(n=Count("id")).order_by()
    ):
        stages.setdefault(pemda_id, {})[stage] = n
    statuses = {}
    for pemda_id, status, n in (
        qs.values_list("pemda_id", "status").annotate(n=Count("id")).order_by()
    ):
        statuses.setdefault(pemda_id, {})[status] = n
    theme = poverty_theme()
    poverty = (
        dict(qs.filter(themes=theme).values_list("pemda_id").annotate(n=Count("id")).order_by())
        if theme
        else {}
    )
    basic = GovernmentAffair.objects.filter(is_basic_service=True)
    covered: dict[int, set] = {}
    pairs = set(
        qs.filter(main_affair__in=basic).values_list("pemda_id", "main_affair_id").distinct()
    ) | set(
        qs.filter(other_affairs__in=basic).values_list("pemda_id", "other_affairs__id").distinct()
    )
    for pemda_id, affair_id in pairs:
        covered.setdefault(pemda_id, set()).add(affair_id)
    rows = []
    for pemda in scope.pemdas:
        by_stage = stages.get(pemda.pk, {})
        by_status = statuses.get(pemda.pk, {})
        rows.append(
            PemdaRow(
                pemda=pemda,
                total=sum(by_stage.values()),
                by_stage=by_stage,
                implemented=by_status.get(Innovation.Status.IMPLEMENTED, 0),
                discontinued=by_status.get(Innovation.Status.DISCONTINUED, 0),
                poverty=poverty.get(pemda.pk, 0),
                basic_covered=len(covered.get(pemda.pk, ())),
            )
        )
    return rows


def agency_table(scope: Scope) -> list[dict]:
    """Per agency: innovations by stage and how many started in the scope's year."""
    rows: dict[int, dict] = {}
    qs = scope.innovations()
    for agency_id, name, stage, n in (
        qs.values_list("agency_id", "agency__name", scope.stage_field)
        .annotate(n=Count("id"))
        .order_by()
    ):
        row = rows.setdefault(agency_id, {"id": agency_id, "name": name, "total": 0, "new": 0})
        row[stage] = n
        row["total"] += n
    if scope.year:
        for agency_id, n in (
            qs.filter(year=scope.year).values_list("agency_id").annotate(n=Count("id")).order_by()
        ):
            rows[agency_id]["new"] = n
    for row in rows.values():
        row["stage_list"] = [row.get(value, 0) for value in Innovation.Stage.values]
    return sorted(rows.values(), key=lambda r: (-r["total"], r["name"]))
