from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import StoredFile, TimeStampedModel, register_verbs
from inovda.core.validators import YEAR_VALIDATORS, no_bidi_controls
from inovda.core.versioning import Versioned

register_verbs(
    {
        "submitted": _("submitted this"),
        "attachment_added": _("attached"),
        "attachment_removed": _("removed the file"),
        "review_started": _("started the feasibility review"),
        "panel_member_added": _("added to the review panel"),
        "recommendation_recorded": _("recorded the recommendation of"),
        "found_feasible": _("declared this feasible"),
        "rejected": _("rejected this"),
        "returned": _("returned this for revision"),
        "adopted": _("adopted this (penetapan)"),
        "trial_started": _("started the trial"),
        "trial_report_saved": _("recorded the trial report"),
        "implemented": _("started implementation"),
        "discontinued": _("discontinued this"),
        "resumed": _("resumed this"),
        "cadence_changed": _("changed the report cadence"),
        "kpi_saved": _("saved the indicator"),
        "report_submitted": _("submitted the progress report"),
        "sponsor_confirmed": _("recorded the sponsor's confirmation"),
        "health_changed": _("health status changed"),
        "health_overridden": _("overrode the health status"),
        "override_cleared": _("cleared the health override"),
        "agent_assigned": _("assigned the change agent"),
        "agent_unassigned": _("ended the assignment of"),
        "agent_review": _("wrote a change-agent review"),
        "agent_review_answered": _("answered the change-agent review"),
        "revival_plan_created": _("opened a revival plan"),
        "revival_action_added": _("added the revival action"),
        "revival_action_done": _("completed the revival action"),
        "revival_plan_closed": _("closed the revival plan"),
        "evidence_proposed": _("proposed the evidence level"),
        "evidence_confirmed": _("confirmed the evidence level"),
        "evidence_rejected": _("did not confirm the evidence level"),
    }
)

# The sub-sections of the design (rancang bangun), in the order the national form uses.
DESIGN_FIELDS = (
    "design_legal_basis",
    "design_problem",
    "design_strategic_issues",
    "design_method_before",
    "design_method_after",
    "design_novelty",
    "design_how_it_works",
)


def count_words(*texts: str) -> int:
    return sum(len((text or "").split()) for text in texts)


class Tag(models.Model):
    """A thematic tag (penanggulangan kemiskinan, digitalisasi layanan…) or an SDG."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        SDG = "sdg", _("SDG")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="tag_unique_code")]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Innovation(Versioned, TimeStampedModel):
    """An inovasi daerah with the national profile (PP 38/2017, IID form)."""

    class InitiatorKind(models.TextChoices):
        HEAD = "kepala_daerah", _("Regional head (kepala daerah)")
        DPRD = "dprd", _("DPRD member")
        ASN = "asn", _("Civil servant (ASN)")
        AGENCY = "perangkat_daerah", _("Agency (perangkat daerah)")
        CITIZEN = "masyarakat", _("Citizen (anggota masyarakat)")

    class Form(models.TextChoices):
        GOVERNANCE = "tata_kelola", _("Regional governance")
        PUBLIC_SERVICE = "pelayanan_publik", _("Public service")
        OTHER = "lainnya", _("Other regional affairs")

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        NON_DIGITAL = "non_digital", _("Non-digital")

    class Classification(models.TextChoices):
        AGENCY = "perangkat_daerah", _("Agency")
        VILLAGE = "desa", _("Village")
        COMMUNITY = "masyarakat", _("Community")

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMESTER = "semester", _("Every semester")

    class Health(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("Not yet applicable")
        GROWING = "growing", _("Growing (berkembang)")
        STAGNANT = "stagnant", _("Stagnant (stagnan)")
        DISCONTINUED = "discontinued", _("Discontinued (tidak berlanjut)")

    class Stage(models.TextChoices):
        INITIATIVE = "inisiatif", _("Initiative")
        TRIAL = "uji_coba", _("Trial")
        IMPLEMENTATION = "penerapan", _("Implementation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Feasibility review")
        NEEDS_REVISION = "needs_revision", _("Needs revision")
        REJECTED = "rejected", _("Rejected")
        FEASIBLE = "feasible", _("Feasible, awaiting adoption")
        ADOPTED = "adopted", _("Adopted")
        TRIAL = "trial", _("In trial")
        IMPLEMENTED = "implemented", _("Implemented")
        DISCONTINUED = "discontinued", _("Discontinued")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment",
        on_delete=models.CASCADE,
        related_name="innovations",
        verbose_name=_("Pemda"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="innovations",
        verbose_name=_("agency"),
    )
    name = models.CharField(_("name"), max_length=255, validators=[no_bidi_controls])
    initiator_kind = models.CharField(
        _("initiator"), max_length=20, choices=InitiatorKind.choices, blank=True
    )
    initiator_name = models.CharField(_("initiator name"), max_length=200, blank=True)
    form = models.CharField(_("form (bentuk)"), max_length=20, choices=Form.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, blank=True)
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification.choices,
        default=Classification.AGENCY,
    )
    main_affair = models.ForeignKey(
        "organizations.GovernmentAffair",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="main_innovations",
        verbose_name=_("main government affair"),
    )
    other_affairs = models.ManyToManyField(
        "organizations.GovernmentAffair",
        blank=True,
        related_name="overlapping_innovations",
        verbose_name=_("overlapping government affairs"),
    )
    themes = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="themed_innovations",
        limit_choices_to={"kind": Tag.Kind.THEME},
        verbose_name=_("themes"),
    )
    sdgs = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="sdg_innovations",
        limit_choices_to={"kind": Tag.Kind.SDG},
        verbose_name=_("SDGs"),
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.INITIATIVE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    year = models.PositiveSmallIntegerField(
        _("year initiated"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    trial_start = models.DateField(_("planned trial start"), null=True, blank=True)
    trial_end = models.DateField(_("planned trial end"), null=True, blank=True)
    implementation_start = models.DateField(_("implementation start"), null=True, blank=True)

    design_legal_basis = models.TextField(_("legal basis"), blank=True)
    design_problem = models.TextField(_("problem"), blank=True)
    design_strategic_issues = models.TextField(_("strategic issues"), blank=True)
    design_method_before = models.TextField(_("method before the innovation"), blank=True)
    design_method_after = models.TextField(_("method after the innovation"), blank=True)
    design_novelty = models.TextField(_("novelty"), blank=True)
    design_how_it_works = models.TextField(_("how it works"), blank=True)
    design_word_count = models.PositiveIntegerField(_("design words"), default=0, editable=False)

    goals = models.TextField(_("goals"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    results = models.TextField(_("results"), blank=True)
    budget_note = models.TextField(_("budget note"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    video_url = models.URLField(_("video link"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_innovations",
        verbose_name=_("person in charge"),
    )

    # Lifecycle (set only by the transitions in lifecycle.py).
    status_reason = models.TextField(_("reason for the current status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    discontinued_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    trial_actual_start = models.DateField(_("actual trial start"), null=True, blank=True)
    trial_actual_end = models.DateField(_("actual trial end"), null=True, blank=True)
    trial_report = models.TextField(_("trial report"), blank=True)

    # Progress reports and health (health_* are written only by the health refresh).
    report_cadence = models.CharField(
        _("report cadence"), max_length=12, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    health = models.CharField(
        _("health"),
        max_length=16,
        choices=Health.choices,
        default=Health.NOT_APPLICABLE,
        db_index=True,
    )
    health_computed = models.CharField(
        _("health by the rules"),
        max_length=16,
        choices=Health.choices,
        default=Health.NOT_APPLICABLE,
    )
    health_rule = models.CharField(_("health rule"), max_length=40, blank=True)
    health_inputs = models.JSONField(_("health inputs"), default=dict, blank=True)
    health_evaluated_at = models.DateTimeField(_("health evaluated"), null=True, blank=True)
    health_since = models.DateField(_("health status since"), null=True, blank=True)
    # Highest confirmed level of evidence (0 = none yet); written only by
    # services.evidence, read by the gates (inovda.innovations.evidence).
    evidence_level = models.PositiveSmallIntegerField(_("evidence level"), default=0)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["pemda", "status"]),
            models.Index(fields=["pemda", "agency"]),
            models.Index(fields=["pemda", "year"]),
            # the default order of the list: a page walks it and stops after 25 rows
            models.Index(fields=["pemda", "-updated_at", "-id"]),
        ]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("innovations:detail", args=[self.pk])

    def compute_design_word_count(self) -> int:
        return count_words(*(getattr(self, name) for name in DESIGN_FIELDS))

    def clean(self):
        """Dates that cannot be true (inovda.innovations.dates), for every writer."""
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        from .dates import innovation_date_problems

        names = [
            "year",
            "trial_start",
            "trial_end",
            "trial_actual_start",
            "trial_actual_end",
            "implementation_start",
        ]
        today = timezone.localdate()
        problems = innovation_date_problems(
            today=today, **{name: getattr(self, name) for name in names}
        )
        if problems and self.pk:
            # What the stored record already had (old or imported data) is not this
            # write's doing: refuse only what the write makes untrue, so that an old flaw
            # in a field the writer does not touch never blocks an edit.
            stored = type(self).objects.filter(pk=self.pk).values(*names).first()
            if stored:
                before = innovation_date_problems(today=today, **stored)
                problems = {k: v for k, v in problems.items() if before.get(k) != v}
        if problems:
            raise ValidationError(problems)

    def save(self, *args, **kwargs):
        """Keep `design_word_count` in step with the design, also when saving some fields."""
        self.design_word_count = self.compute_design_word_count()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(DESIGN_FIELDS):
            kwargs["update_fields"] = {*update_fields, "design_word_count"}
        super().save(*args, **kwargs)


class Attachment(StoredFile):
    class Purpose(models.TextChoices):
        GENERAL = "general", _("Attachment")
        INSTRUMENT = "instrument", _("Legal instrument")
        TRIAL_REPORT = "trial_report", _("Trial report")
        REPORT_EVIDENCE = "report_evidence", _("Progress report evidence")
        SPONSOR = "sponsor", _("Sponsor's confirmation")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="attachments")
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.GENERAL
    )
    progress_report = models.ForeignKey(
        "ProgressReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=300)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


# --- Lifecycle: feasibility review, legal instruments, closure ---------------------------


class Recommendation(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    NEEDS_REVISION = "needs_revision", _("Needs revision")


class FeasibilityReview(TimeStampedModel):
    """One round of kajian kelayakan by a panel; a revised proposal gets a new round."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Recommendation.choices, blank=True
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-round"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "round"], name="review_round_unique")
        ]
        verbose_name = _("feasibility review")
        verbose_name_plural = _("feasibility reviews")

    def __str__(self) -> str:
        return f"{self.innovation} · {self.round}"


class PanelMember(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal (civil servant)")
        ACADEMIC = "academic", _("Academic")
        EXPERT = "expert", _("Expert")
        PRACTITIONER = "practitioner", _("Practitioner")

    review = models.ForeignKey(FeasibilityReview, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_seats",
        verbose_name=_("account"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    recommendation_note = models.TextField(_("recommendation note"), blank=True)
    recommended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return self.name


class LegalInstrument(models.Model):
    """The act that adopts (penetapan) or puts into effect (penerapan) an innovation."""

    class Purpose(models.TextChoices):
        ADOPTION = "adoption", _("Adoption (penetapan)")
        IMPLEMENTATION = "implementation", _("Implementation (penerapan)")

    class Kind(models.TextChoices):
        SK = "sk", _("Decree (SK)")
        PERKADA = "perkada", _("Regional head regulation (Perkada)")
        PERDA = "perda", _("Regional regulation (Perda)")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="instruments")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    kind = models.CharField(_("instrument"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=120)
    issued_on = models.DateField(_("date"))
    document = models.OneToOneField(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="instrument"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Lesson(TimeStampedModel):
    """A lesson learned about one innovation, in the shape of an OPSI case study: the
    no-blame closure the discontinue step records, or one written any time (knowledge app's
    form). One table, written only by the innovations services; the knowledge panel, the
    search index and the five-factor F4 input read it."""

    class Occasion(models.TextChoices):
        REVIEW = "review", _("Periodic review")
        DISCONTINUATION = "discontinuation", _("Discontinuation (no-blame closure)")
        REPLICATION = "replication", _("Replication")
        EVENT = "event", _("Event outcome")

    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="lessons",
        verbose_name=_("innovation"),
    )
    occasion = models.CharField(
        _("occasion"), max_length=20, choices=Occasion.choices, default=Occasion.REVIEW
    )
    title = models.CharField(_("title"), max_length=255, validators=[no_bidi_controls])
    results_impact = models.TextField(_("results and impact"), blank=True)
    challenges = models.TextField(_("challenges and failures"), blank=True)
    success_conditions = models.TextField(_("conditions for success"), blank=True)
    replication_notes = models.TextField(_("replication notes"), blank=True)
    lessons = models.TextField(_("lessons"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    TEXT_FIELDS = ("results_impact", "challenges", "success_conditions", "replication_notes")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self) -> str:
        return self.title

    @property
    def pemda(self):
        return self.innovation.pemda


# --- Monitoring: indicators, progress reports, sponsor, health override -----------------


class Kpi(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("key performance indicator")
        verbose_name_plural = _("key performance indicators")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class ProgressReport(models.Model):
    """A laporan perkembangan for one period of the innovation's cadence."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="progress_reports"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    activities = models.TextField(_("activities"))
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), null=True, blank=True)
    budget_allocated = models.DecimalField(
        _("budget allocated (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    budget_realised = models.DecimalField(
        _("budget realised (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    # The budget line (ecosystem.BudgetLine) the spending is booked on, by id: the registry
    # does not import the budget register; `core.spending` lists and checks the lines.
    budget_line_id = models.PositiveIntegerField(_("budget line"), null=True, blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    # Mean KPI attainment (0 = baseline, 1 = target), kept in step with the KPI values.
    kpi_attainment = models.FloatField(_("KPI attainment"), null=True, blank=True)
    due_on = models.DateField(_("due"))
    is_late = models.BooleanField(_("late"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "period_end"], name="report_one_per_period"
            )
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.innovation} · {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class KpiValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kpi"], name="kpi_value_once_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class SponsorConfirmation(models.Model):
    """The sponsor (agency head, kepala daerah) confirms the innovation continues."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="sponsor_confirmations"
    )
    sponsor_name = models.CharField(_("sponsor"), max_length=200)
    sponsor_position = models.CharField(_("position"), max_length=200)
    confirmed_on = models.DateField(_("confirmed on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_on", "-id"]
        verbose_name = _("sponsor confirmation")
        verbose_name_plural = _("sponsor confirmations")

    def __str__(self) -> str:
        return f"{self.sponsor_name} · {self.confirmed_on}"


class HealthOverride(models.Model):
    """A person's judgement over the rules, with its reason; shown as an override."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="health_overrides"
    )
    status = models.CharField(_("status"), max_length=16, choices=Innovation.Health.choices)
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("health override")
        verbose_name_plural = _("health overrides")

    def __str__(self) -> str:
        return f"{self.innovation} · {self.status}"


# --- Change agents -------------------------------------------------------------------


class AgentAssignment(models.Model):
    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="agent_assignments"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "agent"],
                condition=models.Q(ended_at=None),
                name="agent_assigned_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} · {self.innovation}"


class AgentReview(models.Model):
    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="agent_reviews"
    )
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"))
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("innovator's answer"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change-agent review")
        verbose_name_plural = _("change-agent reviews")

    def __str__(self) -> str:
        return f"{self.agent} · {self.innovation}"


# --- Revival of stagnant innovations -------------------------------------------------


class RevivalPlan(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        REVIVED = "revived", _("Revived")
        ABANDONED = "abandoned", _("Abandoned")

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="revival_plans"
    )
    diagnosis = models.TextField(_("why it stalled"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("revival plan")
        verbose_name_plural = _("revival plans")

    def __str__(self) -> str:
        return f"{self.innovation} · {self.get_status_display()}"


class RevivalAction(models.Model):
    plan = models.ForeignKey(RevivalPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revival_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("revival action")
        verbose_name_plural = _("revival actions")

    def __str__(self) -> str:
        return self.description


class EvidenceClaim(models.Model):
    """A claim that the innovation's results reach a level of evidence (Nesta-style
    standards, 1–5), the evidence behind it and who assessed it. Proposed by a person or
    from data (KPI series, replications); counts once a steering person confirms it."""

    class Level(models.IntegerChoices):
        THEORY = 1, _("1 · A clear account of what it should achieve and why")
        CHANGE = 2, _("2 · Data showing change")
        CAUSATION = 3, _("3 · A comparison showing it caused the change")
        REPLICATED = 4, _("4 · Independent replication of the result")
        SCALABLE = 5, _("5 · Run at scale by others with the same result")

    class Kind(models.TextChoices):
        THEORY = "theory", _("Theory of change")
        REPORT = "report", _("Report")
        KPI_SERIES = "kpi_series", _("KPI series")
        EVALUATION = "evaluation", _("Evaluation")
        REPLICATION = "replication", _("Replication")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not confirmed")

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="evidence_claims"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("evidence"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("what shows it"))
    link = models.URLField(_("link"), blank=True)
    from_data = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("assessment note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-level", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="evidence_level_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.innovation} · {self.level}"

    @property
    def pemda(self):
        return self.innovation.pemda
