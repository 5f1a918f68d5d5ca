"""Accounts a Pemda runs: single sign-on enrolments waiting for an administrator's review.

Password reset, invitations and the TOTP second factor keep no rows of their own: tokens
are signed (they expire and die with the password they replace) and TOTP devices are
django-otp's.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import TimeStampedModel
from inovda.organizations.models import Agency, LocalGovernment, Role


class SsoEnrolment(TimeStampedModel):
    """An account made by OpenID Connect sign-in: the identity provider's subject and the
    Pemda/agency/role its claims ask for, which an administrator approves (a membership is
    then granted) or rejects. Until then the account sees nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_enrolment"
    )
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    claims = models.JSONField(_("claims"), default=dict)
    pemda = models.ForeignKey(
        LocalGovernment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_enrolment_subject")
        ]
        ordering = ["-created_at"]
        verbose_name = _("single sign-on enrolment")
        verbose_name_plural = _("single sign-on enrolments")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"
