"""The public catalogue's search rows: the published text of each version, in the knowledge
index (doc type "public"), so the catalogue ranks with the same engine and analysis as the
staff search. Only a published version has a row."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core.indexing import IndexEntry, Indexer, join_text, register
from inovda.innovations.access import innovation_bound

from .selectors import DOC_TYPE


def entry(version) -> IndexEntry | None:
    if version.state != version.State.PUBLISHED:
        return None
    return IndexEntry(
        title=version.name,
        body=join_text(
            version.problem, version.what_it_does, version.beneficiaries, version.results
        ),
        pemda_id=version.pemda_id,
        agency_id=version.agency_id,
        innovation_id=version.publication.innovation_id,
        year=version.year,
        affair_ids=[version.main_affair_id] if version.main_affair_id else [],
        theme_ids=[t.pk for t in version.themes.all()] + [t.pk for t in version.sdgs.all()],
    )


def _url(object_id: int) -> str:
    from .models import PublicVersion

    version = PublicVersion.objects.select_related("publication").filter(pk=object_id).first()
    return reverse("public:innovation", args=[version.publication.uid]) if version else "/"


def register_all() -> None:
    from .models import PublicVersion

    register(
        Indexer(
            doc_type=DOC_TYPE,
            label=_("Public catalogue"),
            model="public.PublicVersion",
            entry=entry,
            visible=innovation_bound,  # staff find it with its innovation
            url=_url,
            queryset=lambda: PublicVersion.objects.filter(state="published").select_related(
                "publication"
            ),
            icon="bi-globe",
        )
    )
