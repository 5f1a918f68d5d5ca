"""A Pemda's own innovation competition (in the manner of KIPP/SINOVIK): categories,
timeline, proposal sections, reviewers, rubric, scores, moderation and published results.

An entry points at an innovation of the registry; it never copies it. Results are stored
when published and can always be recomputed from the stored scores (`ranking.rank`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core.models import StoredFile, TimeStampedModel, register_verbs

register_verbs(
    {
        "competition_phase_advanced": _("moved the competition to the next phase"),
        "competition_category_saved": _("saved the category"),
        "competition_criterion_saved": _("saved the rubric criterion"),
        "competition_reviewer_added": _("added the reviewer"),
        "competition_assigned": _("assigned the reviewer"),
        "competition_conflict_declared": _("declared a conflict of interest"),
        "competition_entry_submitted": _("submitted the entry"),
        "competition_entry_saved": _("saved the entry"),
        "competition_scored": _("scored the entry"),
        "competition_moderated": _("moderated a score"),
        "competition_calibrated": _("reviewed the calibration"),
        "competition_published": _("published the results"),
        "competition_reminded": _("reminded the reviewers"),
    }
)


class ProposalSection(models.Model):
    """A section of the national public-service competition's proposal (reference data)."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    max_words = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    asks = models.TextField(_("what it asks"), blank=True)
    is_attachments = models.BooleanField(default=False)
    prefill = models.CharField(max_length=40, blank=True)  # an Innovation field
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class Phase(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SUBMISSION = "submission", _("Submission")
    DESK = "desk", _("Desk evaluation")
    PRESENTATION = "presentation", _("Presentation / interview")
    FIELD = "field", _("Field verification")
    ANNOUNCEMENT = "announcement", _("Announcement")


PHASE_ORDER = [p.value for p in Phase]
SCORING_PHASES = {Phase.DESK, Phase.PRESENTATION, Phase.FIELD}


class Competition(TimeStampedModel):
    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="competitions"
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    challenge = models.ForeignKey(
        "problems.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competitions",
        verbose_name=_("challenge"),
        help_text=_("Run the competition on a challenge of the problem bank (optional)."),
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.REGISTRATION
    )
    blind = models.BooleanField(
        _("blind scoring"),
        default=False,
        help_text=_("Reviewers do not see the agency or the innovator of an entry."),
    )
    reviewers_per_entry = models.PositiveSmallIntegerField(_("reviewers per entry"), default=3)
    shortlist_size = models.PositiveSmallIntegerField(_("shortlist per category"), default=5)
    winners_per_category = models.PositiveSmallIntegerField(_("winners per category"), default=3)
    calibrated_at = models.DateTimeField(null=True, blank=True)
    calibrated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    spd_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", args=[self.pk])

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @property
    def is_scoring(self) -> bool:
        return self.phase in SCORING_PHASES and self.published_at is None


class PhaseDate(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="dates")
    phase = models.CharField(max_length=16, choices=Phase.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "phase"], name="phase_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.starts_on}–{self.ends_on}"


class Category(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class CategorySection(models.Model):
    """One section of a category's proposal form (copied from the reference sections, then
    editable per category)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    max_words = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    asks = models.TextField(_("what it asks"), blank=True)
    wants_attachment = models.BooleanField(_("attachment expected"), default=False)
    prefill = models.CharField(max_length=40, blank=True)  # an Innovation field
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A rubric row: weight and what each level (1–5) means."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    descriptors = models.JSONField(_("level descriptors"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def descriptor(self, level: int) -> str:
        return self.descriptors.get(str(level), "")


class Entry(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.PROTECT, related_name="competition_entries"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shortlisted = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(fields=["competition", "innovation"], name="entry_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.innovation.name}"

    @property
    def pemda(self):
        return self.competition.pemda

    @property
    def code(self) -> str:
        return f"E-{self.pk:03d}"

    def get_absolute_url(self) -> str:
        return reverse("competitions:entry", args=[self.pk])


class EntrySection(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(CategorySection, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["section__position", "section_id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "section"], name="entry_section_unique")
        ]

    def __str__(self) -> str:
        return str(self.section)


class EntryAttachment(StoredFile):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    section = models.ForeignKey(
        CategorySection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="competitions/%Y/", max_length=300)


class Reviewer(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competition_reviews"
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own agency"),
        help_text=_("Entries of this agency are never given to the reviewer."),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "user"], name="reviewer_unique")
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def pemda(self):
        return self.competition.pemda


class Assignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("To score")
        DONE = "done", _("Scored")
        CONFLICT = "conflict", _("Conflict declared")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    conflict_reason = models.CharField(_("conflict of interest"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    excluded_reason = models.CharField(
        _("moderation reason"),
        max_length=300,
        blank=True,
        help_text=_("Filled when a moderator leaves this reviewer's scores out of the entry."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.entry}"

    @property
    def pemda(self):
        return self.entry.competition.pemda


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="score_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


class Result(models.Model):
    """The ranking as published (recomputable from the scores with `ranking.rank`)."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="result")
    rank = models.PositiveSmallIntegerField()
    total = models.DecimalField(max_digits=6, decimal_places=2)
    tie_note = models.CharField(max_length=300, blank=True)
    is_winner = models.BooleanField(default=False)

    class Meta:
        ordering = ["entry__category_id", "rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.entry}"
