"""Thin views of the problem bank: resolve through the user (404 outside), call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core.audit import timeline
from inovda.core.params import query_int
from inovda.innovations.access import innovations_for_user
from inovda.innovations.views.common import run_service
from inovda.organizations import access as org
from inovda.organizations.models import Agency, LocalGovernment

from . import access, selectors, services
from .forms import ChallengeForm, IndicatorForm, LinkForm, ProblemForm
from .models import Place, Problem, ProblemLink


def _form_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _kept_pemda(user):
    ids = org.pemda_ids_with_role(user, *access.KEEPERS)
    return LocalGovernment.objects.filter(pk__in=ids).order_by("pk").first()


def _problem_form(request, pemda, instance=None):
    return ProblemForm(
        request.POST or None,
        instance=instance,
        agencies=Agency.objects.filter(pemda=pemda, is_active=True),
        places=Place.objects.filter(pemda=pemda, level=Place.Level.KELURAHAN),
    )


@login_required
def problem_list(request):
    user = request.user
    problems = selectors.problem_list(
        user=user,
        origin=request.GET.get("origin", ""),
        priority=query_int(request.GET.get("priority")) or "",
        q=request.GET.get("q", "").strip(),
    )
    return render(
        request,
        "problems/list.html",
        {
            "problems": problems,
            "origins": Problem.Origin.choices,
            "priorities": Problem.Priority.choices,
            "can_keep": _kept_pemda(user) is not None,
        },
    )


@login_required
def problem_edit(request, pk=None):
    user = request.user
    problem = access.problem_for_user(user, pk) if pk else None
    pemda = problem.pemda if problem else _kept_pemda(user)
    if pemda is None or not access.can_keep(user, pemda.pk):
        raise Http404
    form = _problem_form(request, pemda, problem)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = services.problem_save(actor=user, pemda=pemda, data=data, problem=problem)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Problem saved."))
            return redirect(saved)
    return render(
        request,
        "problems/form.html",
        {"form": form, "problem": problem},
        status=400 if form.errors else 200,
    )


@login_required
def problem_detail(request, pk):
    user = request.user
    problem = access.problem_for_user(user, pk)
    keeps = access.can_keep(user, problem.pemda_id)
    linkable = (
        innovations_for_user(user)
        .filter(pemda=problem.pemda)
        .exclude(problem_links__problem=problem)
    )
    linkable = [i.pk for i in linkable if access.can_link(user, problem, i)]
    return render(
        request,
        "problems/detail.html",
        {
            "problem": problem,
            "keeps": keeps,
            "results": selectors.results_of(problem, user),
            "link_form": LinkForm(innovations=innovations_for_user(user).filter(pk__in=linkable))
            if linkable
            else None,
            "indicator_form": IndicatorForm() if keeps else None,
            "challenge_form": ChallengeForm() if keeps else None,
            "visible_links": set(
                innovations_for_user(user)
                .filter(problem_links__problem=problem)
                .values_list("pk", flat=True)
            ),
            "events": timeline(problem)[:20],
        },
    )


@login_required
@require_POST
def problem_action(request, pk, action):
    user = request.user
    problem = access.problem_for_user(user, pk)
    if action == "link":
        form = LinkForm(
            request.POST, innovations=innovations_for_user(user).filter(pemda=problem.pemda)
        )
        if form.is_valid():
            run_service(
                request,
                services.link_add,
                _("Innovation linked."),
                problem=problem,
                **form.cleaned_data,
            )
        else:
            messages.error(request, _("Choose an innovation."))
    elif action == "unlink":
        link = ProblemLink.objects.filter(problem=problem, pk=request.POST.get("link")).first()
        if link is None:
            raise Http404
        run_service(request, services.link_remove, _("Innovation unlinked."), link=link)
    elif action == "indicator":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                services.indicator_add,
                _("Indicator added."),
                problem=problem,
                data=form.cleaned_data,
            )
        else:
            messages.error(request, " ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    elif action == "challenge":
        form = ChallengeForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                services.challenge_open,
                _("Challenge opened."),
                problem=problem,
                data=form.cleaned_data,
            )
        else:
            messages.error(request, " ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    else:
        raise Http404
    return redirect(problem)


@login_required
def dashboard(request):
    user = request.user
    pemdas = org.pemdas_for_user(user)
    pemda = (
        pemdas.filter(pk=query_int(request.GET.get("pemda"), 0)).first()
        or pemdas.order_by("pk").first()
    )
    rows = selectors.poverty_by_kelurahan(user=user, pemda=pemda) if pemda else []
    return render(
        request,
        "problems/dashboard.html",
        {
            "pemda": pemda,
            "without_innovation": selectors.priority_without_innovation(user=user),
            "without_problem": selectors.innovations_without_problem(user=user)[:200],
            "without_problem_count": selectors.innovations_without_problem(user=user).count(),
            "rows": rows,
            "columns": selectors.choropleth(rows),
        },
    )


@login_required
def challenge_list(request):
    challenges = access.challenges_for_user(request.user).select_related("problem")
    return render(request, "problems/challenges.html", {"challenges": challenges})


def problems_panel(request, innovation) -> dict | None:
    """Card on the innovation page: the problems this innovation addresses."""
    user = request.user
    problems = access.problems_for_user(user).filter(links__innovation=innovation)
    if not problems.exists() and not access.can_keep(user, innovation.pemda_id):
        return None
    return {"innovation": innovation, "problems": list(problems)}
