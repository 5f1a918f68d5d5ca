"""Small helpers shared by the ecosystem views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core.params import query_int
from inovda.core.versioning import StaleVersion
from inovda.organizations import access as org_access

from ..forms import apply_errors


def current_pemda(request):
    """The Pemda the page is about: ?pemda=<id> among those the user reads, else the
    user's own Pemda (`home_pemda_id`)."""
    pemdas = org_access.pemdas_for_user(request.user)
    wanted = request.GET.get("pemda")
    if wanted:
        try:
            return pemdas.get(pk=query_int(wanted, 0, minimum=0))
        except pemdas.model.DoesNotExist:
            raise Http404 from None
    home = org_access.home_pemda_id(request.user)
    pemda = pemdas.filter(pk=home).first() if home else pemdas.first()
    if pemda is None:
        raise PermissionDenied(_("You have no role in any Pemda yet."))
    return pemda


def year_param(request, name: str = "year") -> int:
    today = timezone.localdate()
    return query_int(request.GET.get(name), today.year, minimum=2000, maximum=today.year + 5)


def int_param(request, name: str) -> int | None:
    return query_int(request.GET.get(name))


def submit(request, form, call, done) -> bool:
    """Validate `form` and pass its data to `call` (a service call). True when saved: the
    result is kept as `form.saved` and `done` (a text, or a function of the result) is
    shown. False with the service's errors on the form, to show it again as typed."""
    if not form.is_valid():
        return False
    try:
        form.saved = call(form.cleaned_data)
    except StaleVersion as exc:
        if not form.stale(exc):  # True: a double submission, already saved as sent
            return False
        form.saved = exc.current
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    messages.success(request, done(form.saved) if callable(done) else done)
    return True


def act(request, call, done: str) -> None:
    """A one-button action (no form): run it, then say what happened or why it could not."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
