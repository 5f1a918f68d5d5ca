from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from .extensions import home_panels_for


@login_required
def home(request):
    """The home page: each app's blocks (`extensions.home_panel`), in order."""
    return render(request, "core/home.html", {"panels": home_panels_for(request)})


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
def notifications_read_all(request):
    from django.shortcuts import redirect

    from .notifications import notifications_mark_all_read

    if request.method == "POST":
        notifications_mark_all_read(actor=request.user)
    return redirect("notifications")
