"""Sign-in throttling on top of django-axes (which locks one account from one address after
AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME; never an address alone):

- a **progressive delay** per account and address: from the INOVDA_LOGIN_DELAY_AFTER-th
  failure on, the next attempt is accepted only after 1, 2, 4, 8 … seconds (at most
  INOVDA_LOGIN_DELAY_MAX). An attempt inside the delay is refused without checking the
  password — the server never sleeps, so a guesser cannot tie up the workers — and the
  page says how long to wait. Colleagues behind the same address are not delayed.
- **audit**: each sign-in and sign-out, each failure on an existing account (not while it
  is locked or delayed, so a script hammering a locked account does not flood the log),
  each lock-out and each lift is an AuditEvent on the user, with the address.
- **lifting**: a Pemda admin sees the lock-outs and delays of their Pemda's members at
  `/accounts/lockouts/` and lifts them (system administrators: every account, also in
  /admin/ → Axes).
"""

from __future__ import annotations

import datetime

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit
from inovda.core.desk import DeskLine


def delay_seconds(failures: int) -> int:
    """How long after the last failure the next attempt is accepted."""
    after = settings.INOVDA_LOGIN_DELAY_AFTER
    if failures < after:
        return 0
    return min(2 ** (failures - after), settings.INOVDA_LOGIN_DELAY_MAX)


def _attempt(request, username: str) -> AccessAttempt | None:
    return (
        AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
        .order_by("-attempt_time")
        .first()
    )


def seconds_to_wait(request, username: str) -> int:
    attempt = _attempt(request, username)
    if attempt is None:
        return 0
    ready = attempt.attempt_time + datetime.timedelta(
        seconds=delay_seconds(attempt.failures_since_start)
    )
    left = (ready - timezone.now()).total_seconds()
    return max(0, int(left + 0.999))


class ProgressiveDelayBackend:
    """Listed after Axes' backend: refuses an attempt that comes too early (see above).
    It has no `get_user` on purpose: it never signs anyone in, and `force_login` or a
    session must not pick it as the user's backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username or not settings.AXES_ENABLED:
            return None
        wait = seconds_to_wait(request, username)
        if wait:
            request.inovda_login_wait = wait
            if not request.path.startswith("/api/") and hasattr(request, "_messages"):
                messages.error(
                    request,
                    _(
                        "Too many failed sign-ins for this account from your connection: "
                        "wait %(s)d seconds, then try again."
                    )
                    % {"s": wait},
                )
            raise PermissionDenied
        return None


def _user(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "axes_locked_out", False):
        return
    if getattr(request, "inovda_login_wait", 0):
        return
    user = _user(credentials.get("username"))
    if user is None:
        return
    with transaction.atomic():
        audit.record(
            actor=None,
            verb="login_failed",
            subject=user,
            target=get_client_ip_address(request) or "",
        )


def on_logged_in(sender, request=None, user=None, **kwargs):
    if user is None or request is None:
        return
    with transaction.atomic():
        audit.record(
            actor=user, verb="login", subject=user, target=get_client_ip_address(request) or ""
        )


def on_logged_out(sender, request=None, user=None, **kwargs):
    if user is None or request is None:
        return
    with transaction.atomic():
        audit.record(
            actor=user, verb="logout", subject=user, target=get_client_ip_address(request) or ""
        )


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    user = _user(username)
    if user is None:
        return
    with transaction.atomic():
        audit.record(actor=None, verb="login_locked_out", subject=user, target=ip_address or "")


# --- Lock-outs seen and lifted by administrators -------------------------------------------


def administers_accounts(user) -> bool:
    """Who sees and lifts lock-outs: system administrators and Pemda admins."""
    from inovda.organizations import access
    from inovda.organizations.models import Role

    if getattr(user, "is_superuser", False):
        return True
    return bool(access.pemda_ids_with_role(user, Role.PEMDA_ADMIN))


def attempts_for_admin(user):
    """Failed-sign-in records (lock-outs and delays) of the accounts the user administers:
    every one for a system administrator, the members of their Pemda for a Pemda admin."""
    from inovda.organizations import access
    from inovda.organizations.models import Membership, Role

    attempts = AccessAttempt.objects.order_by("-attempt_time")
    if user.is_superuser:
        return attempts
    pemdas = access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    usernames = Membership.objects.filter(pemda_id__in=pemdas).values("user__username")
    return attempts.filter(username__in=usernames)


def is_locked(attempt: AccessAttempt) -> bool:
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT and (
        attempt.attempt_time + settings.AXES_COOLOFF_TIME > timezone.now()
    )


def desk_lines(user):
    """The admin's desk: accounts locked out now among those the admin administers (the
    panel appears only when one is; one COUNT, and only for admins)."""
    if not administers_accounts(user):
        return None
    locked = (
        attempts_for_admin(user)
        .filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME,
        )
        .count()
    )
    if not locked:
        return None
    return [
        DeskLine(
            _("Accounts locked out after failed sign-ins"),
            locked,
            reverse("accounts:lockouts"),
            tone="danger",
        )
    ]


@transaction.atomic
def lockout_lift(*, actor, attempt: AccessAttempt) -> None:
    """Forget the failures of one account from one address (lifts a lock-out or a delay)."""
    user = _user(attempt.username)
    target = f"{attempt.username} @ {attempt.ip_address}"
    if user is not None:
        audit.record(
            actor=actor,
            verb="login_lockout_lifted",
            subject=user,
            target=target,
            changes={"failures": {"before": attempt.failures_since_start, "after": 0}},
        )
    attempt.delete()
