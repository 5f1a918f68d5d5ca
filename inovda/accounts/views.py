import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from inovda.core.params import next_url

from . import services
from .forms import TokenForm
from .models import SsoEnrolment

WRONG = gettext_lazy("The code is wrong or has expired. Try the current one.")
THROTTLED = gettext_lazy("Too many wrong codes: wait a few seconds, then enter the current one.")


def invitation(request, token):
    """An imported user's first visit: set a password with the link from the invitation."""
    user = services.invitation_user(token)
    if user is None:
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome to Inovda."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/invitation.html", {"form": form, "invited": user})


def _qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI as an SVG QR code, drawn here (nothing is fetched or sent out)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


@login_required
def two_factor(request):
    """Enrol a TOTP authenticator (QR code) or, when one is confirmed, verify a code."""
    user = request.user
    confirmed = list(devices_for_user(user, confirmed=True))
    form = TokenForm(request.POST or None)
    if confirmed:
        if request.method == "POST" and form.is_valid():
            if not all(d.verify_is_allowed()[0] for d in confirmed):
                form.add_error("token", THROTTLED)
            elif (device := match_token(user, form.cleaned_data["token"])) is not None:
                otp_login(request, device)
                return redirect(next_url(request, settings.LOGIN_REDIRECT_URL))
            else:
                form.add_error("token", WRONG)
        return render(request, "accounts/two_factor_verify.html", {"form": form})
    device = services.second_factor_device(user=user)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", THROTTLED)
        elif device.verify_token(form.cleaned_data["token"]):
            services.second_factor_enrolled(user=user, device=device)
            otp_login(request, device)
            messages.success(request, _("Your authenticator is set up."))
            return redirect(next_url(request, settings.LOGIN_REDIRECT_URL))
        else:
            form.add_error("token", WRONG)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {"form": form, "qr": _qr_data_uri(device), "secret": secret},
    )


@login_required
def sso_pending(request):
    enrolment = SsoEnrolment.objects.filter(user=request.user).first()
    return render(request, "accounts/sso_pending.html", {"enrolment": enrolment})


@login_required
def sso_review(request):
    """New single sign-on accounts of the admin's Pemda, to approve or reject."""
    enrolments = services.enrolments_for_user(request.user)
    if not request.user.is_superuser and not services.reviews_enrolments(request.user):
        raise Http404
    return render(
        request,
        "accounts/sso_review.html",
        {
            "pending": enrolments.filter(status=SsoEnrolment.Status.PENDING),
            "decided": enrolments.exclude(status=SsoEnrolment.Status.PENDING)[:50],
        },
    )


@login_required
@require_POST
def sso_decide(request, pk, approve):
    enrolment = get_object_or_404(services.enrolments_for_user(request.user), pk=pk)
    if enrolment.status != SsoEnrolment.Status.PENDING:
        messages.info(request, _("This account was already reviewed."))
    elif approve:
        try:
            services.sso_enrolment_approve(enrolment=enrolment, actor=request.user)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(user)s may now sign in.") % {"user": enrolment.user})
    else:
        services.sso_enrolment_reject(enrolment=enrolment, actor=request.user)
        messages.success(request, _("%(user)s was rejected.") % {"user": enrolment.user})
    return redirect("accounts:sso_review")


# --- Sign-in lock-outs ----------------------------------------------------------------------


def _require_account_admin(user) -> None:
    from . import throttling

    if not throttling.administers_accounts(user):
        raise Http404


@login_required
def lockouts(request):
    """Failed sign-ins of the accounts the admin administers: lock-outs and delays."""
    from . import throttling

    _require_account_admin(request.user)
    attempts = list(throttling.attempts_for_admin(request.user)[:200])
    for attempt in attempts:
        attempt.locked = throttling.is_locked(attempt)
    return render(
        request,
        "accounts/lockouts.html",
        {"attempts": attempts, "limit": settings.AXES_FAILURE_LIMIT},
    )


@login_required
@require_POST
def lockout_lift(request, pk):
    from . import throttling

    _require_account_admin(request.user)
    attempt = get_object_or_404(throttling.attempts_for_admin(request.user), pk=pk)
    throttling.lockout_lift(actor=request.user, attempt=attempt)
    messages.success(
        request,
        _("%(user)s may sign in again from %(ip)s.")
        % {"user": attempt.username, "ip": attempt.ip_address},
    )
    return redirect("accounts:lockouts")
