from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .desk import desk_for
from .extensions import home_panels_for


@login_required
def home(request):
    """The home page: the user's desk (what waits for them, `desk.register`), then each
    app's blocks (`extensions.home_panel`), in order."""
    desk = desk_for(request.user)
    context = {
        "desk": desk,
        "desk_waiting": sum(p.waiting for p in desk),
        "desk_work": [p for p in desk if not p.figures],
        "desk_figures": [p for p in desk if p.figures],
        "panels": home_panels_for(request),
    }
    return render(request, "core/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def notification_list(request):
    from django.core.paginator import Paginator

    from .notifications import notifications_for

    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one notification read and follow its link."""
    from django.shortcuts import get_object_or_404, redirect

    from .notifications import notification_mark_read, notifications_for

    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    if request.method == "POST":
        notification_mark_read(actor=request.user, notification=notification)
    target = notification.link if notification.link.startswith("/") else ""
    return redirect(target or "notifications")


@login_required
def notification_settings(request):
    """The person's own notification setting: e-mail on or off (in-app always)."""
    from django import forms
    from django.contrib import messages
    from django.shortcuts import redirect

    from .notifications import email_setting_set, wants_email

    class SettingForm(forms.Form):
        email = forms.BooleanField(
            label=_("Also send my notifications by e-mail"),
            required=False,
            help_text=_(
                "In-app notifications always appear here and on the bell; this only "
                "switches off the e-mail copy."
            ),
        )

    if request.method == "POST":
        form = SettingForm(request.POST)
        if form.is_valid():
            email_setting_set(actor=request.user, email=form.cleaned_data["email"])
            messages.success(request, _("Your notification setting was saved."))
            return redirect("notification_settings")
    else:
        form = SettingForm(initial={"email": wants_email(request.user)})
    context = {"form": form, "address": request.user.email}
    return render(request, "core/notification_settings.html", context)


@login_required
def notifications_read_all(request):
    from django.shortcuts import redirect

    from .notifications import notifications_mark_all_read

    if request.method == "POST":
        notifications_mark_all_read(actor=request.user)
    return redirect("notifications")


def not_found(request, exception):
    """404: the page for people, JSON for API clients (the OpenAPI document promises it)."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def bad_request(request, exception=None):
    """400, and 413 for a request larger than DATA_UPLOAD_MAX_MEMORY_SIZE: a page that says
    what happened and that the browser's Back button brings the typed form back; JSON for
    the API (never a bare 400)."""
    too_big = isinstance(exception, RequestDataTooBig)
    status = 413 if too_big else 400
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    if too_big:
        message = _(
            "What you sent is larger than %(mb)d MB, so nothing was saved. Go back: your "
            "browser still has what you typed. Shorten the text or attach long documents "
            "as files."
        ) % {"mb": limit_mb}
    else:
        message = _("The request could not be understood, so nothing was saved.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)
