"""The innovations app's dashboard sections (registry: `inovda.core.sections`): the health
of implemented innovations, and the stagnant list with revival plans."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import formats
from inovda.core.sections import Chart, Section, SectionData, Series, Stat
from inovda.core.sections import register as add
from inovda.organizations import access as org_access

from . import selectors
from .models import Innovation

H = Innovation.Health


def watchlist_url(scope, health: str = "") -> str | None:
    """The watchlist showing the innovations behind a health figure: not for a themed
    dashboard (the watchlist has no theme filter)."""
    if getattr(scope, "theme", None) is not None or len(scope.pemdas) != 1:
        return None
    superuser = getattr(scope.user, "is_superuser", False)
    if not superuser and org_access.readable_pemda_ids(scope.user) != {scope.pemda.pk}:
        return None
    query = {}
    if scope.agency is not None:
        query["agency"] = scope.agency.pk
    else:
        query["agency"] = ""  # all agencies, also for an operator with one agency
    if health:
        query["health"] = health
    return f"{reverse('innovations:watchlist')}?{urlencode(query)}"


def _then(scope, field: str) -> str:
    """The field counted: as it was on 31 December in a past year's annual report."""
    return getattr(scope, f"{field}_field", field)


def _health(scope):
    counts = selectors.health_counts(
        scope.innovations(), _then(scope, "status"), _then(scope, "health")
    )
    if not any(counts.values()):
        return None
    labels = {
        "growing": H.GROWING.label,
        "stagnant": H.STAGNANT.label,
        "discontinued": Innovation.Status.DISCONTINUED.label,
        "silent": _("Silent (presumed discontinued)"),
    }
    total = sum(counts.values())
    return SectionData(
        charts=[
            Chart(
                key="health",
                title=_("Health of implemented innovations"),
                label_header=_("Health"),
                labels=[str(labels[key]) for key in selectors.HEALTH_BUCKETS],
                series=[
                    Series(_("Innovations"), [counts[key] for key in selectors.HEALTH_BUCKETS])
                ],
                kind="doughnut",
                explain=_(
                    "Innovations in implementation or closed, by the health status the rules "
                    "(or a reasoned override) set; innovations before implementation are "
                    "not counted. “Discontinued” are the innovations whose status is "
                    "discontinued (the same figure as everywhere); “silent” are running "
                    "innovations without a report for too long, which the rules presume "
                    "discontinued. Each innovation's page shows the rule that fired."
                ),
            )
        ],
        stats=[
            Stat(
                _("Growing"),
                f"{counts['growing']} / {total}",
                _("Growing among the innovations that have a health status."),
            ),
            Stat(
                _("Stagnant"),
                counts["stagnant"],
                _("Stagnant innovations: each needs a revival plan or a no-blame closure."),
                watchlist_url(scope, "stagnant"),
            ),
        ],
    )


STAGNANT_SHOWN = 15  # the longest stagnant first; the watchlist holds them all


def _stagnant(scope):
    stagnant = scope.innovations().filter(**{_then(scope, "health"): H.STAGNANT})
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
            "more_url": watchlist_url(scope, "stagnant"),
        },
        note=_(
            "Innovations that were stagnant on %(day)s, from the history. The “since” "
            "date and the revival plans are as recorded today."
        )
        % {"day": formats.long_date(scope.as_of)}
        if getattr(scope, "as_of", None)
        else "",
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
