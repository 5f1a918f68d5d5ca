from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import TimeStampedModel
from inovda.core.validators import no_bidi_controls


class LocalGovernment(models.Model):
    """A Pemda: provinsi, kabupaten or kota (Kepmendagri code)."""

    class Kind(models.TextChoices):
        PROVINCE = "provinsi", _("Province")
        REGENCY = "kabupaten", _("Regency")
        CITY = "kota", _("City")

    code = models.CharField(_("Kepmendagri code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("province"),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")

    def __str__(self) -> str:
        return self.name


class GovernmentAffair(models.Model):
    """Urusan pemerintahan (UU 23/2014, Permendagri 90/2019 codes)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=100)
    is_basic_service = models.BooleanField(_("basic service (pelayanan dasar)"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("government affair")
        verbose_name_plural = _("government affairs")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Agency(TimeStampedModel):
    """A perangkat daerah."""

    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas (office)")
        BADAN = "badan", _("Badan (agency)")
        BAGIAN = "bagian", _("Bagian / secretariat")
        INSPEKTORAT = "inspektorat", _("Inspectorate")
        KECAMATAN = "kecamatan", _("Kecamatan (district)")
        KELURAHAN = "kelurahan", _("Kelurahan (urban village)")
        RSUD = "rsud", _("Regional hospital (RSUD)")
        PUSKESMAS = "puskesmas", _("Puskesmas (health centre)")
        UPT = "upt", _("Technical unit (UPT)")
        OTHER = "other", _("Other")

    pemda = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("Pemda")
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_bidi_controls])
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pemda", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "name"], name="agency_unique_name_per_pemda")
        ]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    PEMDA_ADMIN = "pemda_admin", _("Pemda admin (Bapperida/BRIDA)")
    OPERATOR = "operator", _("Agency operator")
    INNOVATOR = "innovator", _("Innovator")
    VERIFIER = "verifier", _("Verifier")
    CHANGE_AGENT = "change_agent", _("Change agent")
    INNOVATION_UNIT = "innovation_unit", _("Innovation unit")
    LEADERSHIP = "leadership", _("Leadership (read-all)")


# Roles whose scope is one agency; the others see across the Pemda's agencies.
AGENCY_ROLES = frozenset({Role.OPERATOR, Role.INNOVATOR})
PEMDA_ROLES = frozenset(set(Role) - AGENCY_ROLES)
# The roles that steer a Pemda's innovation work across agencies: feasibility reviews,
# change agents, the barrier queue, innovator profiles, the knowledge it curates.
STEERING_ROLES = frozenset({Role.PEMDA_ADMIN, Role.INNOVATION_UNIT})


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    pemda = models.ForeignKey(LocalGovernment, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Required for operators and innovators."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "pemda", "agency", "role"], name="membership_unique"
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        where = self.agency or self.pemda
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("This role needs an agency.")})
        if self.agency_id and self.agency.pemda_id != self.pemda_id:
            raise ValidationError({"agency": _("The agency belongs to another Pemda.")})
