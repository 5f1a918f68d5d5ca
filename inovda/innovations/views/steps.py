"""Lifecycle pages: one page per step (its form), the review panel and the trial report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.organizations.models import Role

from .. import access, lifecycle, services
from ..forms import PanelMemberForm, RecommendationForm, StepForm, TrialReportForm
from ..models import PanelMember
from .common import form_page

__all__ = ["innovation_step", "panel_member_add", "panel_recommendation", "trial_report"]


def _form_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def innovation_step(request, pk, name):
    innovation = access.innovation_for_user(request.user, pk)
    try:
        transition = lifecycle.TRANSITIONS[name]
    except KeyError:
        raise Http404 from None
    access.require_step(request.user, innovation, transition)
    initial = {
        "planned_start": innovation.trial_start,
        "planned_end": innovation.trial_end,
        "actual_start": timezone.localdate(),
        "implementation_start": timezone.localdate(),
    }
    form = StepForm(
        request.POST or None,
        request.FILES or None,
        transition=transition,
        innovation=innovation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.innovation_transition(
                actor=request.user, innovation=innovation, name=name, data=form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
            return redirect(innovation)
    blocked = [p for check in transition.checks for p in check(innovation, None)]
    if innovation.status not in transition.sources:
        blocked.insert(
            0,
            _("This step is not possible from the status “%(status)s”.")
            % {"status": innovation.get_status_display()},
        )
    return render(
        request,
        "innovations/step.html",
        {"innovation": innovation, "transition": transition, "form": form, "blocked": blocked},
        status=400 if form.errors else 200,
    )


def _panel_users(innovation):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__pemda_id=innovation.pemda_id)
        .exclude(memberships__role__in=[Role.OPERATOR, Role.INNOVATOR])
        .distinct()
        .order_by("first_name", "username")
    )


@login_required
@require_POST
def panel_member_add(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    form = PanelMemberForm(request.POST, users=_panel_users(innovation))
    if form.is_valid():
        try:
            services.panel_member_add(
                actor=request.user, innovation=innovation, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The panel member was added."))
    else:
        messages.error(request, _("Give the member's name and kind."))
    return redirect(f"{innovation.get_absolute_url()}#lifecycle")


@login_required
@require_POST
def panel_recommendation(request, pk, member_pk):
    innovation = access.innovation_for_user(request.user, pk)
    member = get_object_or_404(PanelMember, pk=member_pk, review__innovation=innovation)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.panel_recommendation_record(
                actor=request.user,
                member=member,
                recommendation=form.cleaned_data["recommendation"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The recommendation was recorded."))
    return redirect(f"{innovation.get_absolute_url()}#lifecycle")


@login_required
def trial_report(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    access.require_report(request.user, innovation)
    form = TrialReportForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "actual_end": innovation.trial_actual_end or timezone.localdate(),
            "report": innovation.trial_report,
        },
    )
    return form_page(
        request,
        innovation,
        form,
        title=_("Trial report"),
        intro=_(
            "Record when the trial (uji coba) ended and what it showed. Implementation "
            "needs this report."
        ),
        save=lambda data: services.trial_report_save(
            actor=request.user,
            innovation=innovation,
            actual_end=data["actual_end"],
            report=data["report"],
            upload=data["file"],
        ),
        anchor="#lifecycle",
        multipart=True,
        done=_("The trial report was recorded."),
    )
