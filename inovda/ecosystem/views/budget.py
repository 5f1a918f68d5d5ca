"""F5: budget lines per innovation and year, realisation, reallocations, tranches."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core.audit import timeline
from inovda.innovations.access import innovation_for_user
from inovda.innovations.models import Tag
from inovda.organizations import access as org_access
from inovda.organizations.figures import for_viewer as figures
from inovda.organizations.figures import paginate, query_without_page

from .. import access, conf, selectors, services
from ..forms import (
    BudgetLineForm,
    DecisionForm,
    RealisationForm,
    ReallocationForm,
    TrancheForm,
)
from ..models import BudgetLine, Reallocation, Tranche
from .common import act, int_param, submit, year_param


@login_required
def budget_overview(request):
    user = request.user
    year = year_param(request)
    agency = int_param(request, "agency")
    summary = figures(
        request, "summary", lambda: selectors.budget_summary(user=user, year=year, agency=agency)
    )
    poverty = Tag.objects.filter(kind=Tag.Kind.THEME, code="penanggulangan-kemiskinan").first()
    context = {
        "year": year,
        "years": figures(request, "years", lambda: selectors.budget_years(user=user)),
        "agency": agency,
        "agencies": org_access.agencies_for_user(user)
        .filter(
            pk__in=figures(
                request,
                "agencies",
                lambda: set(access.budget_lines_for_user(user).values_list("agency_id", flat=True)),
            )
        )
        .order_by("name"),
        "summary": summary,
        "poverty": poverty,
        "poverty_row": next(
            (row for row in summary["by_theme"] if poverty and row.key == poverty.pk), None
        ),
        "chart": {
            "labels": [row.label for row in summary["by_agency"][:15]],
            "allocated": [float(row.allocated) for row in summary["by_agency"][:15]],
            "realised": [float(row.realised) for row in summary["by_agency"][:15]],
        },
        "pending": figures(
            request,
            "pending",
            access.reallocations_for_user(user).filter(status=Reallocation.Status.PENDING).count,
        ),
    }
    return render(request, "ecosystem/budget_overview.html", context)


def _line(request, pk) -> BudgetLine:
    return access.get_for_user(
        access.budget_lines_for_user(request.user).select_related("innovation", "agency"), pk
    )


def _budget_page(request, innovation, bound=None, status=200):
    user = request.user
    bound = bound or {}
    can_manage = access.can_manage_budget(user, innovation)
    lines = list(
        access.budget_lines_for_user(user)
        .filter(innovation=innovation)
        .prefetch_related("tranches")
        .order_by("-fiscal_year", "id")
    )
    today = timezone.localdate()
    sources = selectors.report_sources(lines)
    for line in lines:
        line.source_reports = sources[line.pk]
        line.realisation_form = bound.get(("realise", line.pk)) or RealisationForm(
            prefix=f"r{line.pk}",
            initial={"realised": int(line.realised), "as_of": line.realised_as_of or today},
        )
        line.tranche_form = bound.get(("tranche", line.pk)) or TrancheForm(prefix=f"t{line.pk}")
    context = {
        "innovation": innovation,
        "lines": lines,
        "can_manage": can_manage,
        "can_approve": access.can_approve_budget(user, innovation.pemda_id),
        "form": bound.get("line")
        or (BudgetLineForm(initial={"fiscal_year": today.year}) if can_manage else None),
        "reallocations": access.mark_visible_sides(
            user,
            access.reallocations_for_user(user)
            .filter(Q(from_line__innovation=innovation) | Q(to_line__innovation=innovation))
            .select_related("from_line__innovation", "to_line__innovation"),
        ),
        "gates": conf.get("TRANCHE_GATES"),
        "this_year": today.year,
    }
    return render(request, "ecosystem/innovation_budget.html", context, status=status)


@login_required
def innovation_budget(request, pk):
    innovation = innovation_for_user(request.user, pk)
    if not access.in_scope(request.user, innovation):
        raise PermissionDenied(_("The budget belongs to the innovation's agency."))
    if request.method != "POST":
        return _budget_page(request, innovation)
    form = BudgetLineForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.budget_line_add(
            actor=request.user, innovation=innovation, data=form.service_data()
        ),
        _("The budget line was added."),
    ):
        return redirect("ecosystem:innovation_budget", pk=innovation.pk)
    return _budget_page(request, innovation, {"line": form}, status=400)


@login_required
def budget_line_edit(request, pk):
    line = _line(request, pk)
    access.require_manage_budget(request.user, line.innovation)
    form = BudgetLineForm(request.POST or None, instance=line)
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.budget_line_update(
            actor=request.user, line=line, data=form.service_data(), version=data.get("version")
        ),
        _("The budget line was saved."),
    ):
        return redirect("ecosystem:innovation_budget", pk=line.innovation_id)
    context = {
        "form": form,
        "title": _("Edit budget line"),
        "innovation": line.innovation,
        "back": line.innovation_id,
        "timeline": timeline(line)[:50],
    }
    return render(
        request, "ecosystem/budget_line_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def budget_realisation(request, pk):
    line = _line(request, pk)
    form = RealisationForm(request.POST, prefix=f"r{line.pk}")
    if submit(
        request,
        form,
        lambda data: services.budget_line_record_realisation(
            actor=request.user,
            line=line,
            realised=form.cleaned_data["realised"],
            as_of=form.cleaned_data["as_of"],
        ),
        _("The realisation was recorded."),
    ):
        return redirect("ecosystem:innovation_budget", pk=line.innovation_id)
    return _budget_page(request, line.innovation, {("realise", line.pk): form}, status=400)


@login_required
@require_POST
def tranche_plan(request, pk):
    line = _line(request, pk)
    form = TrancheForm(request.POST, prefix=f"t{line.pk}")
    if submit(
        request,
        form,
        lambda data: services.tranche_plan(actor=request.user, line=line, **form.cleaned_data),
        _("The tranche was planned."),
    ):
        return redirect("ecosystem:innovation_budget", pk=line.innovation_id)
    return _budget_page(request, line.innovation, {("tranche", line.pk): form}, status=400)


@login_required
@require_POST
def tranche_release(request, pk):
    tranche = access.get_for_user(
        Tranche.objects.filter(line__in=access.budget_lines_for_user(request.user)), pk
    )
    act(
        request,
        lambda: services.tranche_release(actor=request.user, tranche=tranche),
        _("The tranche was released."),
    )
    return redirect("ecosystem:innovation_budget", pk=tranche.line.innovation_id)


@login_required
def reallocation_create(request, pk):
    line = _line(request, pk)
    access.require_manage_budget(request.user, line.innovation)
    targets = (
        access.budget_lines_for_user(request.user)
        .filter(agency_id=line.agency_id, fiscal_year=line.fiscal_year)
        .exclude(pk=line.pk)
        .select_related("innovation")
    )
    form = ReallocationForm(request.POST or None, targets=targets)
    if request.method == "POST" and submit(
        request,
        form,
        lambda data: services.reallocation_request(
            actor=request.user,
            from_line=line,
            to_line=form.cleaned_data["to_line"],
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
        ),
        _("The reallocation was requested."),
    ):
        return redirect("ecosystem:innovation_budget", pk=line.innovation_id)
    context = {
        "form": form,
        "line": line,
        "innovation": line.innovation,
        "unspent": line.allocated - line.realised,
    }
    return render(
        request, "ecosystem/reallocation_form.html", context, status=400 if form.errors else 200
    )


def _reallocation_page(request, bound=None, status=200):
    user = request.user
    wanted = request.GET.get("status", "pending")
    qs = access.reallocations_for_user(user).select_related(
        "from_line__innovation", "to_line__innovation", "agency", "requested_by", "decided_by"
    )
    if wanted in Reallocation.Status.values:
        qs = qs.filter(status=wanted)
    page = paginate(request, qs)
    page.object_list = access.mark_visible_sides(user, page.object_list)
    for item in page.object_list:
        item.can_decide = item.status == Reallocation.Status.PENDING and access.can_approve_budget(
            user, item.pemda_id
        )
        item.form = (bound or {}).get(item.pk) or DecisionForm(prefix=f"d{item.pk}")
    context = {
        "page": page,
        "query": query_without_page(request),
        "status": wanted,
        "statuses": Reallocation.Status.choices,
        "target_days": conf.get("REALLOCATION_TARGET_DAYS"),
    }
    return render(request, "ecosystem/reallocation_list.html", context, status=status)


@login_required
def reallocation_list(request):
    return _reallocation_page(request)


@login_required
@require_POST
def reallocation_decide(request, pk):
    item = access.get_for_user(access.reallocations_for_user(request.user), pk)
    form = DecisionForm(request.POST, prefix=f"d{item.pk}")
    if submit(
        request,
        form,
        lambda data: services.reallocation_decide(
            actor=request.user,
            reallocation=item,
            approve="approve" in request.POST,
            note=form.cleaned_data["note"],
        ),
        _("The decision was recorded."),
    ):
        return redirect("ecosystem:reallocation_list")
    return _reallocation_page(request, {item.pk: form}, status=400)


@login_required
@require_POST
def reallocation_withdraw(request, pk):
    item = access.get_for_user(access.reallocations_for_user(request.user), pk)
    act(
        request,
        lambda: services.reallocation_withdraw(actor=request.user, reallocation=item),
        _("The request was withdrawn."),
    )
    return redirect("ecosystem:innovation_budget", pk=item.from_line.innovation_id)
