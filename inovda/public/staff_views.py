"""Staff pages of the public side: propose/approve/withdraw public versions, moderate and
answer citizen proposals. Every object is resolved through the signed-in user."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import bounds
from inovda.innovations.access import innovation_for_user
from inovda.organizations import access as org_access
from inovda.organizations.models import Role

from . import selectors, services
from .forms import (
    AnswerForm,
    MergeForm,
    NoteForm,
    PublicationForm,
    ReportSummaryForm,
    RouteForm,
)
from .models import Proposal, ReportSummary


def _errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def queue(request):
    user = request.user
    return render(
        request,
        "public/staff/queue.html",
        {
            "versions": selectors.versions_to_review(user=user),
            "proposals": selectors.moderation_queue(user=user).select_related("agency")[:200],
        },
    )


@login_required
def propose(request, pk):
    innovation = innovation_for_user(request.user, pk)
    form = PublicationForm(request.POST or None, innovation=innovation)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_propose(
                actor=request.user,
                innovation=innovation,
                data=form.cleaned_data,
                attachments=form.cleaned_data["attachments"],
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The public version waits for the Pemda admin's approval."))
            return redirect(innovation.get_absolute_url())
    return render(
        request,
        "public/staff/propose.html",
        {"innovation": innovation, "form": form, "facts": services.facts_of(innovation)},
    )


@login_required
def version(request, pk):
    item = selectors.version_for_staff(request.user, pk)
    can_review = item.state == item.State.PROPOSED and org_access.has_role(
        request.user, item.pemda_id, Role.PEMDA_ADMIN
    )
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        try:
            if request.POST.get("decision") == "approve":
                services.publication_approve(actor=request.user, version=item)
                messages.success(request, _("Published."))
                return redirect("public:staff_queue")
            if form.is_valid():
                services.publication_refuse(
                    actor=request.user, version=item, note=form.cleaned_data["note"]
                )
                messages.info(request, _("Refused; the agency was told why."))
                return redirect("public:staff_queue")
        except ValidationError as exc:
            _errors(form, exc)
    return render(
        request,
        "public/staff/version.html",
        {
            "v": item,
            "form": form,
            "can_review": can_review,
            "problems": services.personal_data_found(
                {k: getattr(item, k) for k in services.TEXT_FIELDS}
            ),
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    innovation = innovation_for_user(request.user, pk)
    try:
        services.publication_withdraw(
            actor=request.user,
            innovation=innovation,
            reason=request.POST.get("reason", "")[: bounds.NOTE],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Withdrawn: the public page is gone."))
    return redirect(innovation.get_absolute_url())


@login_required
def proposal(request, pk):
    user = request.user
    item = selectors.proposal_for_staff(user, pk)
    is_admin = org_access.has_role(user, item.pemda_id, Role.PEMDA_ADMIN)
    forms = {
        "route": RouteForm(pemda_id=item.pemda_id, prefix="route"),
        "refuse": NoteForm(prefix="refuse"),
        "merge": MergeForm(proposal=item, prefix="merge"),
        "answer": AnswerForm(prefix="answer"),
    }
    base = request.build_absolute_uri("/")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "route" and is_admin:
                form = forms["route"] = RouteForm(
                    request.POST, pemda_id=item.pemda_id, prefix="route"
                )
                if form.is_valid():
                    services.proposal_route(
                        actor=user, proposal=item, agency=form.cleaned_data["agency"], base_url=base
                    )
                    return redirect(request.path)
            elif action == "refuse" and is_admin:
                form = forms["refuse"] = NoteForm(request.POST, prefix="refuse")
                if form.is_valid():
                    services.proposal_refuse(
                        actor=user, proposal=item, reason=form.cleaned_data["note"], base_url=base
                    )
                    return redirect(request.path)
            elif action == "merge" and is_admin:
                form = forms["merge"] = MergeForm(request.POST, proposal=item, prefix="merge")
                if form.is_valid():
                    services.proposal_merge(
                        actor=user,
                        proposal=item,
                        into=form.cleaned_data["into"],
                        reason=form.cleaned_data["note"],
                        base_url=base,
                    )
                    return redirect(request.path)
            elif action == "answer":
                form = forms["answer"] = AnswerForm(request.POST, prefix="answer")
                if form.is_valid():
                    item = services.proposal_answer(
                        actor=user,
                        proposal=item,
                        answer=form.cleaned_data["answer"],
                        register=form.cleaned_data["register"],
                        base_url=base,
                    )
                    if item.innovation_id:
                        return redirect(item.innovation.get_absolute_url())
                    return redirect(request.path)
            elif action == "erase" and is_admin:
                services.proposal_erase_personal_data(actor=user, proposal=item)
                return redirect(request.path)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "public/staff/proposal.html",
        {
            "p": item,
            "forms": forms,
            "is_admin": is_admin,
            "can_answer": services.can_answer(user, item)
            and item.status in (Proposal.Status.ROUTED, Proposal.Status.ANSWERED),
            "overdue": selectors.proposal_overdue(item),
            "steps": selectors.proposal_steps(item),
        },
    )


@login_required
def report_summary(request, pk):
    """Write (the agency) or review (the Pemda admin) the public summary of a report."""
    from inovda.innovations import access as inn_access
    from inovda.innovations.models import ProgressReport

    user = request.user
    try:
        report = ProgressReport.objects.select_related("innovation").get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    innovation = innovation_for_user(user, report.innovation_id)  # 404 outside scope
    summary = ReportSummary.objects.filter(report=report).first()
    can_write = inn_access.can_report(user, innovation)
    can_review = (
        summary is not None
        and summary.state == ReportSummary.State.PROPOSED
        and org_access.has_role(user, innovation.pemda_id, Role.PEMDA_ADMIN)
    )
    form = ReportSummaryForm(initial={"text": summary.text if summary else ""})
    note_form = NoteForm(prefix="review")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose" and can_write:
                form = ReportSummaryForm(request.POST)
                if form.is_valid():
                    services.report_summary_propose(
                        actor=user, report=report, text=form.cleaned_data["text"]
                    )
                    messages.success(
                        request, _("The public summary waits for the Pemda admin's approval.")
                    )
                    return redirect(request.path)
            elif action in ("approve", "refuse") and can_review:
                note_form = NoteForm(request.POST, prefix="review")
                if action == "approve" or note_form.is_valid():
                    services.report_summary_decide(
                        actor=user,
                        summary=summary,
                        approve=action == "approve",
                        note=note_form.cleaned_data.get("note", "") if action == "refuse" else "",
                    )
                    messages.success(request, _("Done."))
                    return redirect(request.path)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            _errors(form if action == "propose" else note_form, exc)
    return render(
        request,
        "public/staff/report_summary.html",
        {
            "report": report,
            "innovation": innovation,
            "summary": summary,
            "form": form,
            "note_form": note_form,
            "can_write": can_write,
            "can_review": can_review,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def proposal_personal_data(request, pk):
    """Export of what the Pemda holds about the proposer (UU 27/2022), for the admin to
    hand over on request."""
    item = selectors.proposal_for_staff(request.user, pk)
    if not org_access.has_role(request.user, item.pemda_id, Role.PEMDA_ADMIN):
        raise Http404
    data = {
        "proposal": str(item.uid),
        "title": item.title,
        "name": item.proposer_name,
        "email": item.proposer_email,
        "submitted_at": item.created_at.isoformat(),
        "confirmed_at": item.confirmed_at.isoformat() if item.confirmed_at else None,
        "erased_at": item.erased_at.isoformat() if item.erased_at else None,
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="usulan-{item.uid}-data-pribadi.json"'
    return response
