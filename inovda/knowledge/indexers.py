"""The indexers this app provides: innovations, lessons learned, events, library documents.

Registered in `KnowledgeConfig.ready()`. Barrier precedents (ecosystem app) register their
own indexer the same way: see `indexing.py` and ADR 0006.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core.indexing import IndexEntry, Indexer, join_text, register
from inovda.innovations.access import innovation_bound
from inovda.innovations.models import DESIGN_FIELDS, Innovation, Lesson
from inovda.organizations.access import pemda_wide

from .models import Event, LibraryDocument


def _affairs(innovation: Innovation) -> list[int]:
    ids = [a.pk for a in innovation.other_affairs.all()]
    return [innovation.main_affair_id, *ids] if innovation.main_affair_id else ids


def innovation_entry(innovation: Innovation) -> IndexEntry:
    return IndexEntry(
        title=innovation.name,
        body=join_text(
            innovation.agency.name,
            innovation.initiator_name,
            innovation.goals,
            innovation.benefits,
            innovation.results,
            *(getattr(innovation, name) for name in DESIGN_FIELDS),
        ),
        pemda_id=innovation.pemda_id,
        agency_id=innovation.agency_id,
        innovation_id=innovation.pk,
        year=innovation.year,
        affair_ids=_affairs(innovation),
        theme_ids=[t.pk for t in innovation.themes.all()],
    )


def lesson_entry(lesson: Lesson) -> IndexEntry:
    innovation = lesson.innovation
    return IndexEntry(
        title=lesson.title,
        body=join_text(
            innovation.name,
            lesson.lessons,
            *(getattr(lesson, name) for name in Lesson.TEXT_FIELDS),
        ),
        pemda_id=innovation.pemda_id,
        agency_id=innovation.agency_id,
        innovation_id=innovation.pk,
        year=lesson.created_at.year,
        affair_ids=_affairs(innovation),
        theme_ids=[t.pk for t in innovation.themes.all()],
    )


def event_entry(event: Event) -> IndexEntry:
    speakers = [" ".join((s.name, s.affiliation, s.topic)) for s in event.speakers.all()]
    return IndexEntry(
        title=event.title,
        body=join_text(
            event.get_kind_display(),
            event.organiser.name,
            event.place,
            *speakers,
            event.agenda,
            event.minutes,
            *(action.title for action in event.actions.all()),
        ),
        pemda_id=event.pemda_id,
        agency_id=event.organiser_id,
        year=event.date.year,
    )


def library_entry(document: LibraryDocument) -> IndexEntry:
    return IndexEntry(
        title=document.title,
        body=join_text(
            document.get_kind_display(),
            document.agency.name if document.agency_id else "",
            document.summary,
            " ".join(tag.name for tag in document.tags.all()),
            *(version.note for version in document.versions.all()),
        ),
        pemda_id=document.pemda_id,
        agency_id=document.agency_id,
        year=document.year,
        affair_ids=[document.affair_id] if document.affair_id else [],
        theme_ids=[t.pk for t in document.themes.all()],
    )


def register_all() -> None:
    register(
        Indexer(
            doc_type="innovation",
            label=_("Innovations"),
            model="innovations.Innovation",
            entry=innovation_entry,
            visible=innovation_bound,
            url=lambda pk: reverse("innovations:detail", args=[pk]),
            queryset=lambda: Innovation.objects.select_related("agency").prefetch_related(
                "other_affairs", "themes"
            ),
            icon="bi-lightbulb",
        )
    )
    register(
        Indexer(
            doc_type="lesson",
            label=_("Lessons learned"),
            model="innovations.Lesson",
            entry=lesson_entry,
            visible=innovation_bound,
            url=lambda pk: reverse("knowledge:lesson_detail", args=[pk]),
            queryset=lambda: Lesson.objects.select_related("innovation"),
            icon="bi-journal-check",
        )
    )
    register(
        Indexer(
            doc_type="event",
            label=_("Events"),
            model="knowledge.Event",
            entry=event_entry,
            visible=pemda_wide,
            url=lambda pk: reverse("knowledge:event_detail", args=[pk]),
            queryset=lambda: Event.objects.select_related("organiser").prefetch_related(
                "speakers", "actions"
            ),
            icon="bi-people",
        )
    )
    register(
        Indexer(
            doc_type="library",
            label=_("Library"),
            model="knowledge.LibraryDocument",
            entry=library_entry,
            visible=pemda_wide,
            url=lambda pk: reverse("knowledge:library_detail", args=[pk]),
            queryset=lambda: LibraryDocument.objects.select_related("agency").prefetch_related(
                "tags", "versions", "themes"
            ),
            icon="bi-book",
        )
    )
