"""Indeks Inovasi Daerah: periods with their catalogue (rules as data), the SID sheet of
each innovation, the SPD sheet of each Pemda, their rows (level, evidence, review).

A *sheet* is the set of indicator rows one party fills: an innovation's SID sheet
(`InnovationAssessment`) or a Pemda's SPD sheet (`PemdaAssessment`). Each sheet keeps
its claimed and verified score, computed by `scoring.sheet_score` whenever a row
changes, so a Pemda's index is one aggregate query over sheets, not a walk over rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import register_verbs
from inovda.core.versioning import Versioned

from . import scoring

register_verbs(
    {
        "iid_put_forward": _("put this forward for the IID"),
        "iid_withdrawn": _("withdrew this from the IID"),
        "iid_row_set": _("set the IID indicator"),
        "iid_development_set": _("recorded the development for the IID"),
        "iid_evidence_added": _("added IID evidence to"),
        "iid_evidence_removed": _("removed IID evidence from"),
        "iid_submitted": _("submitted the IID sheet"),
        "iid_row_accepted": _("accepted the IID indicator"),
        "iid_row_rejected": _("rejected the IID indicator"),
        "iid_returned": _("returned the IID sheet for revision"),
        "iid_verified": _("verified the IID sheet"),
        "spd_started": _("started the SPD sheet"),
        "period_copied": _("created this period as a copy"),
        "period_edited": _("edited the period's rules"),
    }
)


class AssessmentPeriod(models.Model):
    """One year's IID rules: constants, predicate bands and the indicator catalogue."""

    class Scheme(models.TextChoices):
        REGIONAL = "regional", _("Regional index (SPD + SID → IID)")
        PER_INNOVATION = "per_innovation", _("Per-innovation scores only (history)")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    scheme = models.CharField(
        _("scheme"), max_length=16, choices=Scheme.choices, default=Scheme.REGIONAL
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    min_divisor = models.PositiveSmallIntegerField(
        _("minimum divisor k"), default=1, help_text=_("SID = Σ scores / MAX(k, n) + count score")
    )
    basic_service_minimum = models.PositiveSmallIntegerField(
        _("basic-service affairs needed for the count score"), default=0
    )
    count_weight = models.DecimalField(
        _("count-score weight per innovation"), max_digits=6, decimal_places=2, default=0
    )
    count_cap = models.PositiveIntegerField(_("innovations counted at most"), default=0)
    count_overlapping_affairs = models.BooleanField(
        _("overlapping affairs count as covered"),
        default=True,
        help_text=_("Whether an innovation covers its overlapping affairs besides its main one."),
    )
    verified_divisor_keeps_all = models.BooleanField(
        _("verified index keeps every innovation put forward in its divisor"),
        default=True,
        help_text=_(
            "On (the conservative rule): an innovation not yet verified weighs as zero in the "
            "verified index, which then never exceeds the claimed one. Off: the verified "
            "index divides by the verified innovations only."
        ),
    )
    eligibility_start = models.DateField(_("eligibility window from"), null=True, blank=True)
    eligibility_end = models.DateField(_("eligibility window to"), null=True, blank=True)
    design_min_words = models.PositiveIntegerField(_("minimum design words"), default=0)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    notes = models.TextField(_("notes and sources"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")

    def __str__(self) -> str:
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.scheme == self.Scheme.REGIONAL

    def is_open(self, today: datetime.date | None = None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)

    def eligibility_rules(self) -> scoring.EligibilityRules:
        return scoring.EligibilityRules(
            window_start=self.eligibility_start,
            window_end=self.eligibility_end,
            design_min_words=self.design_min_words,
        )


class PredicateBand(models.Model):
    period = models.ForeignKey(AssessmentPeriod, on_delete=models.CASCADE, related_name="bands")
    minimum = models.DecimalField(
        _("minimum IID"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Reached when the IID, rounded to 2 decimals, is at least this."),
    )
    label = models.CharField(_("predicate"), max_length=80)

    class Meta:
        ordering = ["period", "-minimum"]
        constraints = [
            models.UniqueConstraint(fields=["period", "minimum"], name="band_unique_minimum")
        ]
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")

    def __str__(self) -> str:
        return f"≥ {self.minimum}: {self.label}"


class Aspect(models.TextChoices):
    SPD = "spd", _("SPD (region)")
    SID = "sid", _("SID (innovation)")


class Indicator(models.Model):
    """One score row of a period's catalogue: weight × chosen level (0…len(levels))."""

    period = models.ForeignKey(
        AssessmentPeriod, on_delete=models.CASCADE, related_name="indicators"
    )
    aspect = models.CharField(_("aspect"), max_length=3, choices=Aspect.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    sub = models.CharField(_("sub-row"), max_length=2, blank=True)
    position = models.PositiveSmallIntegerField(_("order in the catalogue"), default=0)
    variable = models.CharField(_("variable"), max_length=120, blank=True)
    name = models.CharField(_("name"), max_length=255)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    levels = models.JSONField(
        _("levels"), default=list, help_text=_("The parameter of each level, from level 1 up.")
    )
    evidence_description = models.TextField(_("what it measures"), blank=True)
    evidence_required = models.TextField(_("evidence required"), blank=True)
    evidence_tips = models.TextField(_("local tips"), blank=True)

    class Meta:
        ordering = ["period", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "aspect", "number", "sub"], name="indicator_unique_code"
            )
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def code(self) -> str:
        return f"{self.number}{self.sub}"

    @property
    def top_level(self) -> int:
        return len(self.levels)

    @property
    def maximum(self) -> Decimal:
        return self.weight * self.top_level


class MeasurementBasis(models.Model):
    """One of the ways an indicator may be measured (indicator 33: bases a–f)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="bases")
    code = models.CharField(_("code"), max_length=4)
    name = models.CharField(_("name"), max_length=255)
    levels = models.JSONField(_("levels"), default=list)

    class Meta:
        ordering = ["indicator", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="basis_unique_code")
        ]
        verbose_name = _("measurement basis")
        verbose_name_plural = _("measurement bases")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for verification")
    NEEDS_REVISION = "needs_revision", _("Needs revision")
    VERIFIED = "verified", _("Verified")


EDITABLE_SHEET = frozenset({SheetStatus.DRAFT, SheetStatus.NEEDS_REVISION})


class Sheet(Versioned):
    """What both sheets share: workflow status and the scores kept from their rows."""

    SCORE_FIELDS = (
        "claimed_score",
        "verified_score",
        "claimed_mandatory_missing",
        "verified_mandatory_missing",
        "rows_with_evidence",
        "rows_total",
    )

    period = models.ForeignKey(AssessmentPeriod, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    claimed_score = models.DecimalField(
        _("claimed score"), max_digits=8, decimal_places=2, default=0
    )
    verified_score = models.DecimalField(
        _("verified score"), max_digits=8, decimal_places=2, default=0
    )
    claimed_mandatory_missing = models.PositiveSmallIntegerField(default=0)
    verified_mandatory_missing = models.PositiveSmallIntegerField(default=0)
    rows_with_evidence = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_SHEET


class InnovationAssessment(Sheet):
    """An innovation put forward for one period: its SID sheet."""

    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="assessments"
    )
    # Denormalised from the innovation (it never changes Pemda) for the grouped index query.
    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    development_date = models.DateField(
        _("development date"),
        null=True,
        blank=True,
        help_text=_("A documented development inside the eligibility window, if any."),
    )
    development_note = models.TextField(_("what was developed"), blank=True)

    class Meta:
        ordering = ["innovation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "innovation"], name="innovation_assessment_unique"
            )
        ]
        indexes = [
            models.Index(fields=["period", "pemda"]),
            # The score page's order: the database reads the first page off the index.
            models.Index(
                fields=["pemda", "period", "-claimed_score"], name="iid_sheet_score_order"
            ),
        ]
        verbose_name = _("innovation assessment (SID)")
        verbose_name_plural = _("innovation assessments (SID)")

    def __str__(self) -> str:
        return f"{self.period} · {self.innovation}"

    @property
    def subject(self):
        """The record whose timeline shows this sheet's events."""
        return self.innovation

    @property
    def aspect(self) -> str:
        return Aspect.SID


class PemdaAssessment(Sheet):
    """A Pemda's SPD sheet for one period."""

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "pemda"], name="pemda_assessment_unique")
        ]
        verbose_name = _("Pemda assessment (SPD)")
        verbose_name_plural = _("Pemda assessments (SPD)")

    def __str__(self) -> str:
        return f"{self.period} · SPD {self.pemda}"

    @property
    def subject(self):
        return self

    @property
    def aspect(self) -> str:
        return Aspect.SPD


class Entry(Versioned):
    """One indicator row of a sheet: the chosen level, its basis, note, evidence, review."""

    class Review(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    innovation_assessment = models.ForeignKey(
        InnovationAssessment, on_delete=models.CASCADE, null=True, blank=True, related_name="rows"
    )
    pemda_assessment = models.ForeignKey(
        PemdaAssessment, on_delete=models.CASCADE, null=True, blank=True, related_name="rows"
    )
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    basis = models.ForeignKey(
        MeasurementBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measurement basis"),
    )
    note = models.TextField(_("note"), blank=True)
    evidence_count = models.PositiveSmallIntegerField(default=0)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.WAITING
    )
    review_note = models.TextField(_("verifier's note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(innovation_assessment__isnull=False, pemda_assessment__isnull=True)
                    | models.Q(innovation_assessment__isnull=True, pemda_assessment__isnull=False)
                ),
                name="entry_one_sheet",
            ),
            models.UniqueConstraint(
                fields=["innovation_assessment", "indicator"], name="entry_unique_sid"
            ),
            models.UniqueConstraint(
                fields=["pemda_assessment", "indicator"], name="entry_unique_spd"
            ),
        ]
        verbose_name = _("indicator row")
        verbose_name_plural = _("indicator rows")

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.level}"

    @property
    def review_decision(self) -> str:
        """The review as the review form says it (accept / reject), for stale saves."""
        return {self.Review.ACCEPTED: "accept", self.Review.REJECTED: "reject"}.get(self.review, "")

    @property
    def sheet(self) -> Sheet:
        return self.innovation_assessment or self.pemda_assessment

    @property
    def claimed(self) -> Decimal:
        return self.indicator.weight * self.level

    @property
    def level_text(self) -> str:
        """The chosen level's parameter: from the measurement basis when there is one."""
        levels = self.basis.levels if self.basis_id else self.indicator.levels
        return levels[self.level - 1] if 0 < self.level <= len(levels) else ""

    @property
    def needs_review(self) -> bool:
        """Level 0 without evidence claims nothing: there is nothing to verify."""
        return self.level > 0 or self.evidence_count > 0

    def scoring_row(self) -> scoring.Row:
        return scoring.Row(
            code=self.indicator.code,
            weight=self.indicator.weight,
            level=self.level,
            top_level=self.indicator.top_level,
            mandatory=self.indicator.mandatory,
            has_evidence=self.evidence_count > 0,
            accepted=self.review == self.Review.ACCEPTED,
        )


def validate_link(value: str) -> None:
    """A link of evidence: an absolute http(s) address, or a path on this site ("/...",
    an Inovda record attached from a proposal: stored without the site's address)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    if value.startswith("/") and not value.startswith("//"):
        if any(c.isspace() for c in value):
            raise ValidationError(_("Enter a valid link."), code="invalid")
        return
    URLValidator(schemes=["http", "https"])(value)


class Evidence(models.Model):
    """A file or a link supporting one row (bukti dukung)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="iid-evidence/%Y/%m/", max_length=300, blank=True)
    # an absolute address, or a site-relative path for Inovda's own records (`link` adds
    # the site's address when shown or exported, so a new domain never breaks them)
    url = models.CharField(_("link"), max_length=500, blank=True, validators=[validate_link])
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    kind = models.CharField(max_length=8, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_link"
            )
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.url

    @property
    def is_link(self) -> bool:
        return not self.file

    @property
    def link(self) -> str:
        """The link's absolute address: a site-relative path gets the site's address as
        configured now (INOVDA_SITE_URL)."""
        if self.url.startswith("/"):
            return settings.INOVDA_SITE_URL.rstrip("/") + self.url
        return self.url
