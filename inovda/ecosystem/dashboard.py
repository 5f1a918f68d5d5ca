"""The ecosystem app's dashboard sections (registry: `inovda.core.sections`): the barrier
board, risk levels, budget realisation and five-factor health, each only for a single
Pemda the user belongs to and only where it has data."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import formats
from inovda.core.sections import Chart, Section, SectionData, Series, Stat
from inovda.core.sections import register as add
from inovda.organizations.access import one_member_pemda

from . import health, selectors
from .models import Factor


def _barriers(scope):
    if one_member_pemda(scope) is None:
        return None
    as_of = getattr(scope, "as_of", None)
    board = selectors.barrier_board(user=scope.user, as_of=as_of)
    kinds = [k for k in board.kinds if k.total]
    if not kinds:
        return None
    kinds.sort(key=lambda k: k.total, reverse=True)
    url = reverse("ecosystem:barrier_list")

    def chart(**extra) -> Chart:
        return Chart(
            key="barriers",
            title=_("Top barriers by type"),
            label_header=_("Type"),
            labels=[k.label for k in kinds],
            series=[
                Series(_("Open"), [k.open for k in kinds]),
                Series(_("Overdue"), [k.overdue for k in kinds]),
                Series(_("All"), [k.total for k in kinds]),
            ],
            horizontal=True,
            **extra,
        )

    if as_of is not None:  # the list shows today's barriers, not that day's: no links
        return SectionData(
            note=_(
                "Barriers raised up to %(day)s, each with its status of that day "
                "(from the history); overdue means past its due date on that day."
            )
            % {"day": formats.long_date(as_of)},
            charts=[chart()],
            stats=[
                Stat(_("Open barriers"), board.open),
                Stat(_("Overdue barriers"), board.overdue),
            ],
        )
    return SectionData(
        charts=[
            chart(
                explain=_("Barriers raised on innovations (withdrawn ones left out)."),
                links=[f"{url}?kind={k.kind}&status=all" for k in kinds],
            )
        ],
        stats=[
            Stat(_("Open barriers"), board.open, "", url),
            Stat(_("Overdue barriers"), board.overdue, "", f"{url}?overdue=on"),
        ],
    )


def _risks(scope):
    if one_member_pemda(scope) is None:
        return None
    as_of = getattr(scope, "as_of", None)
    if as_of is not None:  # a past year: the risks open that day, rated as they were then
        grid = selectors.heat_map(selectors.risks_open_on(user=scope.user, day=as_of), then=True)
    else:
        grid = selectors.heat_map(selectors.risk_list(user=scope.user))
    labels, values = [], []
    for row in grid:
        for cell in row:
            if getattr(cell, "count", 0):
                labels.append(f"{cell.likelihood} × {cell.impact}")
                values.append(cell.count)
    if not values:
        return None

    def chart(**extra) -> Chart:
        return Chart(
            key="risk-heat",
            title=_("Open risks by likelihood × impact"),
            label_header=_("Likelihood × impact"),
            labels=labels,
            series=[Series(_("Risks"), values)],
            **extra,
        )

    if as_of is not None:  # the risk page shows today's risks, not that day's: no links
        return SectionData(
            note=_(
                "The risks open on %(day)s, each with its likelihood and impact of that day "
                "(from the history)."
            )
            % {"day": formats.long_date(as_of)},
            charts=[chart()],
        )
    return SectionData(
        charts=[
            chart(
                explain=_("The risk heat map of every open risk register entry."),
                links=[reverse("ecosystem:risk_overview")] * len(labels),
            )
        ]
    )


def _budget(scope):
    if one_member_pemda(scope) is None:
        return None
    as_of = getattr(scope, "as_of", None)
    year = as_of.year if as_of else timezone.localdate().year
    total = selectors.budget_total(user=scope.user, year=year, as_of=as_of)
    allocated, realised = total.allocated, total.realised
    if not allocated:
        return None
    url = f"{reverse('ecosystem:budget_overview')}?year={year}"
    note = ""
    if as_of is not None:
        url = None  # the budget page shows today's amounts
        note = _(
            "The budget lines of fiscal year %(year)s recorded by %(day)s, with the "
            "allocation and realisation of that day (from the history)."
        ) % {"year": year, "day": formats.long_date(as_of)}
    return SectionData(
        note=note,
        stats=[
            Stat(_("Allocated %(year)s") % {"year": year}, formats.money(allocated), "", url),
            Stat(_("Realised"), formats.money(realised), "", url),
            Stat(
                _("Realisation rate"),
                formats.percent(100 * realised / allocated),
                _("Realised ÷ allocated over the innovations' budget lines of the year."),
                url,
            ),
        ],
    )


def _five_factors(scope):
    pemda = one_member_pemda(scope)
    if pemda is None:
        return None
    as_of = getattr(scope, "as_of", None)
    year = as_of.year if as_of else timezone.localdate().year
    total, _agencies = health.pemda_health(pemda.pk, year)
    scores = [(code, fs.score) for code, fs in sorted(total.scores.items())]
    if all(score is None for _code, score in scores):
        return None
    note = ""
    if as_of is not None:
        note = _(
            "The five factors of %(year)s as the health page computes them for that year. "
            "Some parts cannot be rebuilt as of %(day)s and are measured on today's "
            "records (the health page names them)."
        ) % {"year": year, "day": formats.long_date(as_of)}
    return SectionData(
        note=note,
        charts=[
            Chart(
                key="five-factors",
                title=_("Five-factor health (0–100)"),
                label_header=_("Factor"),
                labels=[f"{code} {Factor(code).label}" for code, _score in scores],
                series=[Series(_("Score"), [score or 0 for _code, score in scores])],
                explain=_(
                    "F1 innovators, F2 barriers, F3 risks, F4 data and knowledge, F5 budget; "
                    "a factor without data shows 0 here and “no data” on the health page, "
                    "which explains every score."
                ),
                links=[reverse("ecosystem:health")] * len(scores),
            )
        ],
    )


def register() -> None:
    board = {"leadership", "annual"}
    add(Section("barriers", gettext_lazy("Barriers"), _barriers, board, order=40))
    add(Section("risks", gettext_lazy("Risk heat map"), _risks, board, order=41))
    add(Section("budget", gettext_lazy("Budget realisation"), _budget, board, order=42))
    add(Section("factors", gettext_lazy("Five factors"), _five_factors, board, order=43))
