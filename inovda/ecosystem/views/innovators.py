"""F1: innovator profiles, training, recognition, time allotted; totals per agency."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import files
from inovda.core.audit import timeline
from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access
from inovda.organizations.figures import paginate, query_without_page

from .. import access, selectors, services
from ..forms import (
    InnovatorForm,
    RecognitionForm,
    TeamForm,
    TimeForm,
    TrainingForm,
)
from ..models import Innovator, Recognition
from .common import current_pemda, int_param, submit, year_param


@login_required
def innovator_list(request):
    user = request.user
    year = year_param(request)
    agency = int_param(request, "agency")
    q = request.GET.get("q", "").strip()
    rows, total = selectors.capability_totals(user=user, year=year)
    context = {
        "year": year,
        "years": selectors.years_back(),
        "rows": rows,
        "total": total,
        "agency": agency,
        "agencies": org_access.agencies_for_user(user)
        .filter(pk__in=access.innovators_for_user(user).values("agency_id"))
        .order_by("name"),
        "q": q,
        "page": paginate(request, selectors.innovator_list(user=user, agency=agency, q=q)),
        "query": query_without_page(request),
        "spd12": selectors.spd12_level(user=user, year=year),
        "can_create": access.agencies_user_manages(user).exists()
        or access.can_manage_innovators(user, current_pemda(request).pk),
    }
    return render(request, "ecosystem/innovator_list.html", context)


def _innovator(request, pk) -> Innovator:
    return access.get_for_user(
        access.innovators_for_user(request.user).select_related("agency", "pemda", "user"), pk
    )


@login_required
def innovator_create(request):
    pemda = current_pemda(request)
    agencies = access.agencies_user_manages(request.user, pemda.pk)
    if not agencies.exists():
        access.require_manage_innovators(request.user, pemda.pk)
    form = InnovatorForm(request.POST or None, agencies=agencies)
    if (
        form.is_bound
        and form.is_valid()
        and not form.cleaned_data["agency"]
        and not access.can_manage_innovators(request.user, pemda.pk)
    ):
        form.add_error("agency", _("Choose an agency you keep profiles for."))
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.innovator_save(
            actor=request.user, pemda=pemda, data=form.service_data()
        ),
        _("The profile was saved."),
    ):
        return redirect(form.saved)
    context = {"form": form, "title": _("New innovator profile")}
    return render(
        request, "ecosystem/innovator_form.html", context, status=400 if form.errors else 200
    )


@login_required
def innovator_edit(request, pk):
    innovator = _innovator(request, pk)
    access.require_manage_innovators(request.user, innovator.pemda_id, innovator.agency_id)
    agencies = access.agencies_user_manages(request.user, innovator.pemda_id)
    form = InnovatorForm(request.POST or None, instance=innovator, agencies=agencies)
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.innovator_save(
            actor=request.user,
            pemda=innovator.pemda,
            innovator=innovator,
            data=form.service_data(),
        ),
        _("The profile was saved."),
    ):
        return redirect(innovator)
    context = {"form": form, "title": _("Edit innovator profile"), "innovator": innovator}
    return render(
        request, "ecosystem/innovator_form.html", context, status=400 if form.errors else 200
    )


def _detail(request, innovator, bound=None, status=200):
    user = request.user
    bound = bound or {}
    can_manage = access.can_manage_innovators(user, innovator.pemda_id, innovator.agency_id)
    visible = innovations_for_user(user)
    context = {
        "innovator": innovator,
        "can_manage": can_manage,
        "teams": innovator.teams.filter(innovation__in=visible).select_related("innovation"),
        "trainings": innovator.trainings.all(),
        "recognitions": innovator.recognitions.all(),
        "allotments": innovator.allotments.all(),
        "training_form": bound.get("training") or TrainingForm(prefix="training"),
        "recognition_form": bound.get("recognition") or RecognitionForm(prefix="recognition"),
        "time_form": bound.get("time")
        or TimeForm(prefix="time", initial={"year": timezone.localdate().year}),
        "team_form": bound.get("team")
        or TeamForm(prefix="team", innovations=visible.filter(pemda_id=innovator.pemda_id)),
        "timeline": _timeline(innovator, visible),
    }
    return render(request, "ecosystem/innovator_detail.html", context, status=status)


def _timeline(innovator, visible):
    """The profile's events without the joins to innovations the viewer may not see (a
    draft's name never reaches leadership, verifiers or other agencies this way)."""
    hidden = set(
        Innovation.objects.filter(pemda_id=innovator.pemda_id)
        .exclude(pk__in=visible.values("pk"))
        .values_list("name", flat=True)
    )
    return [
        event
        for event in timeline(innovator)[:50]
        if not (
            event.verb == "team_joined"
            and any(event.target_repr.startswith(f"{name} (") for name in hidden)
        )
    ]


@login_required
def innovator_detail(request, pk):
    return _detail(request, _innovator(request, pk))


def _add(request, pk, key, form, call, done):
    innovator = _innovator(request, pk)
    if submit(request, form, lambda data: call(innovator, form), done):
        return redirect(innovator)
    return _detail(request, innovator, {key: form}, status=400)


@login_required
@require_POST
def training_add(request, pk):
    return _add(
        request,
        pk,
        "training",
        TrainingForm(request.POST, prefix="training"),
        lambda i, f: services.training_add(actor=request.user, innovator=i, data=f.service_data()),
        _("The training was recorded."),
    )


@login_required
@require_POST
def recognition_add(request, pk):
    return _add(
        request,
        pk,
        "recognition",
        RecognitionForm(request.POST, request.FILES, prefix="recognition"),
        lambda i, f: services.recognition_add(
            actor=request.user,
            innovator=i,
            data=f.service_data(),
            upload=f.cleaned_data.get("file"),
        ),
        _("The recognition was recorded."),
    )


@login_required
@require_POST
def time_allot(request, pk):
    return _add(
        request,
        pk,
        "time",
        TimeForm(request.POST, prefix="time"),
        lambda i, f: services.time_allot(actor=request.user, innovator=i, **f.cleaned_data),
        _("The time allotted was recorded."),
    )


@login_required
@require_POST
def team_add(request, pk):
    innovator = _innovator(request, pk)
    innovations = innovations_for_user(request.user).filter(pemda_id=innovator.pemda_id)
    return _add(
        request,
        pk,
        "team",
        TeamForm(request.POST, prefix="team", innovations=innovations),
        lambda i, f: services.team_member_add(actor=request.user, innovator=i, **f.cleaned_data),
        _("The innovation was added to the profile."),
    )


@login_required
def recognition_evidence(request, pk):
    recognition = access.get_for_user(
        Recognition.objects.filter(innovator__in=access.innovators_for_user(request.user)), pk
    )
    return files.serve(
        recognition.evidence,
        filename=recognition.evidence_name,
        content_type=recognition.evidence_type,
    )
