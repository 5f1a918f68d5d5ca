"""Thin views: resolve the period, Pemda, innovation or row through the user, call a
selector or a service, render. Row forms post with htmx and swap just their row."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import files
from inovda.core.db import reads_from_replica
from inovda.core.params import query_int
from inovda.core.versioning import StaleVersion
from inovda.innovations.access import innovation_for_user
from inovda.organizations import access as org
from inovda.organizations import figures
from inovda.organizations.models import Role

from . import access, explain, export, scoring, selectors, services
from .desk import days_waiting
from .forms import (
    DevelopmentForm,
    EvidenceForm,
    ReturnForm,
    ReviewForm,
    RowForm,
    SimulationForm,
)
from .models import AssessmentPeriod, Entry, InnovationAssessment, PemdaAssessment, SheetStatus

WORKFLOW_KINDS = ("innovation", "spd")
WORKFLOW_ACTIONS = ("submit", "verify", "return")

# --- Helpers -------------------------------------------------------------------------------


def sheet_url(sheet) -> str:
    if isinstance(sheet, PemdaAssessment):
        return reverse("assessment:spd", args=[sheet.period.year, sheet.pemda_id])
    return reverse("assessment:sheet", args=[sheet.period.year, sheet.innovation_id])


def workflow_urls(sheet) -> dict:
    if isinstance(sheet, PemdaAssessment):
        kind, pk = "spd", sheet.pemda_id
    else:
        kind, pk = "innovation", sheet.innovation_id
    return {
        action: reverse("assessment:workflow", args=[sheet.period.year, kind, pk, action])
        for action in WORKFLOW_ACTIONS
    }


def _offers(sheet, entry) -> list[dict]:
    """Evidence other parts of Inovda keep for this row, attachable in one click."""
    offers = []
    for source in services.offered_sources(entry):
        summary = source.summary(sheet.innovation)
        if summary:
            offers.append({"key": source.key, "label": source.label, "summary": summary})
    return offers


def _row_context(user, sheet, entry, **forms) -> dict:
    can_fill = access.can_fill(user, sheet)
    can_review = (
        access.can_verify(user, sheet.pemda_id)
        and sheet.status == SheetStatus.SUBMITTED
        and entry.needs_review
    )
    return {
        "entry": entry,
        "indicator": entry.indicator,
        "can_fill": can_fill,
        "can_review": can_review,
        "form": forms.get("form") or (RowForm(entry=entry) if can_fill else None),
        "evidence_form": forms.get("evidence_form")
        or (EvidenceForm(prefix=f"ev{entry.pk}") if can_fill else None),
        "review_form": forms.get("review_form")
        or (ReviewForm(version=entry.version) if can_review else None),
        "offers": _offers(sheet, entry) if can_fill else [],
        "offer_error": forms.get("offer_error", ""),
        "proposals": services.level_proposals(entry, user),
    }


def _summary_context(sheet, rows) -> dict:
    score = selectors.sheet_score(rows)
    context = {
        "sheet": sheet,
        "score": score,
        "claimed_formula": score.claimed.formatted(explain.number),
        "verified_formula": score.verified.formatted(explain.number),
        "nav_rows": rows,
        "waiting": [
            r.indicator.code for r in rows if r.needs_review and r.review == Entry.Review.WAITING
        ],
    }
    if isinstance(sheet, InnovationAssessment):
        codes = tuple(score.verified_mandatory_missing)
        problems = selectors.eligibility(sheet, codes)
        context["problems_claimed"] = explain.problems_text(problems["claimed"])
        context["problems_verified"] = explain.problems_text(problems["verified"], verified=True)
    return context


def _sheet_page(request, sheet, *, bound: dict | None = None, status: int = 200):
    user = request.user
    rows = selectors.sheet_rows(sheet)
    bound = bound or {}
    bound_forms = bound.get("forms", {})
    is_sid = isinstance(sheet, InnovationAssessment)
    can_fill = access.can_fill(user, sheet)
    can_verify = access.can_verify(user, sheet.pemda_id)
    context = {
        "period": sheet.period,
        "sheet": sheet,
        "is_sid": is_sid,
        "sheet_url": sheet_url(sheet),
        "workflow": workflow_urls(sheet),
        "rows": [
            _row_context(user, sheet, e, **(bound_forms if bound.get("pk") == e.pk else {}))
            for e in rows
        ],
        "can_fill": can_fill,
        "can_submit": access.can_submit(user, sheet),
        "can_withdraw": is_sid
        and access.can_submit(user, sheet)
        and sheet.status == SheetStatus.DRAFT,
        "can_verify": can_verify and sheet.status == SheetStatus.SUBMITTED,
        "can_return": can_verify and sheet.status in (SheetStatus.SUBMITTED, SheetStatus.VERIFIED),
        "submission_problems": services.submission_problems(rows) if can_fill else [],
        "return_form": bound.get("return_form") or ReturnForm(),
        **_summary_context(sheet, rows),
    }
    if is_sid:
        context["innovation"] = sheet.innovation
        context["development_form"] = bound.get("development_form") or DevelopmentForm(
            initial={
                "development_date": sheet.development_date,
                "development_note": sheet.development_note,
            },
            version=sheet.version,
        )
    else:
        context["pemda"] = sheet.pemda
    return render(request, "assessment/sheet.html", context, status=status)


def _row_response(request, sheet, entry, *, status=200, **forms):
    """After a row action: the row (and the sheet summary, out of band) for htmx, or back
    to the sheet page."""
    if not request.htmx:
        if status == 200:
            return redirect(f"{sheet_url(sheet)}#row-{entry.pk}")
        return _sheet_page(request, sheet, bound={"pk": entry.pk, "forms": forms}, status=status)
    sheet = type(sheet).objects.select_related("period").get(pk=sheet.pk)
    rows = selectors.sheet_rows(sheet)
    entry = next(e for e in rows if e.pk == entry.pk)
    context = {
        **_row_context(request.user, sheet, entry, **forms),
        **_summary_context(sheet, rows),
        "sheet_url": sheet_url(sheet),
        "is_sid": isinstance(sheet, InnovationAssessment),
        "oob": True,
    }
    return render(request, "assessment/_row_response.html", context, status=status)


def _pemda_and_period(request, year, pemda_pk):
    return selectors.period_by_year(year), access.pemda_for_user(request.user, pemda_pk)


# --- Entry points ----------------------------------------------------------------------------


@login_required
def index(request):
    """The user's Pemda score page for the current period, or the list of periods."""
    period = selectors.current_period()
    pemda = org.pemdas_for_user(request.user).filter(pk=org.home_pemda_id(request.user)).first()
    if period is None or pemda is None:
        return redirect("assessment:periods")
    return redirect("assessment:pemda", year=period.year, pemda=pemda.pk)


@login_required
def queue(request):
    """The verification queue: submitted sheets the user may see, oldest first, with the
    days each has waited; filters by agency, age and period."""
    agency = query_int(request.GET.get("agency"))
    min_days = query_int(request.GET.get("age"))
    min_days = min_days if min_days in selectors.QUEUE_AGES else None
    year = query_int(request.GET.get("year"))
    sheets = selectors.verification_queue(
        user=request.user, agency=agency, min_days=min_days, year=year
    )
    page = figures.paginate(request, sheets)
    rows = list(page.object_list)
    for sheet in rows:
        sheet.days_waiting = days_waiting(sheet)
    context = {
        "page": page,
        "sheets": rows,
        "spd_sheets": list(selectors.spd_queue(user=request.user, year=year)),
        "filters": {"agency": agency, "age": min_days, "year": year},
        "filtered": bool(agency or min_days or year),
        "query": figures.query_without_page(request),
        "agencies": org.agencies_for_user(request.user).order_by("name"),
        "ages": selectors.QUEUE_AGES,
        "periods": AssessmentPeriod.objects.order_by("-year").only("id", "year", "name"),
        "can_verify": bool(org.pemda_ids_with_role(request.user, Role.VERIFIER)),
        "late": selectors.QUEUE_AGES[1],
    }
    return render(request, "assessment/queue.html", context)


@login_required
def period_list(request):
    periods = AssessmentPeriod.objects.prefetch_related("bands")
    rows = [(p, selectors.period_rules(p)) for p in periods]
    pemdas = org.pemdas_for_user(request.user).order_by("name")[:100]
    return render(request, "assessment/periods.html", {"rows": rows, "pemdas": pemdas})


@login_required
def catalogue(request, year):
    period = selectors.period_by_year(year)
    context = {
        "period": period,
        "rules": selectors.period_rules(period),
        "indicators": selectors.catalogue(period),
    }
    return render(request, "assessment/catalogue.html", context)


# --- Pemda pages -----------------------------------------------------------------------------


@login_required
def pemda_detail(request, year, pemda):
    period, pemda = _pemda_and_period(request, year, pemda)
    user = request.user
    index = selectors.pemda_index(period, pemda.pk) if period.is_regional else None
    filters = _sheet_filters(request)
    all_sheets = selectors.pemda_sheets(user=user, period=period, pemda_id=pemda.pk)
    page = figures.paginate(
        request, selectors.pemda_sheets(user=user, period=period, pemda_id=pemda.pk, **filters)
    )
    sheets = list(page.object_list)
    for sheet in sheets:
        problems = selectors.eligibility(sheet)
        sheet.problems = explain.problems_text(problems["claimed"])
        sheet.problems_verified = explain.problems_text(problems["verified"], verified=True)
    context = {
        "period": period,
        "periods": AssessmentPeriod.objects.all(),
        "pemda": pemda,
        "index": index,
        "sheets": sheets,
        "page": page,
        "sheet_total": figures.for_viewer(request, "sheets", all_sheets.count)
        if filters
        else page.paginator.count,
        "filters": filters,
        "filtered": any(filters.values()),
        "query": figures.query_without_page(request),
        "agencies": pemda.agencies.order_by("name").only("id", "name"),
        "statuses": SheetStatus.choices,
        "candidates": selectors.assessable_innovations(
            user=user, period=period, pemda_id=pemda.pk, limit=CANDIDATES_SHOWN + 1
        ),
        "candidates_shown": CANDIDATES_SHOWN,
        "can_start_spd": access.can_start_spd(user, period, pemda.pk),
        "can_export": access.can_export(user, pemda.pk),
    }
    if index is not None:
        basic = selectors.basic_service_affairs()
        claimed = index.claimed.given
        average = claimed.score_sum / claimed.n if claimed.n else Decimal(0)
        context.update(
            {
                "claimed_figures": explain.figures(index.claimed),
                "verified_figures": explain.figures(index.verified),
                "claimed_tone": explain.tone(index.claimed),
                "verified_tone": explain.tone(index.verified),
                "basic": basic,
                "missing_claimed": [a for a in basic if a.pk not in index.covered_claimed],
                "missing_verified": [a for a in basic if a.pk not in index.covered_verified],
                "average_claimed": average,
                "gain_average": scoring.gain_of_one_more(index.claimed.rules, claimed, average),
                "gain_top": scoring.gain_of_one_more(
                    index.claimed.rules, claimed, index.claimed.rules.sid_max
                ),
                "unverified": claimed.n - index.verified.given.n,
            }
        )
    return render(request, "assessment/pemda.html", context)


CANDIDATES_SHOWN = 50


def _sheet_filters(request) -> dict:
    """The score page's table filters from the query string (unknown values ignored)."""
    agency = request.GET.get("agency", "")
    status = request.GET.get("status", "")
    counts = request.GET.get("counts", "")
    return {
        k: v
        for k, v in {
            "q": request.GET.get("q", "").strip()[:100],
            "agency": int(agency) if agency.isdigit() else None,
            "status": status if status in SheetStatus.values else "",
            "counts": counts if counts in selectors.SHEET_COUNTS else "",
        }.items()
        if v
    }


@login_required
def agencies(request, year, pemda):
    period, pemda = _pemda_and_period(request, year, pemda)
    table = selectors.agency_table(user=request.user, period=period, pemda_id=pemda.pk)
    missing = selectors.missing_evidence(user=request.user, period=period, pemda_id=pemda.pk)
    chart = {
        "labels": [row["agency"] for row in table],
        "claimed": [float(row["claimed_avg"]) for row in table],
        "verified": [float(row["verified_avg"]) for row in table],
        "claimedLabel": _("Claimed (average)"),
        "verifiedLabel": _("Verified (average)"),
    }
    context = {
        "period": period,
        "pemda": pemda,
        "table": table,
        "missing": missing,
        "chart": chart,
        "sid_max": selectors.period_rules(period).sid_max,
    }
    return render(request, "assessment/agencies.html", context)


@login_required
def spd(request, year, pemda):
    period, pemda = _pemda_and_period(request, year, pemda)
    sheet = selectors.spd_sheet(period, pemda.pk)
    if sheet is None:
        context = {
            "period": period,
            "pemda": pemda,
            "can_start_spd": access.can_start_spd(request.user, period, pemda.pk),
        }
        return render(request, "assessment/spd_empty.html", context)
    return _sheet_page(request, sheet)


@login_required
@require_POST
def spd_start(request, year, pemda):
    period, pemda = _pemda_and_period(request, year, pemda)
    services.spd_start(actor=request.user, period=period, pemda=pemda)
    return redirect("assessment:spd", year=year, pemda=pemda.pk)


def _export_allowed(request, pemda):
    access.require_export(request.user, pemda.pk)


@login_required
@reads_from_replica
def export_table(request, year, pemda, ext):
    """XLSX or CSV for the national window: verified by default, ?basis=claimed for all."""
    period, pemda = _pemda_and_period(request, year, pemda)
    access.require_export(request.user, pemda.pk)
    verified = request.GET.get("basis") != "claimed"
    return export.response(request, period, pemda, verified=verified, ext=ext)


# --- An innovation's sheet -------------------------------------------------------------------


@login_required
def sheet(request, year, innovation):
    period = selectors.period_by_year(year)
    return _sheet_page(request, access.sheet_for_user(request.user, period, innovation))


@login_required
@require_POST
def put_forward(request, year, innovation):
    period = selectors.period_by_year(year)
    innovation = innovation_for_user(request.user, innovation)
    try:
        services.innovation_put_forward(actor=request.user, period=period, innovation=innovation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(innovation)
    messages.success(
        request,
        _("“%(name)s” is in %(period)s. Choose a level and add evidence for each indicator.")
        % {"name": innovation.name, "period": period.name},
    )
    return redirect("assessment:sheet", year=year, innovation=innovation.pk)


@login_required
@require_POST
def withdraw(request, year, innovation):
    sheet = access.sheet_for_user(request.user, selectors.period_by_year(year), innovation)
    services.innovation_withdraw(actor=request.user, sheet=sheet)
    messages.success(request, _("The innovation was withdrawn from %s.") % sheet.period.name)
    return redirect("assessment:pemda", year=year, pemda=sheet.pemda_id)


@login_required
@require_POST
def development(request, year, innovation):
    sheet = access.sheet_for_user(request.user, selectors.period_by_year(year), innovation)
    access.require_fill(request.user, sheet)
    form = DevelopmentForm(request.POST)
    if form.is_valid():
        try:
            services.sheet_set_development(actor=request.user, sheet=sheet, **form.cleaned_data)
        except StaleVersion as exc:
            done = form.stale(exc)
        else:
            done = True
        if done:
            messages.success(request, _("The development was recorded."))
            return redirect(sheet_url(sheet))
    return _sheet_page(request, sheet, bound={"development_form": form}, status=400)


@login_required
def report_pdf(request, year, innovation):
    from .report import innovation_report_pdf

    sheet = access.sheet_for_user(request.user, selectors.period_by_year(year), innovation)
    response = HttpResponse(innovation_report_pdf(request, sheet), content_type="application/pdf")
    name = f"laporan-inovasi-{sheet.period.year}-{sheet.innovation_id}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- Workflow of either sheet ----------------------------------------------------------------


def _sheet_from_request(request, year, kind, pk):
    if kind not in WORKFLOW_KINDS:
        raise Http404
    period = selectors.period_by_year(year)
    if kind == "spd":
        pemda = access.pemda_for_user(request.user, pk)
        found = selectors.spd_sheet(period, pemda.pk)
        if found is None:
            raise Http404
        return found
    return access.sheet_for_user(request.user, period, pk)


@login_required
@require_POST
def workflow(request, year, kind, pk, action):
    if action not in WORKFLOW_ACTIONS:
        raise Http404
    sheet = _sheet_from_request(request, year, kind, pk)
    actor = request.user
    try:
        if action == "submit":
            services.sheet_submit(actor=actor, sheet=sheet)
            messages.success(request, _("Submitted to the verifiers."))
        elif action == "verify":
            services.sheet_verify(actor=actor, sheet=sheet)
            messages.success(request, _("The sheet is verified."))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                access.require_verify(actor, sheet.pemda_id)
                return _sheet_page(request, sheet, bound={"return_form": form}, status=400)
            services.sheet_return(actor=actor, sheet=sheet, note=form.cleaned_data["note"])
            messages.success(request, _("The sheet was returned for revision."))
    except ValidationError as exc:
        for problem in exc.messages:
            messages.error(request, problem)
    return redirect(sheet_url(sheet))


# --- Rows ----------------------------------------------------------------------------------


def _row_form_action(request, pk, *, verifying: bool, make_form, form_key: str, act):
    """Resolve the row, check the role, validate the form, call the service; answer with
    the row (400 with the form and what was typed, when something is wrong)."""
    entry = access.entry_for_user(request.user, pk)
    sheet = entry.sheet
    if verifying:
        access.require_verify(request.user, sheet.pemda_id)
    else:
        access.require_fill(request.user, sheet)
    form = make_form(entry)
    if form.is_valid():
        try:
            act(entry, form.cleaned_data)
        except StaleVersion as exc:
            if form.stale(exc):  # a double submission: already saved as sent
                return _row_response(request, sheet, access.entry_for_user(request.user, pk))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _row_response(request, sheet, entry)
    return _row_response(request, sheet, entry, status=400, **{form_key: form})


@login_required
def row(request, pk):
    if request.method != "POST":
        entry = access.entry_for_user(request.user, pk)
        return _row_response(request, entry.sheet, entry)
    return _row_form_action(
        request,
        pk,
        verifying=False,
        make_form=lambda entry: RowForm(request.POST, entry=entry),
        form_key="form",
        act=lambda entry, data: services.entry_update(
            actor=request.user,
            entry=entry,
            level=data["level"],
            basis=data.get("basis"),
            note=data["note"],
            version=data.get("version"),
        ),
    )


@login_required
@require_POST
def evidence_add(request, pk):
    return _row_form_action(
        request,
        pk,
        verifying=False,
        make_form=lambda entry: EvidenceForm(request.POST, request.FILES, prefix=f"ev{entry.pk}"),
        form_key="evidence_form",
        act=lambda entry, data: services.evidence_add(
            actor=request.user,
            entry=entry,
            upload=data["file"],
            url=data["url"],
            description=data["description"],
        ),
    )


@login_required
@require_POST
def evidence_offer(request, pk, key):
    """Attach an offered evidence source (see `inovda.core.evidence_sources`)."""
    entry = access.entry_for_user(request.user, pk)
    sheet = entry.sheet
    access.require_fill(request.user, sheet)
    try:
        services.evidence_from_source(actor=request.user, entry=entry, key=key)
    except ValidationError as exc:
        return _row_response(request, sheet, entry, status=400, offer_error=" ".join(exc.messages))
    return _row_response(request, sheet, entry)


@login_required
@require_POST
def level_proposal_use(request, pk, key):
    """ "Use this proposal": the level counted from Inovda's own records (indicators 20, 31)
    and those records as link evidence (see `inovda.core.evidence_sources`)."""
    entry = access.entry_for_user(request.user, pk)
    sheet = entry.sheet
    access.require_fill(request.user, sheet)
    try:
        services.level_proposal_apply(actor=request.user, entry=entry, key=key)
    except ValidationError as exc:
        return _row_response(request, sheet, entry, status=400, offer_error=" ".join(exc.messages))
    entry.refresh_from_db()
    return _row_response(request, sheet, entry)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = access.evidence_for_user(request.user, pk)
    entry = evidence.entry
    services.evidence_remove(actor=request.user, evidence=evidence)
    return _row_response(request, entry.sheet, entry)


@login_required
def evidence_download(request, pk):
    evidence = access.evidence_for_user(request.user, pk)
    if evidence.is_link:
        return redirect(evidence.url)
    return files.serve(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_POST
def review(request, pk):
    return _row_form_action(
        request,
        pk,
        verifying=True,
        make_form=lambda entry: ReviewForm(request.POST),
        form_key="review_form",
        act=lambda entry, data: services.entry_review(
            actor=request.user,
            entry=entry,
            accept=data["decision"] == "accept",
            note=data["note"],
            version=data.get("version"),
        ),
    )


# --- What-if ---------------------------------------------------------------------------------


def _actual_inputs(user, period) -> dict:
    """The user's Pemda's claimed figures, to start the simulation from."""
    own = [m.pemda_id for m in org.memberships(user)]
    pemda = org.pemdas_for_user(user).filter(pk__in=own).first()
    if pemda is None or period is None:
        return {}
    given = selectors.pemda_index(period, pemda.pk).claimed.given
    average = given.score_sum / given.n if given.n else Decimal(0)
    return {
        "period": period.year,
        "spd": scoring.r2(given.spd),
        "innovations": given.n,
        "score": scoring.r2(average),
        "basic_services": given.basic_covered,
        "next_score": scoring.r2(average),
        "pemda": pemda,
    }


@login_required
def simulate(request):
    period = selectors.current_period()
    actual = _actual_inputs(request.user, period) if "spd" not in request.GET else {}
    if "spd" in request.GET:
        form = SimulationForm(request.GET)
    else:
        defaults = {
            "period": getattr(period, "year", None),
            "spd": 40,
            "innovations": 8,
            "score": 80,
            "basic_services": 6,
            "next_score": 80,
        }
        form = SimulationForm({**defaults, **{k: v for k, v in actual.items() if k != "pemda"}})
    result = None
    if form.is_valid():
        result = selectors.simulate(**form.simulation_inputs())
    context = {
        "form": form,
        "result": result,
        "figures": explain.figures(result.breakdown) if result else [],
        "actual_pemda": actual.get("pemda"),
    }
    return render(request, "assessment/simulate.html", context, status=400 if form.errors else 200)
