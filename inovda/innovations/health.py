"""Health status: growing, stagnant, discontinued or not yet applicable, by explicit rules.

Pure functions over plain facts, so that the rules can be unit- and property-tested and
evaluated in bulk (`services.health_refresh` prefetches the facts in a few queries).
The rules run in the configured order (conf `HEALTH_RULES`); the first that fires sets the
status, and the page shows which rule fired and the inputs it saw.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import conf
from .periods import CADENCE_DAYS, due_date, next_expected, period_containing

GROWING, STAGNANT, DISCONTINUED, NOT_APPLICABLE = (
    "growing",
    "stagnant",
    "discontinued",
    "not_applicable",
)
EPSILON = 1e-9


def kpi_attainment(value, baseline, target, direction: str) -> float:
    """How far a value went from the baseline towards the target: 0 at baseline, 1 at target.

    Higher means better in both directions; beyond the target it keeps growing.
    """
    value, baseline, target = (Decimal(str(x)) for x in (value, baseline, target))
    gain = value - baseline if direction == "increase" else baseline - value
    span = abs(target - baseline) or abs(baseline) or Decimal(1)
    return float(gain / span)


@dataclass(frozen=True)
class ReportFact:
    period_end: datetime.date
    attainment: float | None = None
    budget_allocated: float | None = None
    budget_realised: float | None = None


@dataclass(frozen=True)
class Facts:
    status: str
    cadence: str = "quarterly"
    implementation_start: datetime.date | None = None
    reports: Sequence[ReportFact] = ()  # ordered by period_end, oldest first
    last_sponsor_confirmation: datetime.date | None = None


@dataclass(frozen=True)
class Config:
    rules: tuple[str, ...]
    grace_days: int
    silent_days: int
    kpi_decline_reports: int
    kpi_flat_reports: int
    budget_window_days: int
    budget_min_realisation: float
    sponsor_reconfirm_days: int

    @classmethod
    def from_settings(cls) -> Config:
        s = conf.all_settings()
        return cls(
            rules=tuple(s["HEALTH_RULES"]),
            grace_days=s["REPORT_GRACE_DAYS"],
            silent_days=s["SILENT_DAYS"],
            kpi_decline_reports=s["KPI_DECLINE_REPORTS"],
            kpi_flat_reports=s["KPI_FLAT_REPORTS"],
            budget_window_days=s["BUDGET_WINDOW_DAYS"],
            budget_min_realisation=s["BUDGET_MIN_REALISATION"],
            sponsor_reconfirm_days=s["SPONSOR_RECONFIRM_DAYS"],
        )


@dataclass
class Evaluation:
    status: str
    rule: str
    inputs: dict = field(default_factory=dict)
    since: datetime.date | None = None  # when the rule started to fire, where it is known


def _streak(values: Sequence[float], test: Callable[[float, float], bool]) -> int:
    """How many of the latest steps pass `test(previous, current)`, counting back."""
    count = 0
    for i in range(len(values) - 1, 0, -1):
        if not test(values[i - 1], values[i]):
            break
        count += 1
    return count


def derive_inputs(facts: Facts, today: datetime.date, cfg: Config) -> dict:
    """The numbers the rules look at (also what the innovation page shows)."""
    reports = list(facts.reports)
    last_end = reports[-1].period_end if reports else None
    covered_until = last_end or (
        facts.implementation_start - datetime.timedelta(days=1)
        if facts.implementation_start
        else None
    )
    inputs: dict = {
        "status": facts.status,
        "cadence": facts.cadence,
        "cadence_days": CADENCE_DAYS[facts.cadence],
        "reports": len(reports),
        "last_report_period_end": last_end.isoformat() if last_end else None,
        "days_since_report": None,
        "next_report_due": None,
        "days_overdue": 0,
        "missed_periods": 0,
    }
    if covered_until is not None:
        # Never negative: an implementation dated in the future has no reports to be late.
        inputs["days_since_report"] = max(0, (today - covered_until).days)
        period = next_expected(last_end, facts.implementation_start, facts.cadence)
        due = due_date(period, cfg.grace_days)
        inputs["next_report_due"] = due.isoformat()
        inputs["days_overdue"] = max(0, (today - due).days)
        missed = 0
        while due < today:
            missed += 1
            period = period_containing(period.end + datetime.timedelta(days=1), facts.cadence)
            due = due_date(period, cfg.grace_days)
        inputs["missed_periods"] = missed

    attainments = [r.attainment for r in reports if r.attainment is not None]
    inputs["kpi_reports"] = len(attainments)
    inputs["kpi_latest"] = attainments[-1] if attainments else None
    if attainments:
        attainments.insert(0, 0.0)  # the baseline is where the first report is measured from
    inputs["kpi_change_latest"] = attainments[-1] - attainments[-2] if attainments else None
    inputs["kpi_falls_in_a_row"] = _streak(attainments, lambda a, b: b < a - EPSILON)
    inputs["kpi_no_rise_in_a_row"] = _streak(attainments, lambda a, b: b <= a + EPSILON)

    since = today - datetime.timedelta(days=cfg.budget_window_days)
    window = [r for r in reports if r.period_end > since and r.budget_allocated]
    allocated = sum(float(r.budget_allocated) for r in window)
    realised = sum(float(r.budget_realised or 0) for r in window)
    inputs["budget_allocated"] = allocated or None
    inputs["budget_realised"] = realised if allocated else None
    inputs["budget_realisation"] = realised / allocated if allocated else None

    anchors = [d for d in (facts.last_sponsor_confirmation, facts.implementation_start) if d]
    inputs["last_sponsor_confirmation"] = (
        facts.last_sponsor_confirmation.isoformat() if facts.last_sponsor_confirmation else None
    )
    inputs["days_since_sponsor"] = max(0, (today - max(anchors)).days) if anchors else None
    return inputs


def _rule_discontinued_explicitly(i, cfg):
    return DISCONTINUED if i["status"] == "discontinued" else None


def _rule_not_implemented(i, cfg):
    return NOT_APPLICABLE if i["status"] != "implemented" else None


def _sponsor_recent(i, cfg) -> bool:
    return i["days_since_sponsor"] is not None and i["days_since_sponsor"] <= (
        cfg.sponsor_reconfirm_days
    )


def _rule_silent(i, cfg):
    silent = i["days_since_report"] is not None and i["days_since_report"] > cfg.silent_days
    return DISCONTINUED if silent and i["missed_periods"] and not _sponsor_recent(i, cfg) else None


def _rule_report_overdue(i, cfg):
    return STAGNANT if i["days_overdue"] > 0 else None


def _rule_kpi_declining(i, cfg):
    return STAGNANT if i["kpi_falls_in_a_row"] >= cfg.kpi_decline_reports else None


def _rule_kpi_flat(i, cfg):
    below_target = i["kpi_latest"] is not None and i["kpi_latest"] < 1
    flat = i["kpi_no_rise_in_a_row"] >= cfg.kpi_flat_reports
    return STAGNANT if flat and below_target else None


def _rule_budget_unused(i, cfg):
    ratio = i["budget_realisation"]
    improving = (i["kpi_change_latest"] or 0) > EPSILON
    low = ratio is not None and ratio < cfg.budget_min_realisation
    return STAGNANT if low and not improving else None


def _rule_sponsor_lapsed(i, cfg):
    lapsed = i["days_since_sponsor"] is not None and not _sponsor_recent(i, cfg)
    return STAGNANT if lapsed else None


RULES: dict[str, Callable[[dict, Config], str | None]] = {
    "discontinued_explicitly": _rule_discontinued_explicitly,
    "not_implemented": _rule_not_implemented,
    "silent": _rule_silent,
    "report_overdue": _rule_report_overdue,
    "kpi_declining": _rule_kpi_declining,
    "kpi_flat": _rule_kpi_flat,
    "budget_unused": _rule_budget_unused,
    "sponsor_lapsed": _rule_sponsor_lapsed,
}
ON_TRACK = "on_track"

RULE_LABELS = {
    "discontinued_explicitly": _("Discontinued by decision"),
    "not_implemented": _("Not implemented yet"),
    "silent": _("No sign of life"),
    "report_overdue": _("Progress report overdue"),
    "kpi_declining": _("Indicators falling"),
    "kpi_flat": _("Indicators not improving"),
    "budget_unused": _("Budget not used"),
    "sponsor_lapsed": _("Sponsor has not re-confirmed"),
    ON_TRACK: _("On track"),
}

RULE_TEXTS = {
    "discontinued_explicitly": _("The innovation was discontinued by a recorded decision."),
    "not_implemented": _(
        "Health is measured from implementation (penerapan) onwards; this innovation is not "
        "implemented."
    ),
    "silent": _(
        "No progress report covers the last %(silent_days)s days and no sponsor confirmed "
        "continuation in the last %(sponsor_days)s days: the innovation is presumed stopped."
    ),
    "report_overdue": _(
        "The progress report due on %(next_report_due)s has not arrived (%(days_overdue)s "
        "days late)."
    ),
    "kpi_declining": _("Indicator attainment fell in each of the last %(decline)s reports."),
    "kpi_flat": _(
        "Indicator attainment did not rise in any of the last %(flat)s reports and the target "
        "is not reached."
    ),
    "budget_unused": _(
        "Only %(budget_pct)s%% of the allocated budget of the last %(window)s days was "
        "realised (minimum %(min_pct)s%%) and the indicators did not improve."
    ),
    "sponsor_lapsed": _(
        "The sponsor has not re-confirmed continuation for %(days_since_sponsor)s days "
        "(maximum %(sponsor_days)s)."
    ),
}
# The same rules, said truthfully when no sponsor ever confirmed continuation.
RULE_TEXTS_NO_SPONSOR = {
    "sponsor_lapsed": _(
        "No sponsor has confirmed continuation since implementation began "
        "%(days_since_sponsor)s days ago (a confirmation is due every %(sponsor_days)s days)."
    ),
}

# "On track" says only what the inputs show: a new innovation has no report yet, and a
# sponsor who was never asked has not "re-confirmed" anything.
ON_TRACK_PARTS = {
    "first_report": _("The first progress report is due on %(next_report_due)s."),
    "reports": _("Progress reports arrive on time."),
    "kpi": _("Indicators are not falling."),
    "budget": _("The budget is used."),
    "sponsor": _("The sponsor re-confirmed continuation on %(last_sponsor_confirmation)s."),
    "no_sponsor": _(
        "The sponsor's re-confirmation is due %(sponsor_days)s days after implementation "
        "began (%(days_since_sponsor)s days so far)."
    ),
}


def _on_track_parts(inputs: dict) -> list[str]:
    parts = ["reports" if inputs.get("reports") else "first_report"]
    if inputs.get("kpi_reports"):
        parts.append("kpi")
    if inputs.get("budget_realisation") is not None:
        parts.append("budget")
    if inputs.get("last_sponsor_confirmation"):
        parts.append("sponsor")
    elif inputs.get("days_since_sponsor") is not None:
        parts.append("no_sponsor")
    return parts


def evaluate(facts: Facts, today: datetime.date, cfg: Config) -> Evaluation:
    inputs = derive_inputs(facts, today, cfg)
    for name in cfg.rules:
        status = RULES[name](inputs, cfg)
        if status is not None:
            return Evaluation(status, name, inputs, _since(name, inputs, today, cfg))
    return Evaluation(GROWING, ON_TRACK, inputs)


def _since(rule: str, inputs: dict, today: datetime.date, cfg: Config):
    """The day the rule started to fire: the day after the missed due date, or the day the
    silence passed its limit (for a first evaluation of old records)."""
    if rule == "report_overdue" and inputs["next_report_due"]:
        return datetime.date.fromisoformat(inputs["next_report_due"]) + datetime.timedelta(1)
    if rule == "silent":
        return today - datetime.timedelta(inputs["days_since_report"] - cfg.silent_days - 1)
    return None


def explain(rule: str, inputs: dict, cfg: Config) -> str:
    """One sentence saying why the rule fired, with its numbers."""
    ratio = inputs.get("budget_realisation")
    params = {
        **inputs,
        "silent_days": cfg.silent_days,
        "sponsor_days": cfg.sponsor_reconfirm_days,
        "decline": cfg.kpi_decline_reports,
        "flat": cfg.kpi_flat_reports,
        "window": cfg.budget_window_days,
        "budget_pct": round(ratio * 100) if ratio is not None else "—",
        "min_pct": round(cfg.budget_min_realisation * 100),
    }
    for key in ("next_report_due", "last_sponsor_confirmation", "last_report_period_end"):
        if params.get(key):
            params[key] = date_format(datetime.date.fromisoformat(params[key]), "j F Y")
    if rule == ON_TRACK:
        return " ".join(str(ON_TRACK_PARTS[part]) % params for part in _on_track_parts(inputs))
    if not inputs.get("last_sponsor_confirmation") and rule in RULE_TEXTS_NO_SPONSOR:
        return str(RULE_TEXTS_NO_SPONSOR[rule]) % params
    return str(RULE_TEXTS.get(rule, "")) % params


INPUT_LABELS = {
    "cadence": _("Report cadence"),
    "reports": _("Progress reports"),
    "last_report_period_end": _("Last period reported (end)"),
    "days_since_report": _("Days since the last period reported"),
    "next_report_due": _("Next report due"),
    "days_overdue": _("Days overdue"),
    "missed_periods": _("Periods missed"),
    "kpi_latest": _("KPI attainment, latest report (1 = target)"),
    "kpi_change_latest": _("KPI change in the latest report"),
    "kpi_falls_in_a_row": _("Reports in a row with falling KPIs"),
    "kpi_no_rise_in_a_row": _("Reports in a row without KPI rise"),
    "budget_allocated": _("Budget allocated, last %(days)d days (Rp)"),
    "budget_realised": _("Budget realised, last %(days)d days (Rp)"),
    "budget_realisation": _("Budget realisation"),
    "last_sponsor_confirmation": _("Sponsor's last confirmation"),
    "days_since_sponsor": _("Days since the sponsor confirmed (or since implementation)"),
}
INPUT_LABELS_NO_SPONSOR = {
    "days_since_sponsor": _("Days since implementation began (no sponsor confirmation yet)"),
}
