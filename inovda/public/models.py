"""The public side's own records: reviewed public versions of innovations, citizen
proposals with their supports, and citizens' benefit feedback. Only `services` writes them;
anonymous visitors only ever read `PublicVersion` rows in state `published`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import StoredFile, TimeStampedModel, register_verbs
from inovda.innovations.models import EvidenceClaim, Innovation

register_verbs(
    {
        "publication_proposed": _("proposed the public version"),
        "publication_approved": _("published the public version"),
        "publication_refused": _("refused the public version"),
        "publication_withdrawn": _("withdrew the public version"),
        "proposal_confirmed": _("confirmed the citizen proposal"),
        "proposal_routed": _("accepted and routed the citizen proposal"),
        "proposal_refused": _("refused the citizen proposal"),
        "proposal_merged": _("merged the citizen proposal"),
        "proposal_answered": _("answered the citizen proposal"),
        "proposal_adopted": _("registered the citizen proposal as an innovation"),
        "proposal_erased": _("erased the proposer's personal data"),
        "report_summary_proposed": _("proposed the public summary of a progress report"),
        "report_summary_published": _("published the public summary of a progress report"),
        "report_summary_refused": _("refused the public summary of a progress report"),
    }
)


class Region(models.Model):
    """Kecamatan and kelurahan (Kepmendagri codes), loaded from data/reference."""

    class Level(models.TextChoices):
        CITY = "kota", _("City / regency")
        DISTRICT = "kecamatan", _("District (kecamatan)")
        VILLAGE = "kelurahan", _("Village (kelurahan/desa)")

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """The public identity of one innovation: a stable identifier that survives
    re-publication and withdrawal."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    innovation = models.OneToOneField(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="publication"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.innovation)

    @property
    def pemda(self):
        return self.innovation.pemda


class PublicVersion(TimeStampedModel):
    """A reviewed, redacted snapshot of an innovation: what the public sees. Internal edits
    never reach it; a new version is proposed, reviewed and published instead."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REFUSED = "refused", _("Refused")
        SUPERSEDED = "superseded", _("Replaced by a newer version")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    # Copied when proposed (filters and facets of the catalogue).
    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    main_affair = models.ForeignKey(
        "organizations.GovernmentAffair",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    themes = models.ManyToManyField("innovations.Tag", blank=True, related_name="+")
    sdgs = models.ManyToManyField("innovations.Tag", blank=True, related_name="+")
    stage = models.CharField(_("stage"), max_length=12, choices=Innovation.Stage.choices)
    status = models.CharField(_("status"), max_length=20, choices=Innovation.Status.choices)
    year = models.PositiveSmallIntegerField(_("year initiated"), null=True, blank=True)
    form = models.CharField(
        _("form (bentuk)"), max_length=20, blank=True, choices=Innovation.Form.choices
    )
    kind = models.CharField(_("kind"), max_length=12, blank=True, choices=Innovation.Kind.choices)
    initiator_kind = models.CharField(
        _("initiator"), max_length=20, blank=True, choices=Innovation.InitiatorKind.choices
    )
    # The reviewed texts (edited by the agency, checked for personal data).
    name = models.CharField(_("name"), max_length=255)
    problem = models.TextField(_("problem"), blank=True)
    what_it_does = models.TextField(_("what it does"), blank=True)
    beneficiaries = models.TextField(_("who benefits"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    contact_unit = models.CharField(_("contact unit"), max_length=255, blank=True)
    # Chosen facts, frozen as data: [{kind, number, issued_on}], [{name, unit, baseline,
    # target, points: [{label, value}]}], [{pemda, status}].
    legal_instruments = models.JSONField(default=list, blank=True)
    kpis = models.JSONField(default=list, blank=True)
    replications = models.JSONField(default=list, blank=True)
    # The confirmed level of evidence when proposed (0: none confirmed yet), frozen like the
    # facts above so a later confirmation shows only once re-published.
    evidence_level = models.PositiveSmallIntegerField(_("evidence level"), default=0)
    attachments = models.ManyToManyField(
        "innovations.Attachment", blank=True, related_name="public_versions"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=models.Q(state="published"),
                name="one_published_version",
            )
        ]
        indexes = [
            models.Index(fields=["state", "pemda"]),
            models.Index(fields=["state", "year"]),
            models.Index(fields=["state", "stage"]),
            models.Index(fields=["state", "-published_at", "-id"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def innovation(self):
        return self.publication.innovation

    def get_evidence_level_display(self) -> str:
        if not self.evidence_level:
            return ""
        return str(EvidenceClaim.Level(self.evidence_level).label)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("public:innovation", args=[self.publication.uid])


class Proposal(TimeStampedModel):
    """An usulan masyarakat: an idea or a problem from a citizen, no account needed."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("An innovation idea")
        PROBLEM = "problem", _("A problem to solve")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        PENDING = "pending", _("Waiting for moderation")
        ROUTED = "routed", _("Accepted, waiting for the agency's answer")
        ANSWERED = "answered", _("Answered by the agency")
        ADOPTED = "adopted", _("Registered as an innovation")
        REFUSED = "refused", _("Refused")
        MERGED = "merged", _("Merged with another proposal")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    affair = models.ForeignKey(
        "organizations.GovernmentAffair",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category (government affair)"),
    )
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    village = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    # Personal data (UU 27/2022): shown to the moderators only, erasable on request.
    proposer_name = models.CharField(_("your name"), max_length=120, blank=True)
    proposer_email = models.EmailField(_("your e-mail"), blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    public_reason = models.TextField(_("reason (published)"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("agency's answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    innovation = models.OneToOneField(
        "innovations.Innovation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen_proposal",
    )
    challenge = models.ForeignKey(
        "problems.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("answers the challenge"),
    )
    support_count = models.PositiveIntegerField(default=0)
    # The last innovation audit event already e-mailed to the proposer.
    progress_mailed_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("public:proposal", args=[self.uid])


class ProposalPhoto(StoredFile):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="proposals/%Y/%m/", max_length=300)

    class Meta:
        ordering = ["id"]


class Support(models.Model):
    """One supporter of a proposal: one per confirmed e-mail (kept only as a keyed hash)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    email_hash = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "email_hash"], name="one_support_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.created_at:%Y-%m-%d}"


class Feedback(models.Model):
    """A beneficiary's answers about a published implemented innovation (self-reported)."""

    class Changed(models.TextChoices):
        BETTER = "better", _("Better")
        SAME = "same", _("No change")
        WORSE = "worse", _("Worse")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = models.PositiveSmallIntegerField(_("How satisfied are you with this service?"))
    changed = models.CharField(
        _("Compared with before, the service is…"), max_length=8, choices=Changed.choices
    )
    recommend = models.BooleanField(_("Would you recommend it to others?"))
    comment = models.TextField(_("What changed for you? (optional)"), blank=True)
    # A keyed hash of the client address and day: one answer per person per day, no IP kept.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "fingerprint"], name="feedback_once_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="feedback_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} · {self.satisfaction}/5"


class ReportSummary(models.Model):
    """The public summary of a progress report: a reviewed text the agency writes and the
    Pemda admin approves, shown on the innovation's and the proposal's public pages."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REFUSED = "refused", _("Refused")

    report = models.OneToOneField(
        "innovations.ProgressReport", on_delete=models.CASCADE, related_name="public_summary"
    )
    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("public summary"), max_length=2000)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True, max_length=2000)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-report__period_end"]
        indexes = [models.Index(fields=["innovation", "state"])]

    def __str__(self) -> str:
        return f"{self.report}"


class Follower(models.Model):
    """A citizen who follows a published innovation or a proposal by e-mail (confirmed by a
    signed link; the address is deleted when they unfollow)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    email = models.EmailField(_("your e-mail"))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last innovation audit event already e-mailed to this follower.
    mailed_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication__isnull=False, proposal__isnull=True)
                | models.Q(publication__isnull=True, proposal__isnull=False),
                name="follower_one_subject",
            ),
            models.UniqueConstraint(fields=["publication", "email"], name="follow_once_innovation"),
            models.UniqueConstraint(fields=["proposal", "email"], name="follow_once_proposal"),
        ]

    def __str__(self) -> str:
        return f"{self.publication or self.proposal}"
