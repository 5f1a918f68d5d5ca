"""The IID formula, pure: dataclasses in, a breakdown out. No database, no settings.

Used by the pages, the `iid_simulate` command, the export and the benchmark, so the
formula exists once. Every figure carries its inputs and the arithmetic that made it
(`Figure.formula`; `Figure.formatted` writes the numbers the reader's way), so any number
the product shows can explain itself.

docs/domain.md §4 (2023–2026 scheme):
    row score      = weight × level                       (level 0 when empty)
    maturity       = Σ row scores of one innovation's SID sheet   (max 111 in 2026)
    SPD            = Σ row scores of the Pemda's SPD sheet          (max 63)
    count score    = min(n, cap) × weight   if basic-service affairs covered ≥ minimum, else 0
    SID            = Σ maturity / MAX(k, n) + count score
    IID            = (SPD + SID) / (SPD max + SID max + cap × weight) × 100
    predicate      = the band whose minimum the IID (rounded to 2 decimals) reaches

Numbers are `Decimal` throughout; only what is shown is rounded (2 decimals, half up).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def r2(value: Decimal) -> Decimal:
    """Round for display: 2 decimals, half up (as the national tables are printed)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value) -> str:
    return f"{r2(value):f}" if isinstance(value, Decimal) else str(value)


# --- Rules: one assessment period's constants, read from the database by the caller ---------


@dataclass(frozen=True)
class Band:
    """A predicate band: reached when the rounded IID is at least `minimum`."""

    minimum: Decimal
    label: str


@dataclass(frozen=True)
class Rules:
    year: int
    min_divisor: int  # k
    count_weight: Decimal
    count_cap: int
    basic_service_minimum: int
    spd_max: Decimal  # Σ weight × top level of the SPD rows
    sid_max: Decimal  # Σ weight × top level of the SID rows (one innovation)
    bands: tuple[Band, ...] = ()

    @property
    def count_max(self) -> Decimal:
        return self.count_cap * self.count_weight

    @property
    def total_max(self) -> Decimal:
        return self.spd_max + self.sid_max + self.count_max

    def predicate(self, iid: Decimal) -> str:
        rounded = r2(iid)
        for band in sorted(self.bands, key=lambda b: b.minimum, reverse=True):
            if rounded >= band.minimum:
                return band.label
        return ""


# --- Figures: a value with the inputs that made it ------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal
    pattern: str  # the arithmetic, e.g. "{0} / MAX({1}, {2})", filled with `args`
    args: tuple = ()
    inputs: tuple[tuple[str, object], ...] = ()

    @property
    def shown(self) -> Decimal:
        return r2(self.value)

    def formatted(self, number=fmt) -> str:
        """The arithmetic with the actual numbers, each written by `number`."""
        return self.pattern.format(*(number(a) for a in self.args))

    @property
    def formula(self) -> str:
        return self.formatted()

    def as_dict(self) -> dict:
        return {
            "value": float(r2(self.value)),
            "formula": self.formula,
            "inputs": {k: (float(r2(v)) if isinstance(v, Decimal) else v) for k, v in self.inputs},
        }


# --- One sheet (an innovation's SID rows, or the Pemda's SPD rows) --------------------------


@dataclass(frozen=True)
class Row:
    code: str
    weight: Decimal
    level: int = 0
    top_level: int = 3
    mandatory: bool = False
    has_evidence: bool = False
    accepted: bool = False

    @property
    def claimed(self) -> Decimal:
        return self.weight * self.level

    @property
    def verified(self) -> Decimal:
        return self.weight * self.level if self.accepted else ZERO

    @property
    def maximum(self) -> Decimal:
        return self.weight * self.top_level


@dataclass(frozen=True)
class SheetScore:
    claimed: Figure
    verified: Figure
    maximum: Decimal
    rows: int
    with_evidence: int
    claimed_mandatory_missing: tuple[str, ...]
    verified_mandatory_missing: tuple[str, ...]


def _row_sum(rows: Sequence[Row], key: str, attr: str) -> Figure:
    terms = [r for r in rows if getattr(r, attr)]
    total = sum((getattr(r, attr) for r in rows), ZERO)
    pattern = " + ".join(f"{{{2 * i}}}×{{{2 * i + 1}}}" for i in range(len(terms))) or "0"
    args = tuple(x for r in terms for x in (r.weight, r.level))
    return Figure(key, total, pattern, args, tuple((r.code, getattr(r, attr)) for r in rows))


def sheet_score(rows: Iterable[Row]) -> SheetScore:
    """Claimed (every level the agency set) and verified (accepted rows only) scores.

    A mandatory row is *filled* when its level is at least 1 and it has evidence, and
    *verified* when, besides, the verifier accepted it.
    """
    rows = list(rows)
    return SheetScore(
        claimed=_row_sum(rows, "claimed", "claimed"),
        verified=_row_sum(rows, "verified", "verified"),
        maximum=sum((r.maximum for r in rows), ZERO),
        rows=len(rows),
        with_evidence=sum(1 for r in rows if r.has_evidence),
        claimed_mandatory_missing=tuple(
            r.code for r in rows if r.mandatory and not (r.level >= 1 and r.has_evidence)
        ),
        verified_mandatory_missing=tuple(
            r.code
            for r in rows
            if r.mandatory and not (r.level >= 1 and r.has_evidence and r.accepted)
        ),
    )


# --- Eligibility of one innovation --------------------------------------------------------


@dataclass(frozen=True)
class EligibilityRules:
    window_start: datetime.date | None = None
    window_end: datetime.date | None = None
    design_min_words: int = 0


@dataclass(frozen=True)
class EligibilityFacts:
    implementation_start: datetime.date | None = None
    development_date: datetime.date | None = None
    design_words: int = 0
    mandatory_missing: int = 0
    mandatory_codes: tuple[str, ...] = ()  # which ones, when known


@dataclass(frozen=True)
class Problem:
    code: str  # "window", "design", "mandatory"
    params: dict = field(default_factory=dict)


def _in_window(day: datetime.date | None, rules: EligibilityRules) -> bool:
    if day is None:
        return False
    if rules.window_start and day < rules.window_start:
        return False
    return not (rules.window_end and day > rules.window_end)


def eligibility_problems(rules: EligibilityRules, facts: EligibilityFacts) -> list[Problem]:
    """Every reason this innovation cannot count. The same rule, written as a database
    filter, is `selectors.eligible_q` (a test keeps the two in agreement)."""
    problems = []
    if (rules.window_start or rules.window_end) and not (
        _in_window(facts.implementation_start, rules) or _in_window(facts.development_date, rules)
    ):
        problems.append(
            Problem(
                "window",
                {
                    "start": rules.window_start,
                    "end": rules.window_end,
                    "implementation_start": facts.implementation_start,
                    "development_date": facts.development_date,
                },
            )
        )
    if facts.design_words < rules.design_min_words:
        problems.append(
            Problem("design", {"words": facts.design_words, "minimum": rules.design_min_words})
        )
    if facts.mandatory_missing:
        problems.append(
            Problem(
                "mandatory",
                {"count": facts.mandatory_missing, "codes": ", ".join(facts.mandatory_codes)},
            )
        )
    return problems


# --- The regional index -------------------------------------------------------------------


@dataclass(frozen=True)
class IndexInput:
    """What the index needs from a Pemda: SPD score, Σ and number of counted innovations
    (n), the basic-service affairs they cover, and the seats in the divisor.

    `seats` is n for a claimed index. The verified index counts points only of verified
    innovations but keeps every innovation the Pemda put forward in the divisor (seats =
    claimed n): an unverified innovation weighs as zero until verified, so the verified
    index can never exceed the claimed one (ADR 0004).
    """

    spd: Decimal
    score_sum: Decimal
    n: int
    basic_covered: int
    seats: int | None = None

    @classmethod
    def from_scores(cls, spd, scores: Iterable, basic_covered: int, seats: int | None = None):
        scores = [Decimal(s) for s in scores]
        return cls(Decimal(spd), sum(scores, ZERO), len(scores), basic_covered, seats)


@dataclass(frozen=True)
class Breakdown:
    rules: Rules
    given: IndexInput
    spd: Figure
    divisor: Figure
    sid_average: Figure
    count_score: Figure
    sid: Figure
    total: Figure
    iid: Figure
    predicate: str
    empty_seats: int
    basic_ok: bool

    @property
    def figures(self) -> list[Figure]:
        return [
            self.spd,
            self.sid_average,
            self.divisor,
            self.count_score,
            self.sid,
            self.total,
            self.iid,
        ]

    def as_dict(self) -> dict:
        return {
            "period": self.rules.year,
            "spd": float(r2(self.spd.value)),
            "innovations": self.given.n,
            "score_sum": float(r2(self.given.score_sum)),
            "sid_average": float(r2(self.sid_average.value)),
            "divisor": int(self.divisor.value),
            "count_score": float(r2(self.count_score.value)),
            "sid": float(r2(self.sid.value)),
            "total": float(r2(self.total.value)),
            "iid": float(r2(self.iid.value)),
            "predicate": self.predicate,
            "empty_seats": self.empty_seats,
            "basic_services_covered": self.given.basic_covered,
            "basic_services_minimum": self.rules.basic_service_minimum,
            "count_score_applies": self.basic_ok,
            "maxima": {
                "spd": float(self.rules.spd_max),
                "sid_per_innovation": float(self.rules.sid_max),
                "count": float(self.rules.count_max),
                "total": float(self.rules.total_max),
            },
            "figures": {f.key: f.as_dict() for f in self.figures},
        }


def compute_index(rules: Rules, given: IndexInput) -> Breakdown:
    n = given.n
    seats = n if given.seats is None else max(given.seats, n)
    k = rules.min_divisor
    divisor_value = max(k, seats, 1)
    divisor = Figure(
        "divisor", Decimal(divisor_value), "MAX({0}, {1})", (k, seats), (("k", k), ("n", seats))
    )
    average = Figure(
        "sid_average",
        given.score_sum / divisor_value,
        "{0} / {1}",
        (given.score_sum, divisor_value),
        (("score_sum", given.score_sum), ("divisor", divisor_value)),
    )
    basic_ok = given.basic_covered >= rules.basic_service_minimum
    counted = min(n, rules.count_cap)
    count_value = counted * rules.count_weight if basic_ok else ZERO
    count = Figure(
        "count_score",
        count_value,
        "MIN({0}, {1}) × {2}" if basic_ok else "0 ({3} < {4})",
        (n, rules.count_cap, rules.count_weight, given.basic_covered, rules.basic_service_minimum),
        (
            ("n", n),
            ("cap", rules.count_cap),
            ("weight", rules.count_weight),
            ("basic_covered", given.basic_covered),
            ("basic_minimum", rules.basic_service_minimum),
        ),
    )
    sid = Figure(
        "sid",
        average.value + count.value,
        "{0} + {1}",
        (average.value, count.value),
        (("sid_average", average.value), ("count_score", count.value)),
    )
    spd = Figure("spd", given.spd, "{0}", (given.spd,), (("spd_max", rules.spd_max),))
    total = Figure(
        "total",
        spd.value + sid.value,
        "{0} + {1}",
        (spd.value, sid.value),
        (("spd", spd.value), ("sid", sid.value)),
    )
    iid_value = total.value / rules.total_max * HUNDRED if rules.total_max else ZERO
    iid = Figure(
        "iid",
        iid_value,
        "{0} / {1} × 100",
        (total.value, rules.total_max),
        (("total", total.value), ("total_max", rules.total_max)),
    )
    return Breakdown(
        rules=rules,
        given=given,
        spd=spd,
        divisor=divisor,
        sid_average=average,
        count_score=count,
        sid=sid,
        total=total,
        iid=iid,
        predicate=rules.predicate(iid_value),
        empty_seats=max(k - seats, 0),
        basic_ok=basic_ok,
    )


def gain_of_one_more(rules: Rules, given: IndexInput, score: Decimal) -> Decimal:
    """IID points won (or lost, when n ≥ k and `score` is below the average) by putting
    forward one more innovation scoring `score`, covering no new basic-service affair."""
    base = compute_index(rules, given)
    seats = given.n if given.seats is None else given.seats
    more = replace(given, score_sum=given.score_sum + score, n=given.n + 1, seats=seats + 1)
    return compute_index(rules, more).iid.value - base.iid.value
