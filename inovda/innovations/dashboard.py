"""The innovations app's dashboard sections (registry: `inovda.core.sections`): the health
of implemented innovations, and the stagnant list with revival plans."""

from __future__ import annotations

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core.sections import Chart, Section, SectionData, Series, Stat
from inovda.core.sections import register as add

from .models import Innovation

H = Innovation.Health


def _health(scope):
    counts = dict(
        scope.innovations()
        .exclude(health=H.NOT_APPLICABLE)
        .values_list("health")
        .annotate(n=Count("id"))
    )
    if not counts:
        return None
    order = [H.GROWING, H.STAGNANT, H.DISCONTINUED]
    total = sum(counts.values())
    stagnant = counts.get(H.STAGNANT, 0)
    return SectionData(
        charts=[
            Chart(
                key="health",
                title=_("Health of implemented innovations"),
                label_header=_("Health"),
                labels=[str(H(h).label) for h in order],
                series=[Series(_("Innovations"), [counts.get(h, 0) for h in order])],
                kind="doughnut",
                explain=_(
                    "Innovations in implementation or closed, by the health status the rules "
                    "(or a reasoned override) set; innovations before implementation are "
                    "not counted. Each innovation's page shows the rule that fired."
                ),
            )
        ],
        stats=[
            Stat(
                _("Growing"),
                f"{counts.get(H.GROWING, 0)} / {total}",
                _("Growing among the innovations that have a health status."),
            ),
            Stat(
                _("Stagnant"),
                stagnant,
                _("Stagnant innovations: each needs a revival plan or a no-blame closure."),
                reverse("innovations:watchlist"),
            ),
        ],
    )


STAGNANT_SHOWN = 15  # the longest stagnant first; the watchlist holds them all


def _stagnant(scope):
    stagnant = scope.innovations().filter(health=H.STAGNANT)
    rows = list(
        stagnant.select_related("agency")
        .prefetch_related("revival_plans__actions")
        .order_by(F("health_since").asc(nulls_last=True), "name")[:STAGNANT_SHOWN]
    )
    if not rows:
        return None
    return SectionData(
        template="innovations/_dashboard_stagnant.html",
        pdf_template="innovations/_dashboard_stagnant.html",
        context={
            "stagnant": rows,
            "total": stagnant.count(),
            "more_url": reverse("innovations:watchlist"),
        },
    )


def register() -> None:
    add(
        Section(
            key="health",
            title=gettext_lazy("Health"),
            build=_health,
            dashboards={"leadership", "agency", "poverty", "annual"},
            order=25,
        )
    )
    add(
        Section(
            key="stagnant",
            title=gettext_lazy("Stagnant innovations and their revival plans"),
            build=_stagnant,
            dashboards={"leadership", "annual"},
            order=26,
        )
    )
