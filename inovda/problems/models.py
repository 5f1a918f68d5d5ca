"""The city's problems, stated before any solution (bank masalah daerah), the innovations
that address them, and challenges (calls for solutions) opened on them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovda.core.models import TimeStampedModel, register_verbs

register_verbs(
    {
        "problem_linked": _("linked the innovation"),
        "problem_unlinked": _("unlinked the innovation"),
        "problem_indicator_added": _("added the indicator"),
        "challenge_opened": _("opened the challenge"),
    }
)


class Place(models.Model):
    """A kecamatan or kelurahan (Kepmendagri code), from the wilayah reference file."""

    class Level(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="places"
    )
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Problem(TimeStampedModel):
    class Origin(models.TextChoices):
        PLAN = "plan", _("RPJMD/RKPD priority")
        POVERTY = "poverty", _("Poverty data")
        CITIZEN = "citizen", _("Citizen proposal")
        COMPLAINT = "complaint", _("Complaint")
        AGENCY = "agency", _("Agency")
        BARRIER = "barrier", _("Barrier pattern (innovation unit)")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="problems"
    )
    title = models.CharField(_("problem"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="owned_problems",
        verbose_name=_("owner agency"),
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    origin_reference = models.CharField(
        _("origin reference"),
        max_length=255,
        blank=True,
        help_text=_("e.g. RPJMD 2025–2029, misi 2"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    poverty_related = models.BooleanField(_("poverty-related"), default=False)
    affected_groups = models.CharField(_("affected groups"), max_length=255, blank=True)
    places = models.ManyToManyField(
        Place, blank=True, related_name="problems", verbose_name=_("places")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    innovations = models.ManyToManyField(
        "innovations.Innovation", through="ProblemLink", related_name="problems", blank=True
    )

    class Meta:
        ordering = ["priority", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problems:detail", args=[self.pk])


class Indicator(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ProblemLink(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="links")
    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="problem_links"
    )
    note = models.CharField(_("how it addresses the problem"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["problem", "innovation"], name="problem_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.problem} ← {self.innovation}"


class Challenge(TimeStampedModel):
    """A call for solutions to a problem (agencies, community, universities)."""

    class Audience(models.TextChoices):
        AGENCIES = "agencies", _("Agencies")
        COMMUNITY = "community", _("Community")
        UNIVERSITIES = "universities", _("Universities")
        EVERYONE = "everyone", _("Everyone")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=255)
    call = models.TextField(_("the call"))
    audience = models.CharField(
        _("open to"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["deadline"]

    def __str__(self) -> str:
        return self.title

    @property
    def pemda(self):
        return self.problem.pemda
