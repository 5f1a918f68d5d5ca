"""Barrier precedents in the one search box (registry: `inovda.core.indexing`): a resolved
barrier is indexed with its resolution; any other status is not in the index. Visible
exactly when its innovation is, like every innovation-bound row."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core.indexing import IndexEntry, Indexer, join_text
from inovda.core.indexing import register as add
from inovda.innovations.access import innovation_bound

from .models import Barrier


def precedent_entry(barrier: Barrier):
    if barrier.status != Barrier.Status.RESOLVED:
        return None
    innovation = barrier.innovation
    return IndexEntry(
        title=barrier.title,
        body=join_text(
            barrier.get_kind_display(), barrier.description, barrier.impact, barrier.resolution
        ),
        pemda_id=barrier.pemda_id,
        agency_id=barrier.agency_id,
        innovation_id=barrier.innovation_id,
        year=(barrier.resolved_on or barrier.raised_on).year,
        affair_ids=[innovation.main_affair_id] if innovation.main_affair_id else [],
        theme_ids=[t.pk for t in innovation.themes.all()],
    )


def register() -> None:
    add(
        Indexer(
            doc_type="barrier",
            label=_("Barrier precedents"),
            model="ecosystem.Barrier",
            entry=precedent_entry,
            visible=innovation_bound,
            url=lambda pk: reverse("ecosystem:barrier_detail", args=[pk]),
            queryset=lambda: (
                Barrier.objects.filter(status=Barrier.Status.RESOLVED)
                .select_related("innovation")
                .prefetch_related("innovation__themes")
            ),
            icon="bi-signpost-split",
        )
    )
