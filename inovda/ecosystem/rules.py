"""Pure rules of the registers: SLA due dates, overdue, risk scores and appetite,
budget realisation. No database access: inputs in, answer out (unit-tested directly)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from inovda.innovations import lifecycle

from . import conf

# Barrier statuses in which the unit still owes a resolution.
OPEN_BARRIER_STATUSES = ("open", "in_progress", "escalated")


def sla_days(kind: str) -> int:
    """Calendar days allowed to resolve a barrier of this type (setting BARRIER_SLA_DAYS)."""
    table = conf.get("BARRIER_SLA_DAYS")
    return int(table.get(kind, table["other"]))


def due_on(raised_on: datetime.date, days: int) -> datetime.date:
    return raised_on + datetime.timedelta(days=days)


def is_overdue(*, status: str, due: datetime.date | None, today: datetime.date) -> bool:
    """Open past its due date. A resolved barrier is never overdue (it may be late)."""
    return status in OPEN_BARRIER_STATUSES and due is not None and today > due


def resolved_within_sla(*, due: datetime.date, resolved: datetime.date | None) -> bool | None:
    """True/False once resolved; None while still open."""
    if resolved is None:
        return None
    return resolved <= due


def risk_score(likelihood: int | None, impact: int | None) -> int | None:
    if not likelihood or not impact:
        return None
    return int(likelihood) * int(impact)


def risk_level(score: int | None) -> str:
    """'low', 'medium', 'high' or 'extreme' (setting RISK_LEVELS); '' without a score."""
    if score is None:
        return ""
    bands = conf.get("RISK_LEVELS")
    for upper, level in bands:
        if score <= upper:
            return level
    return bands[-1][1]


def risk_appetite(stage: str, evidence_level: int | None = None) -> int | None:
    """Highest tolerated threat score at this lifecycle stage (setting RISK_APPETITE); at
    scale (implementation) an innovation whose confirmed evidence is below the
    `risk_at_scale` gate gets RISK_APPETITE_UNPROVEN_AT_SCALE instead."""
    if stage == "penerapan" and evidence_level is not None and not _proven(evidence_level):
        return int(conf.get("RISK_APPETITE_UNPROVEN_AT_SCALE"))
    value = conf.get("RISK_APPETITE").get(stage)
    return None if value is None else int(value)


def _proven(evidence_level: int) -> bool:
    from inovda.innovations.evidence import required

    need = required("risk_at_scale")
    return need is None or evidence_level >= need


def above_appetite(
    *, kind: str, status: str, score: int | None, stage: str, evidence_level: int | None = None
) -> bool:
    """An open threat whose current score passes the appetite of its innovation's stage.
    Opportunities are never flagged: appetite limits exposure to harm."""
    appetite = risk_appetite(stage, evidence_level)
    return (
        kind == "threat"
        and status != "closed"
        and score is not None
        and appetite is not None
        and score > appetite
    )


def review_overdue(*, status: str, review_on: datetime.date | None, today: datetime.date) -> bool:
    return status != "closed" and review_on is not None and today > review_on


def realisation_rate(allocated: Decimal | None, realised: Decimal | None) -> float | None:
    """Realised ÷ allocated (may pass 1 when overspent); None when nothing is allocated."""
    if not allocated:
        return None
    return float(Decimal(realised or 0) / Decimal(allocated))


def gate_reached(*, status: str, gate: str) -> bool:
    """Whether an innovation in `status` has passed the tranche gate `gate` (one of the
    statuses in setting TRANCHE_GATES), in the order of the lifecycle's own table."""
    if gate not in conf.get("TRANCHE_GATES"):
        return False
    return lifecycle.has_reached(status, gate)
