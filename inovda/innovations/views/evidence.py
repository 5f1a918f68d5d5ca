"""Evidence claims on the innovation page (thin: resolve, call the service, go back)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import innovation_for_user, innovations_for_user
from ..models import EvidenceClaim
from .common import run_service

__all__ = ["evidence_add", "evidence_decide"]


@login_required
@require_POST
def evidence_add(request, pk):
    innovation = innovation_for_user(request.user, pk)
    try:
        level = int(request.POST.get("level", ""))
    except ValueError:
        level = 0
    run_service(
        request,
        services.evidence_claim_add,
        _("Evidence recorded; it counts once confirmed."),
        innovation=innovation,
        level=level,
        kind=request.POST.get("kind", ""),
        description=request.POST.get("description", "").strip(),
        link=request.POST.get("link", "").strip(),
    )
    return redirect(innovation.get_absolute_url() + "#evidence")


@login_required
@require_POST
def evidence_decide(request, pk):
    claim = EvidenceClaim.objects.filter(
        pk=pk, innovation__in=innovations_for_user(request.user)
    ).first()
    if claim is None:
        raise Http404
    run_service(
        request,
        services.evidence_decide,
        _("Evidence assessed."),
        claim=claim,
        confirm=request.POST.get("confirm") == "1",
        note=request.POST.get("note", "").strip()[:300],
    )
    return redirect(claim.innovation.get_absolute_url() + "#evidence")
