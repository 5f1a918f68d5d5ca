"""Reads of the competition: standings recomputed from the stored scores, the calibration
statistics and the reviewers' progress. Callers have resolved the competition through the
user (access.competition_for_user)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import conf, formulas
from .models import Assignment, Competition, Criterion, Entry, Score


@dataclass
class Review:
    assignment: Assignment
    total: float | None
    levels: dict[int, int]

    @property
    def counted(self) -> bool:
        return (
            self.total is not None
            and self.assignment.status == Assignment.Status.DONE
            and not self.assignment.excluded_reason
        )


def criteria_by_weight(competition: Competition) -> list[Criterion]:
    return sorted(competition.criteria.all(), key=lambda c: (-c.weight, c.position, c.pk))


def reviews(competition: Competition) -> dict[int, list[Review]]:
    """{entry id: reviews} of the submitted entries, totals from the stored levels."""
    weights = {c.pk: c.weight for c in competition.criteria.all()}
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for assignment_id, criterion_id, level in Score.objects.filter(
        assignment__entry__competition=competition
    ).values_list("assignment_id", "criterion_id", "level"):
        levels[assignment_id][criterion_id] = level
    out: dict[int, list[Review]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(entry__competition=competition)
        .exclude(status=Assignment.Status.CONFLICT)
        .select_related("reviewer__user", "reviewer__agency")
    ):
        out[a.entry_id].append(
            Review(a, formulas.rubric_total(levels[a.pk], weights), levels[a.pk])
        )
    return out


def standings(competition: Competition) -> dict[int, list[formulas.Ranked]]:
    """{category id: ranked entries}, recomputed from the stored scores every time."""
    criteria = criteria_by_weight(competition)
    by_entry = reviews(competition)
    entries = list(competition.entries.filter(status=Entry.Status.SUBMITTED))
    codes = {e.pk: e.code for e in entries}
    grouped: dict[int, list[formulas.Ranked]] = defaultdict(list)
    for entry in entries:
        counted = [r for r in by_entry.get(entry.pk, []) if r.counted]
        if not counted:
            continue
        grouped[entry.category_id].append(
            formulas.Ranked(
                entry=entry.pk,
                score=formulas.mean([r.total for r in counted]),
                criteria=tuple(formulas.mean([r.levels[c.pk] for r in counted]) for c in criteria),
            )
        )
    result = {}
    for category_id, items in grouped.items():
        ranked = formulas.rank(items)
        for row in ranked:
            row.tie_note = _tie_note(row, ranked, criteria, codes)
        result[category_id] = ranked
    return result


def _tie_note(row, ranked, criteria, codes) -> str:
    if not row.tied_with:
        return ""
    others = ", ".join(codes[e] for e in row.tied_with)
    shared = [o for o in ranked if o.rank == row.rank and o is not row]
    if shared:
        return _(
            "Equal score and equal on every criterion with %(others)s: the rank is shared."
        ) % {"others": others}
    below = next((o for o in ranked if o.entry in row.tied_with and o.rank > row.rank), None)
    decider = row if row.decided_by is not None else below
    if decider is None or decider.decided_by is None:
        return _("Equal score with %(others)s.") % {"others": others}
    criterion = criteria[decider.decided_by]
    return _(
        "Equal score with %(others)s; the tie is broken by the heaviest criterion on which "
        "they differ, “%(criterion)s” (mean level %(mine).2f here)."
    ) % {
        "others": others,
        "criterion": criterion.name,
        "mine": row.criteria[decider.decided_by],
    }


@dataclass
class EntryStats:
    entry: Entry
    reviews: list[Review]
    mean: float | None
    sd: float | None
    range: float | None
    flagged: bool
    outliers: list[Review]


@dataclass
class ReviewerStats:
    reviewer: object
    bias: float | None
    entries: int
    label: str
    done: int
    assigned: int


def calibration(competition: Competition) -> tuple[list[EntryStats], list[ReviewerStats]]:
    """Spread per entry and bias per reviewer, over the counted reviews."""
    by_entry = reviews(competition)
    entries = competition.entries.filter(status=Entry.Status.SUBMITTED).select_related(
        "innovation__agency", "category"
    )
    outlier_points = conf.get("OUTLIER_POINTS")
    entry_rows = []
    triples = []
    for entry in entries:
        rs = by_entry.get(entry.pk, [])
        counted = [r for r in rs if r.counted]
        totals = [r.total for r in counted]
        spread = formulas.spread(totals)
        outliers = []
        for r in rs:
            if r.total is None:
                continue
            others = [o.total for o in counted if o is not r]
            if others and abs(r.total - formulas.mean(others)) >= outlier_points:
                outliers.append(r)
        entry_rows.append(
            EntryStats(
                entry=entry,
                reviews=rs,
                mean=formulas.mean(totals),
                sd=spread[0] if spread else None,
                range=spread[1] if spread else None,
                flagged=bool(spread and spread[0] >= conf.get("SPREAD_SD")),
                outliers=outliers,
            )
        )
        triples += [(r.assignment.reviewer_id, entry.pk, r.total) for r in counted]
    bias = formulas.reviewer_bias(triples)
    progress = defaultdict(lambda: [0, 0])
    for rs in by_entry.values():
        for r in rs:
            progress[r.assignment.reviewer_id][1] += 1
            if r.assignment.status == Assignment.Status.DONE:
                progress[r.assignment.reviewer_id][0] += 1
    reviewer_rows = []
    for reviewer in competition.reviewers.select_related("user", "agency"):
        b = bias.get(reviewer.pk)
        reviewer_rows.append(
            ReviewerStats(
                reviewer=reviewer,
                bias=b.mean_deviation if b else None,
                entries=b.entries if b else 0,
                label=formulas.bias_label(
                    b, points=conf.get("BIAS_POINTS"), min_entries=conf.get("BIAS_MIN_ENTRIES")
                )
                if b
                else "",
                done=progress[reviewer.pk][0],
                assigned=progress[reviewer.pk][1],
            )
        )
    return entry_rows, reviewer_rows
