"""Thin views: resolve through the user (404 outside scope), call a service, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import files
from inovda.core.pdf import pdf_response
from inovda.innovations.access import innovations_for_user
from inovda.innovations.views.common import run_service
from inovda.organizations import access as org

from . import access, selectors, services
from .forms import (
    AttachmentForm,
    CategoryForm,
    CompetitionForm,
    CriterionForm,
    EnterForm,
    ReasonForm,
    ReviewerForm,
    score_form,
)
from .models import PHASE_ORDER, Assignment, EntryAttachment, Phase
from .pdf import certificate_context, results_context


def _runner(request, pk):
    competition = access.competition_for_user(request.user, pk)
    if not access.can_run(request.user, competition.pemda_id):
        raise Http404
    return competition


def _challenges(user):
    from inovda.problems.access import challenges_for_user

    return challenges_for_user(user)


@login_required
def competition_list(request):
    user = request.user
    pemdas = org.pemda_ids_with_role(user, *access.RUNNERS)
    form = None
    if pemdas:
        form = CompetitionForm(
            request.POST or None,
            challenges=_challenges(user),
            initial={"year": datetime.date.today().year, "starts_on": datetime.date.today()},
        )
        if request.method == "POST" and form.is_valid():
            from inovda.organizations.models import LocalGovernment

            pemda = LocalGovernment.objects.get(pk=min(pemdas))
            data = form.cleaned_data
            competition = run_service(
                request,
                services.competition_create,
                pemda=pemda,
                data=data,
                dates=services.default_dates(data["starts_on"]),
            )
            if competition:
                return redirect(competition)
    competitions = access.competitions_for_user(user).select_related("pemda")
    return render(
        request,
        "competitions/list.html",
        {"competitions": competitions, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def competition_detail(request, pk):
    user = request.user
    competition = access.competition_for_user(user, pk)
    runs = access.can_run(user, competition.pemda_id)
    entries = access.entries_for_user(user).filter(competition=competition)
    enterable = (
        innovations_for_user(user)
        .filter(pemda=competition.pemda, status__in=services.ENTERABLE)
        .exclude(competition_entries__competition=competition)
    )
    enterable = [i for i in enterable.select_related("agency") if access.can_enter(user, i)]
    enter_form = None
    if enterable and competition.phase in (Phase.REGISTRATION, Phase.SUBMISSION):
        from inovda.innovations.models import Innovation

        enter_form = EnterForm(
            categories=competition.categories.all(),
            innovations=Innovation.objects.filter(pk__in=[i.pk for i in enterable]),
        )
    _entry_rows, reviewer_rows = selectors.calibration(competition) if runs else ([], [])
    dates = {d.phase: d for d in competition.dates.all()}
    phases = [
        {"code": p, "label": Phase(p).label, "date": dates.get(p), "index": i}
        for i, p in enumerate(PHASE_ORDER)
    ]
    return render(
        request,
        "competitions/detail.html",
        {
            "competition": competition,
            "runs": runs,
            "phases": phases,
            "entries": entries.select_related("innovation__agency", "category"),
            "enter_form": enter_form,
            "category_form": CategoryForm() if runs else None,
            "criterion_form": CriterionForm() if runs else None,
            "reviewer_form": ReviewerForm(pemda=competition.pemda) if runs else None,
            "reviewer_rows": reviewer_rows,
            "advance_problems": services.advance_problems(competition) if runs else [],
            "is_reviewer": competition.reviewers.filter(user=user).exists(),
        },
    )


@login_required
@require_POST
def competition_action(request, pk, action):
    competition = _runner(request, pk)
    if action == "advance":
        run_service(
            request, services.phase_advance, _("Moved to the next phase."), competition=competition
        )
    elif action == "category":
        form = CategoryForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                services.category_create,
                _("Category added."),
                competition=competition,
                **form.cleaned_data,
            )
        else:
            messages.error(request, _("Give the category a name."))
    elif action == "criterion":
        form = CriterionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            run_service(
                request,
                services.criterion_save,
                _("Criterion saved."),
                competition=competition,
                name=d["name"],
                weight=d["weight"],
                descriptors=form.descriptors(),
            )
        else:
            messages.error(request, _("Give the criterion a name and a weight above zero."))
    elif action == "reviewer":
        form = ReviewerForm(request.POST, pemda=competition.pemda)
        if form.is_valid():
            run_service(
                request,
                services.reviewer_add,
                _("Reviewer added."),
                competition=competition,
                user=form.cleaned_data["user"],
            )
        else:
            messages.error(request, _("Choose a person of this Pemda."))
    elif action == "remind":
        sent = run_service(request, services.reviewers_remind, competition=competition)
        if sent is not None:
            messages.success(request, _("Reminders sent: %(n)d.") % {"n": int(sent)})
    elif action == "calibrated":
        run_service(
            request,
            services.calibration_confirm,
            _("Calibration reviewed."),
            competition=competition,
        )
        return redirect("competitions:calibration", competition.pk)
    else:
        raise Http404
    return redirect(competition)


@login_required
@require_POST
def entry_create(request, pk):
    competition = access.competition_for_user(request.user, pk)
    form = EnterForm(
        request.POST,
        categories=competition.categories.all(),
        innovations=innovations_for_user(request.user).filter(pemda=competition.pemda),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a category and an innovation."))
        return redirect(competition)
    entry = run_service(
        request, services.entry_create, competition=competition, **form.cleaned_data
    )
    return redirect(entry) if entry else redirect(competition)


@login_required
def entry_detail(request, pk):
    user = request.user
    entry = access.entry_for_user(user, pk)
    can_edit = access.can_edit_entry(user, entry)
    answers = list(entry.answers.select_related("section"))
    problems = {}
    if request.method == "POST" and can_edit:
        texts = {a.section_id: request.POST.get(f"s{a.section_id}", a.text) for a in answers}
        try:
            services.entry_save(actor=user, entry=entry, texts=texts)
        except ValidationError as exc:
            problems = {int(k): v[0] for k, v in exc.message_dict.items()}
            for a in answers:
                a.text = texts[a.section_id]
            messages.error(request, _("Some sections are over their word limit."))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            if "submit" in request.POST:
                run_service(request, services.entry_submit, _("Entry submitted."), entry=entry)
            else:
                messages.success(request, _("Entry saved."))
            return redirect(entry)
    for a in answers:
        a.problem = problems.get(a.section_id, "")
    return render(
        request,
        "competitions/entry.html",
        {
            "entry": entry,
            "answers": answers,
            "can_edit": can_edit,
            "identity": access.sees_identity(user, entry),
            "attachment_form": AttachmentForm() if can_edit else None,
            "submission_problems": services.submission_problems(entry) if can_edit else [],
        },
        status=400 if problems else 200,
    )


@login_required
@require_POST
def entry_attach(request, pk):
    entry = access.entry_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(
            request,
            services.entry_attach,
            _("File attached."),
            entry=entry,
            upload=form.cleaned_data["file"],
        )
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(entry)


@login_required
def attachment_download(request, pk):
    try:
        attachment = EntryAttachment.objects.get(pk=pk)
    except EntryAttachment.DoesNotExist:
        raise Http404 from None
    access.entry_for_user(request.user, attachment.entry_id)
    return files.serve(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
def review_list(request, pk):
    competition = access.competition_for_user(request.user, pk)
    assignments = Assignment.objects.filter(
        entry__competition=competition, reviewer__user=request.user
    ).select_related("entry__innovation__agency", "entry__category")
    if not competition.reviewers.filter(user=request.user).exists():
        raise Http404
    return render(
        request,
        "competitions/review_list.html",
        {"competition": competition, "assignments": assignments},
    )


@login_required
def score(request, pk):
    user = request.user
    assignment = access.assignment_for_user(user, pk)
    entry, competition = assignment.entry, assignment.entry.competition
    criteria = list(competition.criteria.all())
    current = {s.criterion_id: s.level for s in assignment.scores.all()}
    form = score_form(criteria, request.POST or None, initial=current)
    form.initial["comment"] = assignment.comment
    conflict_form = ReasonForm()
    if request.method == "POST" and "conflict" in request.POST:
        conflict_form = ReasonForm(request.POST)
        if conflict_form.is_valid():
            new = run_service(
                request,
                services.conflict_declare,
                assignment=assignment,
                reason=conflict_form.cleaned_data["reason"],
            )
            if new:
                messages.success(
                    request,
                    _("Conflict recorded; the entry was given to another reviewer.")
                    if new is not True
                    else _("Conflict recorded."),
                )
                return redirect("competitions:review", competition.pk)
    elif request.method == "POST" and form.is_valid():
        levels = {c.pk: form.cleaned_data[f"c{c.pk}"] for c in criteria}
        if run_service(
            request,
            services.score_save,
            _("Scores saved."),
            assignment=assignment,
            levels=levels,
            comment=form.cleaned_data["comment"],
        ):
            return redirect("competitions:review", competition.pk)
    return render(
        request,
        "competitions/score.html",
        {
            "assignment": assignment,
            "entry": entry,
            "competition": competition,
            "form": form,
            "conflict_form": conflict_form,
            "answers": entry.answers.select_related("section"),
            "identity": access.sees_identity(user, entry),
        },
        status=400 if form.errors else 200,
    )


@login_required
def calibration(request, pk):
    competition = _runner(request, pk)
    if request.method == "POST":
        assignment = Assignment.objects.filter(
            entry__competition=competition, pk=request.POST.get("assignment")
        ).first()
        if assignment is None:
            raise Http404
        run_service(
            request,
            services.moderate,
            _("Moderation recorded."),
            assignment=assignment,
            reason=request.POST.get("reason", ""),
            exclude=request.POST.get("exclude") != "0",
        )
        return redirect("competitions:calibration", competition.pk)
    entry_rows, reviewer_rows = selectors.calibration(competition)
    return render(
        request,
        "competitions/calibration.html",
        {
            "competition": competition,
            "entry_rows": entry_rows,
            "reviewer_rows": reviewer_rows,
            "criteria": selectors.criteria_by_weight(competition),
        },
    )


@login_required
def results(request, pk):
    user = request.user
    competition = access.competition_for_user(user, pk)
    runs = access.can_run(user, competition.pemda_id)
    if not competition.published_at and not runs:
        raise Http404
    standings = selectors.standings(competition)
    entries = {
        e.pk: e for e in competition.entries.select_related("innovation__agency", "category")
    }
    groups = [
        {"category": entries[rows[0].entry].category, "rows": [(r, entries[r.entry]) for r in rows]}
        for rows in standings.values()
        if rows
    ]
    return render(
        request,
        "competitions/results.html",
        {"competition": competition, "groups": groups, "runs": runs},
    )


@login_required
def certificate(request, pk):
    entry = access.entry_for_user(request.user, pk)
    if not entry.competition.published_at or not hasattr(entry, "result"):
        raise Http404
    return pdf_response(
        request,
        "competitions/pdf/certificate.html",
        certificate_context(entry),
        filename=f"sertifikat-{entry.code}",
    )


@login_required
def results_pdf(request, pk):
    competition = access.competition_for_user(request.user, pk)
    if not competition.published_at:
        raise Http404
    return pdf_response(
        request,
        "competitions/pdf/results.html",
        results_context(competition),
        filename=f"hasil-{competition.name}",
    )
