"""Export of the event list (`inovda.core.exports`), same filter and access."""

from django.utils.translation import gettext_lazy as _

from inovda.core.exports import Column, ExportSpec
from inovda.core.exports import register as add

from . import selectors
from .models import Event


def _events(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Event.Kind.values else ""
    return selectors.event_list(user=request.user, kind=kind).select_related("organiser")


def register() -> None:
    add(
        ExportSpec(
            key="events",
            title=_("Events"),
            rows=_events,
            columns=[
                Column(_("Date"), "date"),
                Column(_("Kind"), "kind"),
                Column(_("Title"), "title"),
                Column(_("Organiser"), "organiser.name"),
                Column(_("Place"), "place"),
                Column(_("Online link"), "online_link"),
                Column(_("Minutes"), "minutes"),
            ],
        )
    )
