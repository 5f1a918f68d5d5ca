"""Words for the numbers: labels of the figures and their inputs, and eligibility problems
as sentences. Used by the pages, the PDF and the export, so each says the same."""

from __future__ import annotations

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scoring

FIGURE_LABELS = {
    "spd": gettext_lazy("SPD score (region)"),
    "sid_average": gettext_lazy("Average innovation score"),
    "divisor": gettext_lazy("Divisor MAX(k, n)"),
    "count_score": gettext_lazy("Count score"),
    "sid": gettext_lazy("SID score"),
    "total": gettext_lazy("Total (SPD + SID)"),
    "iid": gettext_lazy("IID (0–100)"),
}
FIGURE_RULES = {
    "spd": gettext_lazy("Σ weight × level of the SPD rows (verified: accepted rows only)."),
    "sid_average": gettext_lazy(
        "Σ maturity of the innovations that count, divided by the divisor."
    ),
    "divisor": gettext_lazy(
        "The larger of the period's minimum k and the number of innovations put forward; "
        "each empty seat (k − n) counts as an innovation scoring zero."
    ),
    "count_score": gettext_lazy(
        "MIN(n, cap) × weight, but zero unless the innovations cover enough basic-service affairs."
    ),
    "sid": gettext_lazy("Average innovation score + count score."),
    "total": gettext_lazy("SPD + SID."),
    "iid": gettext_lazy("Total divided by the period's maximum (SPD + SID + count), × 100."),
}
INPUT_LABELS = {
    "spd_max": gettext_lazy("SPD maximum"),
    "score_sum": gettext_lazy("Σ innovation scores"),
    "divisor": gettext_lazy("divisor"),
    "k": gettext_lazy("minimum divisor k"),
    "n": gettext_lazy("innovations n"),
    "cap": gettext_lazy("innovations counted at most"),
    "weight": gettext_lazy("weight per innovation"),
    "basic_covered": gettext_lazy("basic-service affairs covered"),
    "basic_minimum": gettext_lazy("basic-service affairs needed"),
    "sid_average": gettext_lazy("average innovation score"),
    "count_score": gettext_lazy("count score"),
    "spd": gettext_lazy("SPD"),
    "sid": gettext_lazy("SID"),
    "total": gettext_lazy("total"),
    "total_max": gettext_lazy("maximum total"),
}


def _shown(value):
    return scoring.r2(value) if isinstance(value, scoring.Decimal) else value


def number(value) -> str:
    """A number as the reader's language writes it (Indonesian: 53,33)."""
    if isinstance(value, scoring.Decimal):
        return number_format(scoring.r2(value), 2)
    return str(value)


def figures(breakdown: scoring.Breakdown) -> list[dict]:
    """Each figure of a breakdown with its label, rule, arithmetic and inputs."""
    return [
        {
            "key": f.key,
            "label": FIGURE_LABELS[f.key],
            "value": f.shown,
            "rule": FIGURE_RULES[f.key],
            "formula": f.formatted(number),
            "inputs": [(INPUT_LABELS.get(k, k), _shown(v)) for k, v in f.inputs],
        }
        for f in breakdown.figures
    ]


def _day(value) -> str:
    return date_format(value, "j M Y") if value else "—"


def _window_text(p: dict) -> str:
    """The real reason an innovation falls outside the window: no start at all, a start
    before the window opened or after it closed; the development date likewise."""
    window = {"start": _day(p["start"]), "end": _day(p["end"])}
    impl, dev = p["implementation_start"], p["development_date"]
    if impl is None:
        first = _("No implementation start is recorded")
    elif p["end"] and impl > p["end"]:
        first = _("Implementation started on %(impl)s, after the window %(start)s – %(end)s closed")
    else:
        first = _(
            "Implementation started on %(impl)s, before the window %(start)s – %(end)s opened"
        )
    if dev is None:
        second = (
            _("no development is recorded inside the window %(start)s – %(end)s")
            if impl is None
            else _("no development is recorded inside the window")
        )
    elif p["end"] and dev > p["end"]:
        second = _("the development (%(dev)s) is after the window")
    else:
        second = _("the development (%(dev)s) is before the window")
    params = {"impl": _day(impl), "dev": _day(dev), **window}
    return f"{first % params}; {second % params}."


def problem_text(problem: scoring.Problem, *, verified: bool = False) -> str:
    p = problem.params
    if problem.code == "window":
        return _window_text(p)
    if problem.code == "design":
        return _("The design (rancang bangun) has %(words)d words; %(minimum)d are needed.") % p
    if verified:
        text = _("%(count)d mandatory indicator(s) not accepted by a verifier") % p
    else:
        text = _("%(count)d mandatory indicator(s) without a level and evidence") % p
    if p.get("codes"):
        text += f" ({p['codes']})"
    return text + "."


def problems_text(problems: list[scoring.Problem], *, verified: bool = False) -> list[str]:
    return [problem_text(p, verified=verified) for p in problems]


TONES = ("success", "primary", "warning", "secondary")


def tone(breakdown: scoring.Breakdown) -> str:
    """A Bootstrap colour for the predicate: the top band green, then blue, amber, grey."""
    labels = [b.label for b in sorted(breakdown.rules.bands, key=lambda b: -b.minimum)]
    if breakdown.predicate not in labels:
        return TONES[-1]
    return TONES[min(labels.index(breakdown.predicate), len(TONES) - 1)]
