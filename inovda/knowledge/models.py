"""Knowledge: events (FGD, bimtek…), lessons learned, the library, replication lineage and
the generic search index that makes all of them (and other apps' records) findable."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovda.core.models import StoredFile, TimeStampedModel, register_verbs
from inovda.core.validators import no_bidi_controls
from inovda.core.versioning import Versioned

register_verbs(
    {
        "speaker_added": _("added the speaker"),
        "speaker_removed": _("removed the speaker"),
        "participant_added": _("added the participant"),
        "participant_removed": _("removed the participant"),
        "attendance_changed": _("recorded attendance of"),
        "action_added": _("added the action item"),
        "action_updated": _("updated the action item"),
        "action_removed": _("removed the action item"),
        "document_added": _("attached"),
        "document_removed": _("removed the file"),
        "version_added": _("uploaded a new version"),
        "status_changed": _("changed the status"),
        "synonym_added": _("added the search synonyms"),
        "synonym_removed": _("removed the search synonyms"),
    }
)


class Event(Versioned, TimeStampedModel):
    """A knowledge event: FGD, bimtek/training, workshop, sharing meeting, briefing."""

    class Kind(models.TextChoices):
        FGD = "fgd", _("Focus group discussion (FGD)")
        BIMTEK = "bimtek", _("Bimtek / training")
        WORKSHOP = "workshop", _("Workshop")
        SHARING = "sharing", _("Knowledge-sharing meeting")
        BRIEFING = "briefing", _("Competition briefing")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment",
        on_delete=models.CASCADE,
        related_name="knowledge_events",
        verbose_name=_("Pemda"),
    )
    organiser = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organising agency"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255, validators=[no_bidi_controls])
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes (notulen)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pemda", "date"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:event_detail", args=[self.pk])


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Who was invited, and whether they came. A user, an agency (delegation) or a guest."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("agency"),
    )
    name = models.CharField(_("guest name"), max_length=200, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        if self.agency_id:
            return str(self.agency)
        return self.name


class ActionItem(TimeStampedModel):
    """A follow-up agreed at an event, with an owner and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED = frozenset({Status.DONE, Status.CANCELLED})

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_actions",
        verbose_name=_("owner"),
    )
    owner_agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_actions",
        verbose_name=_("owning agency"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    innovation = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_actions",
        verbose_name=_("innovation"),
    )
    # Any other record (a barrier of the ecosystem app, say): see ADR 0006.
    linked_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True
    )
    linked_id = models.PositiveBigIntegerField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status not in self.CLOSED)


class EventDocument(StoredFile):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="knowledge/events/%Y/", max_length=300)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")


class LibraryTag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("library tag")
        verbose_name_plural = _("library tags")

    def __str__(self) -> str:
        return self.name


class LibraryDocument(TimeStampedModel):
    """A guide, SOP, regulation, template or policy brief, with its versions."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        SOP = "sop", _("SOP")
        REGULATION = "regulation", _("Regulation")
        TEMPLATE = "template", _("Template")
        POLICY_BRIEF = "policy_brief", _("Policy brief")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment",
        on_delete=models.CASCADE,
        related_name="library_documents",
        verbose_name=_("Pemda"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("publishing agency"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255, validators=[no_bidi_controls])
    summary = models.TextField(_("summary"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    affair = models.ForeignKey(
        "organizations.GovernmentAffair",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("government affair"),
    )
    themes = models.ManyToManyField(
        "innovations.Tag",
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "theme"},
        verbose_name=_("themes"),
    )
    tags = models.ManyToManyField(LibraryTag, blank=True, related_name="documents")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:library_detail", args=[self.pk])

    @property
    def current_version(self):
        return self.versions.first()


class LibraryVersion(StoredFile):
    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    file = models.FileField(upload_to="knowledge/library/%Y/", max_length=300)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="library_version_unique")
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Replication(TimeStampedModel):
    """Origin innovation → an adopting agency or Pemda (IID indicator 31 when in another
    region)."""

    class Adaptation(models.TextChoices):
        COPIED = "copied", _("Copied as is")
        ADAPTED = "adapted", _("Adapted")

    class Agreement(models.TextChoices):
        NONE = "", _("No agreement yet")
        PKS = "pks", _("PKS (cooperation agreement)")
        MOU = "mou", _("MoU")
        STATEMENT = "statement", _("Statement letter")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        AGREED = "agreed", _("Agreement signed")
        TRIAL = "trial", _("In trial")
        IMPLEMENTED = "implemented", _("Implemented")
        STOPPED = "stopped", _("Stopped")

    origin = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("origin innovation"),
    )
    adopter_pemda = models.ForeignKey(
        "organizations.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="adopted_replications",
        verbose_name=_("adopting Pemda"),
    )
    adopter_agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_replications",
        verbose_name=_("adopting agency"),
    )
    adopter_unit_name = models.CharField(
        _("adopting unit (if not registered here)"), max_length=200, blank=True
    )
    adopted_innovation = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicated_from",
        verbose_name=_("the adopter's innovation"),
    )
    adaptation = models.CharField(
        _("adaptation"), max_length=10, choices=Adaptation.choices, default=Adaptation.ADAPTED
    )
    adaptation_note = models.TextField(_("what was adapted"), blank=True)
    agreement_kind = models.CharField(
        _("agreement"), max_length=10, choices=Agreement.choices, blank=True
    )
    agreement_number = models.CharField(_("agreement number"), max_length=120, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    agreement_file = models.FileField(upload_to="knowledge/agreements/%Y/", blank=True)
    agreement_file_name = models.CharField(max_length=255, blank=True)
    agreement_content_type = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")

    def __str__(self) -> str:
        return f"{self.origin} → {self.adopter_label}"

    @property
    def adopter_label(self) -> str:
        unit = self.adopter_agency or self.adopter_unit_name
        return f"{unit} · {self.adopter_pemda}" if unit else str(self.adopter_pemda)

    @property
    def other_region(self) -> bool:
        return self.adopter_pemda_id != self.origin.pemda_id

    def get_absolute_url(self) -> str:
        return reverse("knowledge:replication_detail", args=[self.pk])


class TsVectorField(SearchVectorField):
    """PostgreSQL's tsvector (a plain, unused column on SQLite). Unlike its parent it does not
    require `django.contrib.postgres` in INSTALLED_APPS: only the column type and the `@@`
    lookup are used, and both work without the app."""

    def _check_postgres_installed(self, *args, **kwargs):
        return []


class SearchDocument(models.Model):
    """One row per searchable record, of any type, fed by the indexers of
    `inovda.knowledge.indexing`. The full-text structure follows this row:

    - SQLite: the FTS5 table `knowledge_search_fts` (external content = this table, columns
      `index_title` and `index_body`), kept in step by three triggers (migration 0006);
    - PostgreSQL: `search_vector` (config `simple` over `index_title`/`index_body`), written
      by the indexer, GIN index.

    `title` and `body` are the raw text (shown, highlighted); `index_title` and `index_body`
    are their Indonesian analysis (`inovda.core.analysis.analyze`: stems, one spelling), the
    only text either engine matches, so both match the same sets (ADR 0018).

    Access: innovation-bound rows (`innovation` set) are visible exactly when the innovation
    is (`innovations.access.visibility_q`, as a subquery); the others by their indexer's rule.
    """

    doc_type = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, null=True, related_name="+"
    )
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, null=True, related_name="+"
    )
    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.CASCADE, null=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True)
    affairs = models.ManyToManyField(
        "organizations.GovernmentAffair", related_name="+", db_table="knowledge_search_affair"
    )
    themes = models.ManyToManyField(
        "innovations.Tag", related_name="+", db_table="knowledge_search_theme"
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    index_title = models.TextField(blank=True, default="")
    index_body = models.TextField(blank=True, default="")
    search_vector = TsVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_doc_unique")
        ]
        indexes = [
            models.Index(fields=["pemda", "doc_type"]),
            models.Index(fields=["agency"]),
            models.Index(fields=["year"]),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"


class SearchSynonym(models.Model):
    """One group of words that mean the same in Indonesian government (ADR 0018): "PTSP,
    pelayanan terpadu satu pintu", "stunting, gizi buruk". A search for any of them finds
    the others. National groups (no Pemda) come from data/reference/search_synonyms.csv;
    a Pemda admin adds the local ones (a Pemda's own acronyms)."""

    pemda = models.ForeignKey(
        "organizations.LocalGovernment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Pemda"),
    )
    terms = models.CharField(_("words with the same meaning"), max_length=500)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("search synonym")
        ordering = ["terms", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "terms"], name="search_synonym_unique")
        ]

    def __str__(self) -> str:
        return self.terms

    @property
    def phrases(self) -> list[str]:
        return split_terms(self.terms)


def split_terms(text: str) -> list[str]:
    """The phrases of a synonym group: separated by commas, semicolons or new lines."""
    parts = (" ".join(p.split()) for p in re.split(r"[,;\n]", text or ""))
    return list(dict.fromkeys(p for p in parts if p))
