"""The five-factor formulas: plain numbers in, a 0–100 score and its explanation out.

Every factor score is `100 × Σ(weight × ratio) ÷ Σ(weight)` over the parts that have data,
each ratio clamped to 0–1. A part without data (no denominator, or an input whose source
does not exist yet) is shown as "no data" and left out; when no part has data the score is
None ("no data"), never 0. Weights come from the setting HEALTH_WEIGHTS (conf.py).

No database access here: factors.py gathers the numbers, this module judges them.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

FORMULAS = {
    "F1": _(
        "F1 = 100 × weighted mean of: innovators trained this year ÷ innovators; innovators "
        "with time allotted this year ÷ innovators; innovators recognised in the recognition "
        "window ÷ innovators."
    ),
    "F2": _(
        "F2 = 100 × barriers resolved within their SLA ÷ (barriers resolved + barriers still "
        "open past their due date), over the barriers raised in the year."
    ),
    "F3": _(
        "F3 = 100 × weighted mean of: running innovations with a risk register ÷ running "
        "innovations (coverage); risk reviews done by their due date ÷ reviews due in the "
        "year (currency)."
    ),
    "F4": _(
        "F4 = 100 × weighted mean of: running innovations with a complete profile, with "
        "evidence attached, with a current progress report, with KPI data, with a lesson "
        "recorded — each ÷ running innovations."
    ),
    "F5": _(
        "F5 = 100 × weighted mean of: budget realised ÷ allocated (at most 1); reallocation "
        "turnaround (1 when the median days to decide is within the target, else target ÷ "
        "median); running innovations with a budget line ÷ running innovations."
    ),
}


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    ratio: float | None
    weight: float
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    provisional: bool = False

    @property
    def has_data(self) -> bool:
        return self.ratio is not None

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else round(100 * self.ratio, 1)


@dataclass(frozen=True)
class FactorScore:
    factor: str
    score: float | None
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def formula(self) -> str:
        return str(FORMULAS[self.factor])

    @property
    def has_data(self) -> bool:
        return self.score is not None


def clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def share(numerator: float | None, denominator: float | None) -> float | None:
    """numerator ÷ denominator clamped to 0–1; None without a positive denominator."""
    if numerator is None or not denominator or denominator <= 0:
        return None
    return clamp01(float(numerator) / float(denominator))


def weighted_score(parts: Sequence[Part]) -> float | None:
    scored = [p for p in parts if p.ratio is not None and p.weight > 0]
    total = sum(p.weight for p in scored)
    if not scored or total <= 0:
        return None
    value = 100 * sum(p.weight * clamp01(p.ratio) for p in scored) / total
    return round(min(100.0, max(0.0, value)), 1)


def _part(key, label, weights, numerator, denominator, **extra) -> Part:
    return Part(
        key=key,
        label=str(label),
        ratio=share(numerator, denominator),
        weight=float(weights.get(key, 0)),
        numerator=numerator,
        denominator=denominator,
        **extra,
    )


def _score(factor: str, parts: list[Part]) -> FactorScore:
    return FactorScore(factor=factor, score=weighted_score(parts), parts=tuple(parts))


def f1_capability(
    *, innovators: int, trained: int, time_allotted: int, recognised: int, weights: Mapping
) -> FactorScore:
    return _score(
        "F1",
        [
            _part("trained", _("Innovators trained"), weights, trained, innovators),
            _part(
                "time_allotted",
                _("Innovators with time allotted"),
                weights,
                time_allotted,
                innovators,
            ),
            _part("recognised", _("Innovators recognised"), weights, recognised, innovators),
        ],
    )


def f2_barriers(*, on_time: int, late: int, weights: Mapping) -> FactorScore:
    return _score(
        "F2",
        [
            _part(
                "resolved_within_sla",
                _("Barriers resolved within SLA"),
                weights,
                on_time,
                on_time + late,
            )
        ],
    )


def f3_risks(
    *, running: int, covered: int, reviews_due: int, reviews_on_time: int, weights: Mapping
) -> FactorScore:
    return _score(
        "F3",
        [
            _part(
                "coverage", _("Running innovations with a risk register"), weights, covered, running
            ),
            _part(
                "review_currency",
                _("Risk reviews done on time"),
                weights,
                reviews_on_time,
                reviews_due,
            ),
        ],
    )


F4_PARTS = {
    "profile_complete": _("Running innovations with a complete profile"),
    "evidence_attached": _("Running innovations with evidence attached"),
    "progress_current": _("Running innovations with a current progress report"),
    "kpi_data": _("Running innovations with KPI data"),
    "lessons_recorded": _("Running innovations with a lesson recorded"),
}


def f4_knowledge(
    *, running: int, counts: Mapping[str, int | None], weights: Mapping, notes: Mapping = None
) -> FactorScore:
    """`counts[key]` is None when the input has no data source (yet) or was not kept for
    that year; `notes[key]` says why."""
    notes = notes or {}
    parts = []
    for key, label in F4_PARTS.items():
        count = counts.get(key)
        parts.append(
            _part(
                key,
                label,
                weights,
                count,
                running if count is not None else None,
                note=str(notes.get(key, "")),
                provisional=count is None,
            )
        )
    return _score("F4", parts)


def turnaround_ratio(days: Sequence[int], target_days: int) -> float | None:
    """1 when the median days from request to decision is within target, else target ÷ median."""
    if not days:
        return None
    median = statistics.median(days)
    if median <= target_days:
        return 1.0
    return clamp01(target_days / median)


def f5_budget(
    *,
    allocated: Decimal | float,
    realised: Decimal | float,
    running: int,
    funded: int,
    turnaround_days: Sequence[int],
    target_days: int,
    weights: Mapping,
) -> FactorScore:
    median = statistics.median(turnaround_days) if turnaround_days else None
    turnaround = Part(
        key="reallocation_turnaround",
        label=str(_("Reallocation turnaround")),
        ratio=turnaround_ratio(turnaround_days, target_days),
        weight=float(weights.get("reallocation_turnaround", 0)),
        numerator=median,
        denominator=target_days,
        note=(
            str(
                _("median %(median)s days over %(n)d decisions; target %(target)d days")
                % {"median": median, "n": len(turnaround_days), "target": target_days}
            )
            if turnaround_days
            else ""
        ),
    )
    return _score(
        "F5",
        [
            _part("realisation", _("Budget realised"), weights, float(realised), float(allocated)),
            turnaround,
            _part("funded", _("Running innovations with a budget line"), weights, funded, running),
        ],
    )


def weakest(scores: Mapping[str, FactorScore]) -> str | None:
    """The factor with the lowest score among those with data (ties: the first)."""
    with_data = [(s.score, f) for f, s in sorted(scores.items()) if s.score is not None]
    return min(with_data)[1] if with_data else None


def maturity(answers: Mapping[str, int], factor_of: Mapping[str, str]) -> dict[str, int | None]:
    """Maturity level 1–5 per factor: the mean of its answered questions, rounded half up;
    None when no question of that factor was answered."""
    levels: dict[str, list[int]] = {f: [] for f in sorted(set(factor_of.values()))}
    for code, value in answers.items():
        if code in factor_of and value:
            levels[factor_of[code]].append(min(5, max(1, int(value))))
    return {
        factor: (int(Decimal(sum(v)) / len(v) + Decimal("0.5")) if v else None)
        for factor, v in levels.items()
    }
