from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from inovda.innovations.access import can_create, can_edit, innovations_for_user
from inovda.innovations.models import Innovation
from inovda.innovations.selectors import innovation_counts_by_status
from inovda.organizations import access


@login_required
def home(request):
    user = request.user
    visible = innovations_for_user(user).select_related("agency")
    own_agencies = access.agency_ids_with_role(user, *access.AGENCY_ROLES)
    my_work = [
        inn
        for inn in visible.filter(
            status__in=[Innovation.Status.DRAFT, Innovation.Status.NEEDS_REVISION]
        ).order_by("-updated_at")[:50]
        if can_edit(user, inn)
    ][:10]
    context = {
        "memberships": access.memberships(user),
        "counts": innovation_counts_by_status(user=user),
        "total": visible.count(),
        "my_work": my_work,
        "recent": visible.order_by("-updated_at")[:8],
        "own_agency_count": visible.filter(agency_id__in=own_agencies).count()
        if own_agencies
        else None,
        "can_create": can_create(user),
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
