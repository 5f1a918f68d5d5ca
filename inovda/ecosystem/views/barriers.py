"""F2: the barrier register, the innovation unit's board and queue, and precedents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import formats
from inovda.core.audit import timeline
from inovda.core.params import query_int
from inovda.innovations.access import innovation_for_user
from inovda.organizations import access as org_access
from inovda.organizations.figures import for_viewer as figures
from inovda.organizations.figures import paginate, query_without_page

from .. import access, conf, selectors, services
from ..forms import (
    AssignForm,
    BarrierFilterForm,
    BarrierForm,
    CommentForm,
    EscalateForm,
    ReasonForm,
    ResolveForm,
)
from ..models import Barrier
from .common import act, submit


def barrier_filters(request) -> tuple[BarrierFilterForm, selectors.BarrierFilters]:
    """The list's filters from the query string (the page and its export use this)."""
    form = BarrierFilterForm(
        request.GET or None, agencies=org_access.agencies_for_user(request.user)
    )
    filters = selectors.BarrierFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.BarrierFilters(
            q=data["q"].strip(),
            kind=data["kind"],
            status=data["status"],
            agency=data["agency"].pk if data["agency"] else None,
            overdue=data["overdue"],
            mine=data["mine"],
        )
    return form, filters


@login_required
def barrier_list(request):
    user = request.user
    form, filters = barrier_filters(request)
    page = paginate(request, selectors.barrier_list(user=user, filters=filters))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "board": figures(
            request, "board", lambda: selectors.barrier_board(user=user, agency=filters.agency)
        ),
        "works_queue": access.works_barrier_queue(user),
        "sla_days": conf.get("BARRIER_SLA_DAYS"),
        "kind_labels": dict(Barrier.Kind.choices),
    }
    template = "ecosystem/_barrier_results.html" if request.htmx else "ecosystem/barrier_list.html"
    return render(request, template, context)


def _suggestions(request, data, exclude=None):
    text = f"{data.get('title', '')} {data.get('description', '')}"
    if not text.strip():
        return []
    return selectors.precedent_suggestions(
        user=request.user, kind=data.get("kind", ""), text=text, exclude=exclude
    )


@login_required
def barrier_create(request, pk):
    innovation = innovation_for_user(request.user, pk)
    access.require_raise_barrier(request.user, innovation)
    precedents = selectors.precedents_for_user(request.user)
    form = BarrierForm(request.POST or None, precedents=precedents)
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.barrier_raise(
            actor=request.user, innovation=innovation, data=form.service_data()
        ),
        lambda barrier: (
            _("The barrier was raised; the innovation unit will answer by %(date)s.")
            % {"date": formats.long_date(barrier.due_on)}
        ),
    ):
        return redirect(form.saved)
    context = {
        "form": form,
        "innovation": innovation,
        "suggestions": _suggestions(request, request.POST) if form.is_bound else [],
        "sla_days": conf.get("BARRIER_SLA_DAYS"),
        "kind_labels": dict(Barrier.Kind.choices),
    }
    return render(
        request, "ecosystem/barrier_form.html", context, status=400 if form.errors else 200
    )


@login_required
def precedent_suggest(request):
    """htmx: precedents for what is being typed in the barrier form."""
    exclude = request.GET.get("exclude")
    context = {
        "suggestions": _suggestions(request, request.GET, exclude=query_int(exclude)),
        "typed": bool(request.GET.get("title") or request.GET.get("description")),
        "selectable": True,
    }
    return render(request, "ecosystem/_precedents.html", context)


@login_required
def precedent_list(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in Barrier.Kind.values:
        kind = ""
    context = {
        "precedents": selectors.precedent_search(user=request.user, q=q, kind=kind),
        "q": q,
        "kind": kind,
        "kinds": Barrier.Kind.choices,
    }
    return render(request, "ecosystem/precedent_list.html", context)


def _barrier(request, pk) -> Barrier:
    return access.get_for_user(
        access.barriers_for_user(request.user).select_related(
            "innovation", "agency", "pemda", "owner", "raised_by", "resolved_by", "precedent"
        ),
        pk,
    )


def _detail(request, barrier, bound=None, status=200):
    user = request.user
    bound = bound or {}
    can_work = access.can_work_barrier(user, barrier)
    context = {
        "barrier": barrier,
        "can_work": can_work,
        "can_edit": access.can_edit_barrier(user, barrier),
        "can_comment": access.can_comment_barrier(user, barrier),
        "assign_form": bound.get("assign")
        or AssignForm(
            pemda_id=barrier.pemda_id,
            initial={"owner": barrier.owner_id, "priority": barrier.priority},
        ),
        "escalate_form": bound.get("escalate") or EscalateForm(),
        "resolve_form": bound.get("resolve") or ResolveForm(),
        "reopen_form": bound.get("reopen") or ReasonForm(),
        "comment_form": bound.get("comment") or CommentForm(),
        "similar": selectors.precedent_suggestions(
            user=user,
            kind=barrier.kind,
            text=f"{barrier.title} {barrier.description}",
            exclude=barrier.pk,
        )
        if barrier.is_open
        else [],
        "reused_by": access.barriers_for_user(user).filter(precedent=barrier),
        "timeline": timeline(barrier)[:100],
    }
    return render(request, "ecosystem/barrier_detail.html", context, status=status)


@login_required
def barrier_detail(request, pk):
    return _detail(request, _barrier(request, pk))


@login_required
def barrier_edit(request, pk):
    barrier = _barrier(request, pk)
    access.require_edit_barrier(request.user, barrier)
    form = BarrierForm(
        request.POST or None,
        instance=barrier,
        precedents=selectors.precedents_for_user(request.user).exclude(pk=barrier.pk),
    )
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.barrier_update(
            actor=request.user,
            barrier=barrier,
            data=form.service_data(),
            version=data.get("version"),
        ),
        _("The barrier was saved."),
    ):
        return redirect(barrier)
    barrier.refresh_from_db()
    context = {
        "form": form,
        "innovation": barrier.innovation,
        "barrier": barrier,
        "suggestions": [],
        "sla_days": conf.get("BARRIER_SLA_DAYS"),
        "kind_labels": dict(Barrier.Kind.choices),
    }
    return render(
        request, "ecosystem/barrier_form.html", context, status=400 if form.errors else 200
    )


def _queue_action(request, pk, key, form_class, call, done, form_kwargs=None):
    """Run one queue action from a form on the detail page; on error show the page again
    with what was typed (status 400)."""
    barrier = _barrier(request, pk)
    form = form_class(request.POST, **(form_kwargs(barrier) if form_kwargs else {}))
    if submit(request, form, lambda data: call(barrier, data), done):
        return redirect(barrier)
    barrier.refresh_from_db()
    return _detail(request, barrier, {key: form}, status=400)


@login_required
@require_POST
def barrier_assign(request, pk):
    return _queue_action(
        request,
        pk,
        "assign",
        AssignForm,
        lambda b, d: services.barrier_assign(
            actor=request.user, barrier=b, owner=d["owner"], priority=d["priority"]
        ),
        _("The barrier was assigned."),
        form_kwargs=lambda b: {"pemda_id": b.pemda_id},
    )


@login_required
@require_POST
def barrier_escalate(request, pk):
    return _queue_action(
        request,
        pk,
        "escalate",
        EscalateForm,
        lambda b, d: services.barrier_escalate(
            actor=request.user, barrier=b, to=d["to"], note=d["note"]
        ),
        _("The barrier was escalated."),
    )


@login_required
@require_POST
def barrier_resolve(request, pk):
    precedent = None
    if wanted := query_int(request.POST.get("precedent")):
        precedent = selectors.precedents_for_user(request.user).filter(pk=wanted).first()
    return _queue_action(
        request,
        pk,
        "resolve",
        ResolveForm,
        lambda b, d: services.barrier_resolve(
            actor=request.user, barrier=b, resolution=d["resolution"], precedent=precedent
        ),
        _("The barrier was resolved; its resolution is now a precedent."),
    )


@login_required
@require_POST
def barrier_reopen(request, pk):
    return _queue_action(
        request,
        pk,
        "reopen",
        ReasonForm,
        lambda b, d: services.barrier_reopen(actor=request.user, barrier=b, reason=d["reason"]),
        _("The barrier was reopened."),
    )


@login_required
@require_POST
def barrier_withdraw(request, pk):
    barrier = _barrier(request, pk)
    act(
        request,
        lambda: services.barrier_withdraw(
            actor=request.user, barrier=barrier, reason=request.POST.get("reason", "")
        ),
        _("The barrier was withdrawn."),
    )
    return redirect(barrier)


@login_required
@require_POST
def barrier_comment(request, pk):
    return _queue_action(
        request,
        pk,
        "comment",
        CommentForm,
        lambda b, d: services.barrier_comment(actor=request.user, barrier=b, message=d["message"]),
        _("Your comment was added."),
    )
