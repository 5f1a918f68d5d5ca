from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import TimeStampedModel, register_verbs

register_verbs(
    {
        "submitted": _("submitted this"),
        "attachment_added": _("attached"),
        "attachment_removed": _("removed the file"),
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


class Innovation(TimeStampedModel):
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
    name = models.CharField(_("name"), max_length=255)
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
    year = models.PositiveSmallIntegerField(_("year initiated"), null=True, blank=True)
    trial_start = models.DateField(_("trial start"), null=True, blank=True)
    trial_end = models.DateField(_("trial end"), null=True, blank=True)
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

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["pemda", "status"]),
            models.Index(fields=["pemda", "agency"]),
            models.Index(fields=["pemda", "year"]),
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


class Attachment(models.Model):
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
