"""Dashboard sections that show what the other apps measure: the IID projection (claimed
vs verified), the barrier board, risk levels, budget realisation and five-factor health.

Each reads through its app's own selectors and only for a single Pemda the user belongs to
(the leadership dashboard and the annual report); none is shown where it has no data.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.organizations import access as org_access

from .sections import Chart, Section, SectionData, Series, Stat, register


def _one_pemda(scope):
    """The Pemda of a single-Pemda, Pemda-wide scope the user belongs to, else None."""
    if len(scope.pemdas) != 1 or scope.agency is not None or scope.theme is not None:
        return None
    pemda = scope.pemda
    user = scope.user
    if getattr(user, "is_superuser", False) or pemda.pk in {
        m.pemda_id for m in org_access.memberships(user)
    }:
        return pemda
    return None


def _iid(scope):
    from inovda.assessment import selectors as iid

    pemda = _one_pemda(scope)
    period = iid.current_period()
    if pemda is None or period is None or not period.is_regional:
        return None
    index = iid.pemda_index(period, pemda.pk)
    if not index.claimed.given.n and index.spd_sheet is None:
        return None
    url = reverse("assessment:pemda", args=[period.year, pemda.pk])
    rows = [
        (_("SPD"), index.claimed.spd, index.verified.spd),
        (_("SID"), index.claimed.sid, index.verified.sid),
        (_("IID (0–100)"), index.claimed.iid, index.verified.iid),
    ]
    return SectionData(
        charts=[
            Chart(
                key="iid",
                title=_("IID %(year)s: claimed and verified") % {"year": period.year},
                label_header=_("Figure"),
                labels=[str(label) for label, _c, _v in rows],
                series=[
                    Series(_("Claimed"), [float(c.shown) for _label, c, _v in rows]),
                    Series(_("Verified"), [float(v.shown) for _label, _c, v in rows]),
                ],
                explain=_(
                    "Claimed: what the agencies put forward; verified: what the verifiers "
                    "accepted. IID = (SPD + SID) / %(maximum)s × 100 with the period's rules; "
                    "the score page shows every input."
                )
                % {"maximum": f"{float(index.claimed.rules.total_max):g}"},
                links=[url, url, url],
            )
        ],
        stats=[
            Stat(_("Predicate (claimed)"), index.claimed.predicate, "", url),
            Stat(_("Predicate (verified)"), index.verified.predicate, "", url),
            Stat(
                _("Empty seats (k − n)"),
                index.claimed.empty_seats,
                _("Innovations still needed to reach the minimum divisor k."),
                url,
            ),
        ],
    )


def _barriers(scope):
    from inovda.ecosystem import selectors as eco

    if _one_pemda(scope) is None:
        return None
    board = eco.barrier_board(user=scope.user)
    kinds = [k for k in board.kinds if k.total]
    if not kinds:
        return None
    kinds.sort(key=lambda k: k.total, reverse=True)
    url = reverse("ecosystem:barrier_list")
    return SectionData(
        charts=[
            Chart(
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
    from inovda.ecosystem import selectors as eco

    if _one_pemda(scope) is None:
        return None
    risks = eco.risk_list(user=scope.user)
    grid = eco.heat_map(risks)
    labels, values = [], []
    for row in grid:
        for cell in row:
            if getattr(cell, "count", 0):
                labels.append(f"{cell.likelihood} × {cell.impact}")
                values.append(cell.count)
    if not values:
        return None
    return SectionData(
        charts=[
            Chart(
                key="risk-heat",
                title=_("Open risks by likelihood × impact"),
                label_header=_("Likelihood × impact"),
                labels=labels,
                series=[Series(_("Risks"), values)],
                explain=_("The risk heat map of every open risk register entry."),
                links=[reverse("ecosystem:risk_overview")] * len(labels),
            )
        ]
    )


def _budget(scope):
    from inovda.ecosystem import selectors as eco

    if _one_pemda(scope) is None:
        return None
    year = timezone.localdate().year
    total = eco.budget_total(user=scope.user, year=year)
    allocated, realised = total.allocated, total.realised
    if not allocated:
        return None
    url = f"{reverse('ecosystem:budget_overview')}?year={year}"
    return SectionData(
        stats=[
            Stat(_("Allocated %(year)s (Rp)") % {"year": year}, f"{allocated:,.0f}", "", url),
            Stat(_("Realised (Rp)"), f"{realised:,.0f}", "", url),
            Stat(
                _("Realisation rate"),
                f"{100 * realised / allocated:.1f}%",
                _("Realised ÷ allocated over the innovations' budget lines of the year."),
                url,
            ),
        ]
    )


def _five_factors(scope):
    from inovda.ecosystem import health

    pemda = _one_pemda(scope)
    if pemda is None:
        return None
    total, _agencies = health.pemda_health(pemda.pk, timezone.localdate().year)
    scores = [(code, fs.score) for code, fs in sorted(total.scores.items())]
    if all(score is None for _code, score in scores):
        return None
    return SectionData(
        charts=[
            Chart(
                key="five-factors",
                title=_("Five-factor health (0–100)"),
                label_header=_("Factor"),
                labels=[code for code, _score in scores],
                series=[Series(_("Score"), [score or 0 for _code, score in scores])],
                explain=_(
                    "F1 innovators, F2 barriers, F3 risks, F4 data and knowledge, F5 budget; "
                    "a factor without data shows 0 here and “no data” on the health page, "
                    "which explains every score."
                ),
                links=[reverse("ecosystem:health")] * len(scores),
            )
        ]
    )


def register_all() -> None:
    board = {"leadership", "annual"}
    register(Section("iid", gettext_lazy("IID projection"), _iid, board, order=30))
    register(Section("barriers", gettext_lazy("Barriers"), _barriers, board, order=40))
    register(Section("risks", gettext_lazy("Risk heat map"), _risks, board, order=41))
    register(Section("budget", gettext_lazy("Budget realisation"), _budget, board, order=42))
    register(Section("factors", gettext_lazy("Five factors"), _five_factors, board, order=43))
