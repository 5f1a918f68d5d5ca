"""Writes of monitoring: report cadence, KPIs, progress reports, sponsor confirmations and
the revival of stagnant innovations."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, formats, hooks
from inovda.core.notifications import notify
from inovda.organizations import access as org_access

from .. import access, conf
from ..dates import report_period_problems
from ..health import kpi_attainment
from ..models import (
    Attachment,
    Innovation,
    Kpi,
    KpiValue,
    ProgressReport,
    RevivalAction,
    RevivalPlan,
    SponsorConfirmation,
)
from ..periods import Period, due_date, period_containing
from .health import refresh_on_commit
from .registry import attachment_store

S = Innovation.Status
REPORTABLE = frozenset({S.TRIAL, S.IMPLEMENTED})
KPI_FIELDS = ["name", "unit", "baseline", "target", "direction"]

__all__ = [
    "KPI_FIELDS",
    "cadence_set",
    "kpi_save",
    "progress_report_submit",
    "report_attainment",
    "sponsor_confirm",
    "revival_plan_create",
    "revival_action_add",
    "revival_action_done",
    "revival_plan_close",
    "report_reminders_send",
]


def _require_reporter(actor, innovation):
    access.require_report(actor, innovation)


@transaction.atomic
def cadence_set(*, actor, innovation: Innovation, cadence: str) -> Innovation:
    _require_reporter(actor, innovation)
    if cadence not in Innovation.Cadence.values:
        raise ValidationError(_("Choose monthly, quarterly or every semester."))
    before = innovation.report_cadence
    if before != cadence:
        innovation.report_cadence = cadence
        innovation.save(update_fields=["report_cadence", "updated_at"])
        audit.record(
            actor=actor,
            verb="cadence_changed",
            subject=innovation,
            changes={"report_cadence": {"before": before, "after": cadence}},
        )
        refresh_on_commit(innovation)
    return innovation


@transaction.atomic
def kpi_save(*, actor, innovation: Innovation, data: dict, kpi: Kpi | None = None) -> Kpi:
    """Define or correct an indicator; past reports' attainment follows the new definition."""
    _require_reporter(actor, innovation)
    if kpi is not None and kpi.innovation_id != innovation.pk:
        raise PermissionDenied
    kpi = kpi or Kpi(innovation=innovation, position=innovation.kpis.count())
    audit.model_update(
        instance=kpi,
        fields=KPI_FIELDS,
        data={name: data[name] for name in KPI_FIELDS},
        actor=actor,
        verb="kpi_saved",
        subject=innovation,
        target=data["name"],
    )
    for report in innovation.progress_reports.all():
        attainment = report_attainment(report)
        if attainment != report.kpi_attainment:
            report.kpi_attainment = attainment
            report.save(update_fields=["kpi_attainment"])
    refresh_on_commit(innovation)
    return kpi


def report_attainment(report: ProgressReport) -> float | None:
    values = [
        kpi_attainment(v.value, v.kpi.baseline, v.kpi.target, v.kpi.direction)
        for v in report.values.select_related("kpi")
    ]
    return round(sum(values) / len(values), 6) if values else None


def _decimal(value, label) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(_("“%(label)s” must be a number.") % {"label": label}) from None


def _spending_line(innovation, year: int, chosen, realised) -> tuple[int | None, str]:
    """The budget line the report's spending is booked on, or why the choice is refused."""
    from inovda.core import spending

    lines = spending.lines_for(innovation.pk, [year]).get(year, [])
    ids = {line.id for line in lines}
    if chosen not in (None, ""):
        try:
            chosen = int(chosen)
        except (TypeError, ValueError):
            chosen = None
        if chosen not in ids:
            return None, _("Choose one of the innovation's budget lines of %(year)d.") % {
                "year": year
            }
        return chosen, ""
    if len(lines) == 1:
        return lines[0].id, ""
    if len(lines) > 1 and realised is not None:
        return None, _(
            "The innovation has several budget lines in %(year)d: say which one the spending "
            "comes from."
        ) % {"year": year}
    return None, ""


@transaction.atomic
def progress_report_submit(
    *,
    actor,
    innovation: Innovation,
    period_start: datetime.date,
    activities: str,
    kpi_values: dict[int, object] | None = None,
    beneficiaries: int | None = None,
    budget_allocated=None,
    budget_realised=None,
    budget_line: int | None = None,
    obstacles: str = "",
    evidence=(),
    today: datetime.date | None = None,
) -> ProgressReport:
    """A progress report for the period that starts on `period_start`; flagged late when
    it arrives after the period's due date (period end + grace). Its spending is booked on
    `budget_line` (an id from `core.spending`): chosen automatically when the innovation
    has one line in the period's fiscal year, required when it has several."""
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    _require_reporter(actor, innovation)
    today = today or timezone.localdate()
    if innovation.status not in REPORTABLE:
        raise ValidationError(_("Progress reports start with the trial."))
    period = period_containing(period_start, innovation.report_cadence)
    problems = []
    if period.start != period_start:
        problems.append(_("The period must start on the first day of a reporting period."))
    problems += report_period_problems(
        today=today,
        period_start=period.start,
        period_end=period.end,
        trial_began=innovation.trial_actual_start,
    )
    if innovation.progress_reports.filter(period_end=period.end).exists():
        problems.append(_("This period is already reported."))
    if not activities.strip():
        problems.append(_("Describe the activities of the period."))
    kpis = {k.pk: k for k in innovation.kpis.all()}
    values = {}
    for kpi_id, raw in (kpi_values or {}).items():
        if int(kpi_id) not in kpis:
            problems.append(_("Unknown indicator."))
            continue
        number = _decimal(raw, kpis[int(kpi_id)].name)
        if number is not None:
            values[int(kpi_id)] = number
    missing = [k.name for pk, k in kpis.items() if pk not in values]
    if missing:
        problems.append(
            _("Give a value for every indicator: %(names)s.") % {"names": ", ".join(missing)}
        )
    allocated = _decimal(budget_allocated, _("budget allocated"))
    realised = _decimal(budget_realised, _("budget realised"))
    if realised is not None and realised < 0 or allocated is not None and allocated < 0:
        problems.append(_("Budget amounts cannot be negative."))
    line, problem = _spending_line(innovation, period.end.year, budget_line, realised)
    if problem:
        problems.append(problem)
    if problems:
        raise ValidationError(problems)
    due = due_date(period, conf.get("REPORT_GRACE_DAYS"))
    report = ProgressReport.objects.create(
        innovation=innovation,
        period_start=period.start,
        period_end=period.end,
        activities=activities.strip(),
        beneficiaries=beneficiaries,
        budget_allocated=allocated,
        budget_realised=realised,
        budget_line_id=line,
        obstacles=obstacles.strip(),
        due_on=due,
        is_late=today > due,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    KpiValue.objects.bulk_create(
        KpiValue(report=report, kpi=kpis[pk], value=value) for pk, value in values.items()
    )
    report.kpi_attainment = report_attainment(report)
    report.save(update_fields=["kpi_attainment"])
    hooks.record(instance=report, actor=actor)  # its spending feeds the budget register
    for upload in evidence:
        attachment_store(
            actor=actor,
            innovation=innovation,
            upload=upload,
            description=_("Evidence, report %(period)s")
            % {"period": Period(period.start, period.end).label(innovation.report_cadence)},
            purpose=Attachment.Purpose.REPORT_EVIDENCE,
            progress_report=report,
        )
    audit.record(
        actor=actor,
        verb="report_submitted",
        subject=innovation,
        target=Period(period.start, period.end).label(innovation.report_cadence),
        message=_("late (due %(due)s)") % {"due": due.isoformat()} if report.is_late else "",
    )
    refresh_on_commit(innovation)
    from .evidence import evidence_propose_from_kpis

    evidence_propose_from_kpis(innovation=innovation)
    return report


@transaction.atomic
def sponsor_confirm(
    *,
    actor,
    innovation: Innovation,
    sponsor_name: str,
    sponsor_position: str,
    confirmed_on: datetime.date,
    note: str = "",
) -> SponsorConfirmation:
    _require_reporter(actor, innovation)
    if innovation.status not in REPORTABLE:
        raise ValidationError(_("The sponsor confirms continuation of a running innovation."))
    if not sponsor_name.strip() or not sponsor_position.strip():
        raise ValidationError(_("Name the sponsor and their position."))
    if confirmed_on > timezone.localdate():
        raise ValidationError(_("The confirmation date cannot be in the future."))
    confirmation = SponsorConfirmation.objects.create(
        innovation=innovation,
        sponsor_name=sponsor_name.strip(),
        sponsor_position=sponsor_position.strip(),
        confirmed_on=confirmed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        verb="sponsor_confirmed",
        subject=innovation,
        target=f"{confirmation.sponsor_name}, {confirmation.sponsor_position}",
        message=f"{confirmed_on.isoformat()} {confirmation.note}".strip(),
    )
    refresh_on_commit(innovation)
    return confirmation


# --- Revival plans -------------------------------------------------------------------


def _require_planner(actor, innovation):
    access.require_plan_revival(actor, innovation)


def _check_owner(innovation, owner) -> None:
    if owner is None or innovation.pemda_id not in org_access.readable_pemda_ids(owner):
        raise ValidationError(_("The owner must be a member of this Pemda."))


@transaction.atomic
def revival_plan_create(*, actor, innovation: Innovation, diagnosis: str) -> RevivalPlan:
    _require_planner(actor, innovation)
    if innovation.health != Innovation.Health.STAGNANT:
        raise ValidationError(_("A revival plan is made for a stagnant innovation."))
    if innovation.revival_plans.filter(status=RevivalPlan.Status.OPEN).exists():
        raise ValidationError(_("This innovation already has an open revival plan."))
    if not diagnosis.strip():
        raise ValidationError(_("Say why the innovation stalled."))
    plan = RevivalPlan.objects.create(
        innovation=innovation, diagnosis=diagnosis.strip(), created_by=actor
    )
    audit.record(actor=actor, verb="revival_plan_created", subject=innovation, message=diagnosis)
    return plan


@transaction.atomic
def revival_action_add(
    *, actor, plan: RevivalPlan, description: str, owner, due_on: datetime.date
) -> RevivalAction:
    innovation = plan.innovation
    _require_planner(actor, innovation)
    if plan.status != RevivalPlan.Status.OPEN:
        raise ValidationError(_("This plan is closed."))
    if not description.strip():
        raise ValidationError(_("Describe the action."))
    _check_owner(innovation, owner)
    action = RevivalAction.objects.create(
        plan=plan, description=description.strip(), owner=owner, due_on=due_on
    )
    audit.record(
        actor=actor,
        verb="revival_action_added",
        subject=innovation,
        target=action.description,
        message=f"{owner.get_full_name() or owner.username}, {due_on.isoformat()}",
    )
    if owner.pk != actor.pk:
        notify(
            recipients=[owner],
            verb="revival_action",
            message=_("Revival of “%(name)s”: “%(action)s” is yours, due %(due)s.")
            % {
                "name": innovation.name,
                "action": action.description,
                "due": formats.long_date(due_on),
            },
            link=innovation.get_absolute_url() + "#revival",
        )
    return action


@transaction.atomic
def revival_action_done(*, actor, action: RevivalAction) -> RevivalAction:
    innovation = action.plan.innovation
    if action.owner_id != actor.pk:
        _require_planner(actor, innovation)
    if action.done_on is None:
        action.done_on = timezone.localdate()
        action.save(update_fields=["done_on"])
        audit.record(
            actor=actor, verb="revival_action_done", subject=innovation, target=action.description
        )
    return action


@transaction.atomic
def revival_plan_close(*, actor, plan: RevivalPlan, status: str) -> RevivalPlan:
    _require_planner(actor, plan.innovation)
    if status not in (RevivalPlan.Status.REVIVED, RevivalPlan.Status.ABANDONED):
        raise ValidationError(_("Close the plan as revived or abandoned."))
    plan.status = status
    plan.closed_at = timezone.now()
    plan.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="revival_plan_closed",
        subject=plan.innovation,
        message=plan.get_status_display(),
    )
    return plan


def report_reminders_send(today: datetime.date | None = None) -> dict:
    """Notify each implemented innovation's team once per period: report due soon, or
    overdue. Safe to run more than once a day (notifications carry a key)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _send_reminders(today)


def _send_reminders(today: datetime.date | None) -> dict:
    from django.db.models import Max

    from ..periods import next_expected
    from ..selectors import handover_people

    today = today or timezone.localdate()
    grace, soon = conf.get("REPORT_GRACE_DAYS"), conf.get("REPORT_DUE_SOON_DAYS")
    counts = {"report_due": 0, "report_overdue": 0}
    running = Innovation.objects.filter(status=S.IMPLEMENTED).annotate(
        last_end=Max("progress_reports__period_end")
    )
    for innovation in running.select_related("agency"):
        period = next_expected(
            innovation.last_end, innovation.implementation_start, innovation.report_cadence
        )
        if period is None:
            continue
        due = due_date(period, grace)
        label = period.label(innovation.report_cadence)
        if today > due:
            verb = "report_overdue"
            message = _("The progress report %(period)s of “%(name)s” is overdue since %(due)s.")
        elif (due - today).days <= soon:
            verb = "report_due"
            message = _("The progress report %(period)s of “%(name)s” is due on %(due)s.")
        else:
            continue
        with transaction.atomic():
            sent = notify(
                recipients=handover_people(innovation),
                verb=verb,
                message=message
                % {"period": label, "name": innovation.name, "due": formats.long_date(due)},
                link=innovation.get_absolute_url() + "#reports",
                key=f"{verb}:{innovation.pk}:{period.end.isoformat()}",
            )
        counts[verb] += len(sent)
    return counts


@task()
def send_report_reminders() -> dict:
    """'Report due in N days' and 'report overdue' notifications, once per period."""
    return report_reminders_send()
