"""Exports of the barrier, risk and budget-line lists (`inovda.core.exports`),
with the same filters and the same access as the pages."""

from django.utils.translation import gettext_lazy as _

from inovda.core.exports import Column, ExportSpec
from inovda.core.exports import register as add

from . import selectors
from .views.common import int_param, year_param


def _barriers(request):
    from .views.barriers import barrier_filters

    _form, filters = barrier_filters(request)
    return selectors.barrier_list(user=request.user, filters=filters).select_related(
        "innovation", "agency", "owner"
    )


def _risks(request):
    from .views.risks import risk_filters

    _form, filters, _residual = risk_filters(request)
    return selectors.risk_list(user=request.user, filters=filters)


def _budget_lines(request):
    return selectors.budget_lines(
        user=request.user, year=year_param(request), agency=int_param(request, "agency")
    ).select_related("innovation", "agency")


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def register() -> None:
    add(
        ExportSpec(
            key="barriers",
            title=_("Barriers"),
            rows=_barriers,
            columns=[
                Column(_("Barrier"), "title"),
                Column(_("Type"), "kind"),
                Column(_("Status"), "status"),
                Column(_("Priority"), "priority"),
                Column(_("Innovation"), "innovation.name"),
                Column(_("Agency"), "agency.name"),
                Column(_("Owner"), lambda b: _person(b.owner)),
                Column(_("Raised on"), "raised_on"),
                Column(_("Due on"), "due_on"),
                Column(_("Resolved on"), "resolved_on"),
                Column(_("Description"), "description"),
                Column(_("Resolution"), "resolution"),
            ],
        )
    )
    add(
        ExportSpec(
            key="risks",
            title=_("Risks"),
            rows=_risks,
            columns=[
                Column(_("Risk"), "title"),
                Column(_("Kind"), "kind"),
                Column(_("Innovation"), "innovation.name"),
                Column(_("Agency"), "agency.name"),
                Column(_("Likelihood (1–5)"), "likelihood"),
                Column(_("Impact (1–5)"), "impact"),
                Column(_("Score"), "score"),
                Column(_("Level"), "level"),
                Column(_("Treatment"), "treatment"),
                Column(_("Residual score"), "residual_score"),
                Column(_("Owner"), lambda r: _person(r.owner)),
                Column(_("Next review"), "review_on"),
                Column(_("Status"), "status"),
            ],
        )
    )
    add(
        ExportSpec(
            key="budget-lines",
            title=_("Budget lines"),
            rows=_budget_lines,
            columns=[
                Column(_("Fiscal year"), "fiscal_year"),
                Column(_("Innovation"), "innovation.name"),
                Column(_("Agency"), "agency.name"),
                Column(_("Source"), "source"),
                Column(_("Programme/activity code"), "account_code"),
                Column(_("Description"), "description"),
                Column(_("Allocated (Rp)"), "allocated"),
                Column(_("Realised (Rp)"), "realised"),
                Column(_("Realisation rate"), "realisation_rate"),
            ],
        )
    )
