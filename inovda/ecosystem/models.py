"""The five factors' registers (docs/domain.md §5): barriers (F2), risks (F3), budget (F5),
innovator capability (F1) and the yearly self-assessment. F4 and the health scores are
computed from these and from the registry (factors.py, formulas.py), not stored."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovda.core.models import TimeStampedModel, register_verbs
from inovda.core.validators import YEAR_VALIDATORS, no_bidi_controls
from inovda.core.versioning import Versioned

from . import rules

register_verbs(
    {
        "barrier_raised": _("raised the barrier"),
        "barrier_updated": _("edited the barrier"),
        "barrier_assigned": _("assigned the barrier"),
        "barrier_escalated": _("escalated the barrier"),
        "barrier_resolved": _("resolved the barrier"),
        "barrier_reopened": _("reopened the barrier"),
        "barrier_withdrawn": _("withdrew the barrier"),
        "barrier_commented": _("commented"),
        "risk_added": _("registered the risk"),
        "risk_updated": _("edited the risk"),
        "risk_reviewed": _("reviewed the risk"),
        "risk_closed": _("closed the risk"),
        "budget_line_added": _("added the budget line"),
        "budget_line_updated": _("edited the budget line"),
        "budget_realised": _("recorded the realisation of"),
        "reallocation_requested": _("requested a reallocation"),
        "reallocation_approved": _("approved the reallocation"),
        "reallocation_rejected": _("rejected the reallocation"),
        "reallocation_withdrawn": _("withdrew the reallocation"),
        "tranche_planned": _("planned a tranche of"),
        "tranche_released": _("released a tranche of"),
        "innovator_saved": _("saved the innovator profile"),
        "team_joined": _("added to the team"),
        "training_added": _("recorded a training"),
        "recognition_added": _("recorded a recognition"),
        "time_allotted": _("recorded time for innovation"),
        "self_assessed": _("saved the self-assessment"),
    }
)


def _today():
    return timezone.localdate()


def person(verbose_name=None) -> models.ForeignKey:
    """A user who did or owns something; the record stays when the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Factor(models.TextChoices):
    F1 = "F1", _("Innovator capability and creative room")
    F2 = "F2", _("Innovation unit that removes barriers")
    F3 = "F3", _("Innovation risk management")
    F4 = "F4", _("Use of data, information and knowledge")
    F5 = "F5", _("Budget flexibility and allocation")


class OnInnovation(TimeStampedModel):
    """A record attached to an innovation; pemda and agency are copied for fast scoping."""

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("innovation"),
    )

    class Meta:
        abstract = True


# ---------------------------------------------------------------- F2: barriers


class Barrier(Versioned, OnInnovation):
    """A hambatan raised on an innovation and worked by the innovation unit."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Regulation")
        BUDGET = "budget", _("Budget")
        PROCUREMENT = "procurement", _("Procurement")
        STAFFING = "staffing", _("Staffing")
        IT_DATA = "it_data", _("IT and data")
        COORDINATION = "coordination", _("Coordination between agencies")
        LEADERSHIP = "leadership", _("Leadership support")
        CULTURE = "culture", _("Culture")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ESCALATED = "escalated", _("Escalated")
        RESOLVED = "resolved", _("Resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class EscalationTarget(models.TextChoices):
        SEKDA = "sekda", _("Regional secretary (Sekda)")
        LEADERSHIP = "leadership", _("Regional head / leadership")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_controls])
    description = models.TextField(_("description"))
    impact = models.TextField(
        _("impact"), help_text=_("What happens to the innovation if it stays.")
    )
    raised_by = person()
    raised_on = models.DateField(_("raised on"), default=_today)
    sla_days = models.PositiveSmallIntegerField(_("SLA (days)"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    owner = person(_("owner"))
    escalated_to = models.CharField(
        _("escalated to"), max_length=16, choices=EscalationTarget.choices, blank=True
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    escalation_note = models.TextField(_("escalation note"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = person()
    precedent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reused_by",
        limit_choices_to={"status": "resolved"},
        verbose_name=_("precedent used"),
    )

    class Meta:
        ordering = ["due_on", "-id"]
        indexes = [
            models.Index(fields=["pemda", "status", "due_on"]),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["pemda", "kind", "status"]),
        ]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ecosystem:barrier_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_BARRIER_STATUSES

    @property
    def overdue(self) -> bool:
        return rules.is_overdue(status=self.status, due=self.due_on, today=_today())

    @property
    def within_sla(self) -> bool | None:
        return rules.resolved_within_sla(due=self.due_on, resolved=self.resolved_on)

    @property
    def days_to_resolve(self) -> int | None:
        return (self.resolved_on - self.raised_on).days if self.resolved_on else None


# ---------------------------------------------------------------- F3: risks


def _rating_validators():
    return [MinValueValidator(1), MaxValueValidator(5)]


class Risk(Versioned, OnInnovation):
    """One row of an innovation's risk register (ISO 31000 style)."""

    class Kind(models.TextChoices):
        THREAT = "threat", _("Threat")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Treatment(models.TextChoices):
        AVOID = "avoid", _("Avoid")
        REDUCE = "reduce", _("Reduce")
        TRANSFER = "transfer", _("Transfer")
        ACCEPT = "accept", _("Accept")
        EXPLOIT = "exploit", _("Exploit")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TREATING = "treating", _("Being treated")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.THREAT)
    title = models.CharField(_("risk"), max_length=200, validators=[no_bidi_controls])
    cause = models.TextField(_("cause"))
    consequence = models.TextField(_("consequence"))
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"), validators=_rating_validators()
    )
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=_rating_validators())
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices)
    treatment_plan = models.TextField(_("treatment plan"), blank=True)
    owner = person(_("owner"))
    identified_on = models.DateField(_("identified on"), default=_today)
    review_on = models.DateField(_("next review"))
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), null=True, blank=True, validators=_rating_validators()
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("residual impact"), null=True, blank=True, validators=_rating_validators()
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["innovation", "-likelihood", "-impact", "id"]
        indexes = [
            models.Index(fields=["pemda", "status"]),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["innovation", "status"]),
        ]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ecosystem:risk_detail", args=[self.pk])

    @property
    def score(self) -> int | None:
        return rules.risk_score(self.likelihood, self.impact)

    @property
    def level(self) -> str:
        return rules.risk_level(self.score)

    @property
    def residual_score(self) -> int | None:
        return rules.risk_score(self.residual_likelihood, self.residual_impact)

    @property
    def residual_level(self) -> str:
        return rules.risk_level(self.residual_score)

    @property
    def current_score(self) -> int | None:
        """After treatment when a residual rating exists, else the inherent score."""
        return self.residual_score if self.residual_score is not None else self.score

    @property
    def appetite(self) -> int | None:
        return rules.risk_appetite(self.innovation.stage, self.innovation.evidence_level)

    @property
    def above_appetite(self) -> bool:
        return rules.above_appetite(
            kind=self.kind,
            status=self.status,
            score=self.current_score,
            stage=self.innovation.stage,
            evidence_level=self.innovation.evidence_level,
        )

    @property
    def review_overdue(self) -> bool:
        return rules.review_overdue(status=self.status, review_on=self.review_on, today=_today())


# The fields of a risk its agency edits (the status moves through the services).
RISK_EDITABLE = [
    "kind",
    "title",
    "cause",
    "consequence",
    "likelihood",
    "impact",
    "treatment",
    "treatment_plan",
    "owner",
    "review_on",
    "residual_likelihood",
    "residual_impact",
]


class RiskReview(models.Model):
    """One review of a risk: the review date it answered and when it was done."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("review due"))
    reviewed_on = models.DateField(_("reviewed on"), default=_today)
    reviewed_by = person()
    likelihood = models.PositiveSmallIntegerField(validators=_rating_validators())
    impact = models.PositiveSmallIntegerField(validators=_rating_validators())
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")

    def __str__(self) -> str:
        return f"{self.risk} · {self.reviewed_on}"

    @property
    def on_time(self) -> bool:
        return self.reviewed_on <= self.due_on


# ---------------------------------------------------------------- F5: budget


class BudgetLine(Versioned, OnInnovation):
    class Source(models.TextChoices):
        APBD = "apbd", _("APBD (regional budget)")
        DAK = "dak", _("DAK (special allocation fund)")
        BLUD = "blud", _("BLUD (public service agency)")
        CSR = "csr", _("CSR")
        GRANT = "grant", _("Grant (hibah)")
        OTHER = "other", _("Other")

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    account_code = models.CharField(
        _("programme/activity code"),
        max_length=40,
        blank=True,
        help_text=_("As in the DPA, e.g. 2.16.02.2.02.0001."),
    )
    description = models.CharField(_("description"), max_length=255)
    allocated = models.DecimalField(_("allocated (Rp)"), max_digits=16, decimal_places=2)
    realised = models.DecimalField(_("realised (Rp)"), max_digits=16, decimal_places=2, default=0)
    realised_as_of = models.DateField(_("realised as of"), null=True, blank=True)

    class RealisedSource(models.TextChoices):
        ENTERED = "entered", _("entered in the budget register")
        REPORTS = "reports", _("from the progress reports")

    realised_source = models.CharField(
        _("realisation source"),
        max_length=8,
        choices=RealisedSource.choices,
        default=RealisedSource.ENTERED,
    )

    class Meta:
        ordering = ["-fiscal_year", "innovation", "id"]
        indexes = [
            models.Index(fields=["pemda", "fiscal_year"]),
            models.Index(fields=["agency", "fiscal_year"]),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.fiscal_year} · {self.get_source_display()} · {self.description}"

    @property
    def realisation_rate(self) -> float | None:
        return rules.realisation_rate(self.allocated, self.realised)


class Reallocation(TimeStampedModel):
    """A request to move money from one budget line to another of the same agency and year."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    from_line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="+", verbose_name=_("from line")
    )
    to_line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="+", verbose_name=_("to line")
    )
    amount = models.DecimalField(_("amount (Rp)"), max_digits=16, decimal_places=2)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = person()
    requested_on = models.DateField(_("requested on"), default=_today)
    decided_by = person()
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["pemda", "status"])]
        verbose_name = _("reallocation request")
        verbose_name_plural = _("reallocation requests")

    def __str__(self) -> str:
        return f"{self.from_line.description} → {self.to_line.description}"

    @property
    def turnaround_days(self) -> int | None:
        return (self.decided_on - self.requested_on).days if self.decided_on else None


class Tranche(TimeStampedModel):
    """Part of a budget line released once the innovation passes a lifecycle gate."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RELEASED = "released", _("Released")

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="tranches")
    gate = models.CharField(_("released at"), max_length=20)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=16, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_by = person()

    class Meta:
        ordering = ["line", "id"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")

    def __str__(self) -> str:
        return f"{self.line} · {self.gate}"

    @property
    def gate_label(self) -> str:
        from inovda.innovations.models import Innovation

        return str(dict(Innovation.Status.choices).get(self.gate, self.gate))


# ---------------------------------------------------------------- F1: innovators


class Innovator(TimeStampedModel):
    """A person who leads or joins innovations: a civil servant (ASN) or a citizen."""

    class Kind(models.TextChoices):
        ASN = "asn", _("Civil servant (ASN)")
        CITIZEN = "citizen", _("Citizen")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("Citizens may have none."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovator_profile",
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_bidi_controls])
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.ASN)
    position = models.CharField(_("position"), max_length=200, blank=True)
    skills = models.CharField(
        _("skills"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["pemda", "agency"])]
        verbose_name = _("innovator")
        verbose_name_plural = _("innovators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ecosystem:innovator_detail", args=[self.pk])

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Leads")
        MEMBER = "member", _("Member")

    innovator = models.ForeignKey(Innovator, on_delete=models.CASCADE, related_name="teams")
    innovation = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("innovation"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["innovator", "innovation"], name="team_member_unique")
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.innovator} · {self.innovation}"


class Training(models.Model):
    class Kind(models.TextChoices):
        BIMTEK = "bimtek", _("Technical guidance (bimtek)")
        TOT = "tot", _("Training of trainers (TOT)")
        WORKSHOP = "workshop", _("Workshop")
        CERTIFICATE = "certificate", _("Certification")

    innovator = models.ForeignKey(Innovator, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title


class Recognition(models.Model):
    """Evidence for SPD indicator 12 (Penghargaan bagi inovator): certificates, awards,
    incentives."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate of appreciation (piagam)")
        AWARD = "award", _("Award")
        INCENTIVE = "incentive", _("Incentive (reward)")

    innovator = models.ForeignKey(Innovator, on_delete=models.CASCADE, related_name="recognitions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    given_by = models.CharField(_("given by"), max_length=200, blank=True)
    given_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    evidence = models.FileField(_("evidence"), upload_to="recognitions/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return self.title


class TimeAllotment(models.Model):
    """Working time a person may give to innovation in a year (per their assignment letter)."""

    innovator = models.ForeignKey(Innovator, on_delete=models.CASCADE, related_name="allotments")
    year = models.PositiveSmallIntegerField(_("year"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    basis = models.CharField(
        _("basis"), max_length=200, blank=True, help_text=_("e.g. the number of the SK or letter.")
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["innovator", "year"], name="time_allotment_per_year")
        ]
        verbose_name = _("time allotted")
        verbose_name_plural = _("time allotted")

    def __str__(self) -> str:
        return f"{self.innovator} · {self.year}"


# ---------------------------------------------------------------- self-assessment


class AssessmentQuestion(models.Model):
    """A self-assessment question (reference data, data/reference/…_questions.csv)."""

    factor = models.CharField(_("factor"), max_length=2, choices=Factor.choices)
    code = models.SlugField(max_length=20, unique=True)
    text = models.TextField(_("question"))
    text_en = models.TextField(_("question in English"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["factor", "position"]
        verbose_name = _("self-assessment question")
        verbose_name_plural = _("self-assessment questions")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.text_en:
            return self.text_en
        return self.text


class SelfAssessment(TimeStampedModel):
    """The yearly self-assessment of an agency (or of the Pemda when agency is empty):
    answers 1–5 per question; the maturity per factor is computed (formulas.maturity)."""

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    answers = models.JSONField(default=dict)
    note = models.TextField(_("note"), blank=True)
    assessed_by = person()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "agency", "year"],
                condition=models.Q(agency__isnull=False),
                name="self_assessment_agency_year",
            ),
            models.UniqueConstraint(
                fields=["pemda", "year"],
                condition=models.Q(agency__isnull=True),
                name="self_assessment_pemda_year",
            ),
        ]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.agency or self.pemda} · {self.year}"
