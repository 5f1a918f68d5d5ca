"""The innovation list's export (XLSX/CSV through `inovda.core.exports`): the list's own
filters and selector, so the file never shows more than the page."""

from django.utils.translation import gettext_lazy

from inovda.core.exports import Column, ExportSpec
from inovda.core.exports import register as add
from inovda.organizations.access import agencies_for_user

from .forms import InnovationFilterForm, filter_pemdas, has_desk_innovations
from .selectors import innovation_list, innovation_years


def _innovation_rows(request):

    form = InnovationFilterForm(
        request.GET or None,
        agencies=agencies_for_user(request.user),
        years=innovation_years(user=request.user),
        pemdas=filter_pemdas(request.user),
        mine=has_desk_innovations(request.user),
    )
    return innovation_list(user=request.user, filters=form.to_filters())


INNOVATIONS = ExportSpec(
    key="innovations",
    title=gettext_lazy("Innovations"),
    rows=_innovation_rows,
    prefetch=("themes", "other_affairs"),
    columns=[
        Column(gettext_lazy("ID"), "pk"),
        Column(gettext_lazy("Innovation name"), "name"),
        Column(gettext_lazy("Pemda"), "pemda.name"),
        Column(gettext_lazy("Agency"), "agency.name"),
        Column(
            gettext_lazy("Main government affair"), lambda i: i.main_affair and i.main_affair.code
        ),
        Column(
            gettext_lazy("Overlapping affairs"),
            lambda i: ", ".join(a.code for a in i.other_affairs.all()),
        ),
        Column(gettext_lazy("Form (bentuk)"), "form"),
        Column(gettext_lazy("Kind (digital)"), "kind"),
        Column(gettext_lazy("Classification"), "classification"),
        Column(gettext_lazy("Stage"), "stage"),
        Column(gettext_lazy("Status"), "status"),
        Column(gettext_lazy("Initiator"), "initiator_kind"),
        Column(gettext_lazy("Initiator name"), "initiator_name"),
        Column(gettext_lazy("Year initiated"), "year"),
        Column(gettext_lazy("Trial start"), "trial_start"),
        Column(gettext_lazy("Trial end"), "trial_end"),
        Column(gettext_lazy("Implementation start"), "implementation_start"),
        Column(gettext_lazy("Themes"), "themes"),
        Column(gettext_lazy("Goals"), "goals"),
        Column(gettext_lazy("Benefits"), "benefits"),
        Column(gettext_lazy("Results"), "results"),
        Column(gettext_lazy("Design words"), "design_word_count"),
        Column(gettext_lazy("Updated"), "updated_at"),
    ],
)


def register() -> None:
    add(INNOVATIONS)
