"""Accounts: invitations for imported users, the second-factor rule, and the review of
single sign-on enrolments (the only writer of SsoEnrolment; memberships it grants are
written here as the importer writes them, one audit event each)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from inovda.core import audit
from inovda.organizations.models import AGENCY_ROLES, Agency, LocalGovernment, Membership, Role

from .models import SsoEnrolment

INVITATION_SALT = "inovda.accounts.invitation"


# --- invitations -------------------------------------------------------------------------


def _account_state(user) -> str:
    """Changes when the password is set or the user signs in: a used token is dead."""
    last_login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
    return salted_hmac(
        INVITATION_SALT, f"{user.pk}{user.password}{last_login}", algorithm="sha256"
    ).hexdigest()[:20]


def invitation_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _account_state(user)}, salt=INVITATION_SALT)


def invitation_user(token: str):
    """The user a valid, unexpired, unused invitation token belongs to, else None."""
    try:
        data = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.INOVDA_INVITATION_DAYS * 86400
        )
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(data.get("s", ""), _account_state(user)):
        return None
    return user


def site_url(path: str) -> str:
    return settings.INOVDA_SITE_URL.rstrip("/") + path


@transaction.atomic
def invitation_send(*, user, actor) -> bool:
    """E-mail `user` a link to set their first password (valid INOVDA_INVITATION_DAYS).
    False when the user has no e-mail address or already has a password."""
    if not user.email or user.has_usable_password() or not user.is_active:
        return False
    link = site_url(reverse("accounts:invitation", args=[invitation_token(user)]))
    context = {"user": user, "link": link, "days": settings.INOVDA_INVITATION_DAYS}
    subject = _("[Inovda] Your account is ready: set your password")
    body = render_to_string("accounts/invitation_email.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )
    audit.record(actor=actor, verb="invitation_sent", subject=user, target=user.email)
    return True


def members_without_password(pemda):
    """Active members of the Pemda who never signed in and have no password (imported)."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    return (
        get_user_model()
        .objects.filter(
            memberships__pemda=pemda,
            is_active=True,
            last_login__isnull=True,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .distinct()
        .order_by("username")
    )


def invitations_send(*, actor, pemda) -> tuple[int, int]:
    """Invite every member of the Pemda without a password (the Pemda admin or a system
    administrator): (sent, skipped for want of an e-mail address)."""
    from django.core.exceptions import PermissionDenied

    from inovda.organizations import access as org_access

    if not (actor.is_superuser or org_access.has_role(actor, pemda.pk, Role.PEMDA_ADMIN)):
        raise PermissionDenied(_("Only the Pemda admin invites its users."))
    sent = skipped = 0
    for user in members_without_password(pemda):
        if invitation_send(user=user, actor=actor):
            sent += 1
        else:
            skipped += 1
    return sent, skipped


@transaction.atomic
def invitation_accept(*, user, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=user, verb="invitation_accepted", subject=user)


# --- second factor ------------------------------------------------------------------------


def needs_second_factor(user) -> bool:
    """Pemda admins and system administrators sign in with a TOTP code as well."""
    if not settings.INOVDA_REQUIRE_2FA or not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.is_staff
        or Membership.objects.filter(user=user, role=Role.PEMDA_ADMIN).exists()
    )


# --- single sign-on ------------------------------------------------------------------------


def proposed_membership(claims: dict) -> dict:
    """Pemda (by its code), agency (by short name or name, in that Pemda) and role asked for
    by the identity provider's claims (names in INOVDA_OIDC_CLAIMS)."""
    names = settings.INOVDA_OIDC_CLAIMS
    pemda = LocalGovernment.objects.filter(code=str(claims.get(names["pemda"], ""))).first()
    agency = None
    wanted = str(claims.get(names["agency"], "")).strip()
    if pemda and wanted:
        agencies = Agency.objects.filter(pemda=pemda)
        agency = (
            agencies.filter(short_name__iexact=wanted).first()
            or agencies.filter(name__iexact=wanted).first()
        )
    role = str(claims.get(names["role"], ""))
    return {"pemda": pemda, "agency": agency, "role": role if role in Role.values else ""}


@transaction.atomic
def sso_enrolment_sync(*, user, issuer: str, claims: dict) -> SsoEnrolment:
    """Record (or refresh, while pending) what the provider says about this account."""
    proposal = proposed_membership(claims)
    enrolment, created = SsoEnrolment.objects.get_or_create(
        user=user, defaults={"issuer": issuer, "subject": claims["sub"], "claims": claims}
    )
    if created or enrolment.status == SsoEnrolment.Status.PENDING:
        enrolment.claims = claims
        for field, value in proposal.items():
            setattr(enrolment, field, value)
        enrolment.save()
    if created:
        audit.record(
            actor=user,
            verb="sso_enrolled",
            subject=enrolment,
            pemda=enrolment.pemda,
            target=f"{issuer} {claims['sub']}",
        )
    return enrolment


def enrolments_for_user(user):
    """The enrolments an administrator may review: all for a system administrator, those
    asking for their Pemda for a Pemda admin."""
    queryset = SsoEnrolment.objects.select_related("user", "pemda", "agency")
    if user.is_superuser:
        return queryset
    admin_of = Membership.objects.filter(user=user, role=Role.PEMDA_ADMIN).values("pemda")
    return queryset.filter(pemda__in=admin_of)


@transaction.atomic
def sso_enrolment_approve(*, enrolment: SsoEnrolment, actor) -> Membership:
    """Grant the membership the claims asked for (as corrected by the reviewer)."""
    if enrolment.pemda is None or not enrolment.role:
        raise ValueError(_("Choose the Pemda and the role before approving."))
    if enrolment.role in AGENCY_ROLES and enrolment.agency is None:
        raise ValueError(_("This role needs an agency."))
    agency = enrolment.agency if enrolment.role in AGENCY_ROLES else None
    membership, _created = Membership.objects.get_or_create(
        user=enrolment.user, pemda=enrolment.pemda, agency=agency, role=enrolment.role
    )
    enrolment.status = SsoEnrolment.Status.APPROVED
    enrolment.decided_by, enrolment.decided_at = actor, timezone.now()
    enrolment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="sso_approved",
        subject=enrolment,
        pemda=enrolment.pemda,
        target=str(membership),
    )
    return membership


@transaction.atomic
def sso_enrolment_reject(*, enrolment: SsoEnrolment, actor) -> None:
    """Refuse the account: it is deactivated and can no longer sign in."""
    enrolment.status = SsoEnrolment.Status.REJECTED
    enrolment.decided_by, enrolment.decided_at = actor, timezone.now()
    enrolment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    enrolment.user.is_active = False
    enrolment.user.save(update_fields=["is_active"])
    audit.record(actor=actor, verb="sso_rejected", subject=enrolment, pemda=enrolment.pemda)


def reviews_enrolments(user) -> bool:
    return user.is_superuser or Membership.objects.filter(user=user, role=Role.PEMDA_ADMIN).exists()


@transaction.atomic
def second_factor_enrolled(*, user, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=user, verb="second_factor_enrolled", subject=user)


def second_factor_device(*, user):
    """The authenticator being set up (unconfirmed until the first right code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name="Inovda")
