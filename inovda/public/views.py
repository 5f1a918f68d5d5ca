"""Pages for anonymous visitors: the catalogue, innovation pages, citizen proposals and
benefit feedback. Every object is resolved through `selectors.published()` or
`selectors.public_proposals()`; anything else is a 404."""

from __future__ import annotations

import datetime
import html

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inovda.core import files, formats
from inovda.core.params import query_int
from inovda.organizations.models import LocalGovernment
from inovda.problems.selectors import open_public_challenges

from . import conf, selectors, services
from .forms import FeedbackForm, FollowForm, ProposalForm, SupportForm
from .models import Follower, Proposal, Region, Support
from .protection import daily_fingerprint, protected_form_post


def root(request):
    """Anonymous visitors get the catalogue; signed-in staff their desk."""
    if request.user.is_authenticated:
        return redirect("home")
    return catalogue(request)


def _options(pairs, selected) -> str:
    """<option>s of a filter, built in one pass with the standard library's escape (a
    national Pemda list has 546 entries; the template language, or format_html per option,
    would spend a large part of the page's time on them)."""
    chosen = str(selected)
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{html.escape(str(value))}"'
            f"{' selected' if str(value) == chosen else ''}>{html.escape(str(label))}</option>"
            for value, label in pairs
        )
    )


def catalogue(request):
    g = request.GET
    filters = selectors.CatalogueFilters(
        q=(g.get("q") or "")[:200],
        pemda=query_int(g.get("pemda")),
        agency=query_int(g.get("agency")),
        affair=query_int(g.get("affair")),
        theme=query_int(g.get("theme")),
        sdg=query_int(g.get("sdg")),
        stage=g.get("stage") or "",
        year=query_int(g.get("year")),
    )
    result = selectors.catalogue(filters, page=query_int(g.get("page")) or 1)
    query = g.copy()
    query.pop("page", None)
    pemda = LocalGovernment.objects.filter(pk=filters.pemda).first() if filters.pemda else None
    facets = selectors.facets(filters.pemda)
    options = {
        "pemda": _options(((p.pk, p.name) for p in facets["pemdas"]), filters.pemda),
        "agency": _options(((a.pk, a.name) for a in facets["agencies"]), filters.agency),
        "affair": _options(((a.pk, a.name) for a in facets["affairs"]), filters.affair),
        "theme": _options(((t.pk, str(t)) for t in facets["themes"]), filters.theme),
        "sdg": _options(((t.pk, str(t)) for t in facets["sdgs"]), filters.sdg),
        "stage": _options(facets["stages"], filters.stage),
        "year": _options(((y, y) for y in facets["years"]), filters.year),
    }
    return render(
        request,
        "public/catalogue.html",
        {
            "result": result,
            "filters": filters,
            "options": options,
            "query": query.urlencode(),
            "pemda": pemda,
            "iid": selectors.public_iid(pemda.pk) if pemda else None,
            "poverty_theme": conf.get("POVERTY_THEME"),
        },
    )


def innovation(request, uid, follow_form=None, status=200):
    version = selectors.version_by_uid(uid)
    feedback = selectors.feedback_summary(version.publication)
    kpis = [
        {**k, "points": [{**p, "label": _period_label(p["label"])} for p in k.get("points", [])]}
        for k in version.kpis
    ]
    return render(
        request,
        "public/innovation.html",
        {
            "v": version,
            "summaries": selectors.report_summaries(version.publication.innovation_id),
            "follow_form": follow_form or FollowForm(),
            "themes": version.themes.all(),
            "sdgs": version.sdgs.all(),
            "attachments": version.attachments.all(),
            "feedback": feedback,
            "can_rate": version.status == "implemented",
            "iid": selectors.public_iid(version.pemda_id),
            "kpis": kpis,
            "kpi_chart": any(k["points"] for k in kpis),
        },
        status=status,
    )


def _period_label(iso: str) -> str:
    """A report period's end (stored as an ISO date) as people write it: 30 September 2022."""
    try:
        return formats.long_date(datetime.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso


def attachment(request, uid, pk):
    version = selectors.version_by_uid(uid)
    item = selectors.public_attachment(version, pk)
    return files.serve(item.file, filename=item.original_name, content_type=item.content_type)


@require_http_methods(["GET", "POST"])
def rate(request, uid):
    version = selectors.version_by_uid(uid)
    if version.status != "implemented":
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and protected_form_post(request, form, "feedback"):
        try:
            services.feedback_submit(
                version=version, data=form.cleaned_data, fingerprint=daily_fingerprint(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you! Your answers were recorded."))
            return redirect(version.get_absolute_url())
    return render(request, "public/rate.html", {"v": version, "form": form})


# --- Proposals ---------------------------------------------------------------------------


def _pemda_for_proposals(request) -> LocalGovernment:
    """The Pemda whose citizens propose: ?pemda=, else the only one with kecamatan data."""
    pk = query_int(request.GET.get("pemda") or request.POST.get("pemda"))
    with_regions = LocalGovernment.objects.filter(
        pk__in=Region.objects.values("pemda_id")
    ).order_by("pk")
    pemda = with_regions.filter(pk=pk).first() if pk else with_regions.first()
    if pemda is None:
        raise Http404
    return pemda


def challenge_list(request):
    """Calls for solutions the Pemda opened to the community and universities."""
    challenges = open_public_challenges(pemda_id=query_int(request.GET.get("pemda")))
    return render(request, "public/challenges.html", {"challenges": challenges[:200]})


def proposal_list(request):
    qs = (
        selectors.public_proposals()
        .select_related("agency", "district")
        .order_by("-support_count", "-created_at")
    )
    status = request.GET.get("status") or ""
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "public/proposals.html",
        {"proposals": qs[:100], "statuses": Proposal.Status.choices, "status": status},
    )


@require_http_methods(["GET", "POST"])
def proposal_new(request):
    pemda = _pemda_for_proposals(request)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        pemda=pemda,
        initial={"challenge": query_int(request.GET.get("challenge"))},
    )
    if request.method == "POST" and protected_form_post(request, form, "proposal"):
        try:
            services.proposal_submit(
                pemda=pemda,
                data=form.cleaned_data,
                photos=form.cleaned_data.get("photos") or [],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "public/proposal_sent.html", {"pemda": pemda})
    return render(
        request,
        "public/proposal_form.html",
        {
            "form": form,
            "pemda": pemda,
            "answer_days": conf.get("ANSWER_DAYS"),
            "challenge": _chosen_challenge(form, pemda),
        },
    )


def _chosen_challenge(form, pemda):
    """The open challenge the proposal answers, as typed or as linked (None if closed)."""
    pk = query_int(form.data.get("challenge") if form.is_bound else form.initial.get("challenge"))
    return open_public_challenges(pemda_id=pemda.pk).filter(pk=pk).first() if pk else None


def _proposal_page(request, item: Proposal, support_form, status: int = 200, follow_form=None):
    return render(
        request,
        "public/proposal.html",
        {
            "p": item,
            "follow_form": follow_form or FollowForm(),
            "steps": selectors.proposal_steps(item),
            "overdue": selectors.proposal_overdue(item),
            "photos": item.photos.all() if item.status in selectors.PHOTO_STATUSES else [],
            "support_form": support_form,
            "answer_days": conf.get("ANSWER_DAYS"),
        },
        status=status,
    )


def proposal(request, uid):
    return _proposal_page(request, selectors.proposal_by_uid(uid), SupportForm())


def proposal_photo(request, uid, pk):
    item = selectors.proposal_by_uid(uid)
    if item.status not in selectors.PHOTO_STATUSES:
        raise Http404
    photo = get_object_or_404(item.photos, pk=pk)
    return files.serve(photo.file, filename=photo.original_name, content_type=photo.content_type)


@require_http_methods(["POST"])
def support(request, uid):
    item = selectors.proposal_by_uid(uid)
    form = SupportForm(request.POST)
    if protected_form_post(request, form, "support"):
        try:
            services.support_request(
                proposal=item,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.info(
                request, _("Check your e-mail: open the link we sent to count your support.")
            )
            return redirect(item.get_absolute_url())
    return _proposal_page(request, item, form, status=400)


def _follow(request, form, **subject) -> bool:
    if not protected_form_post(request, form, "follow"):
        return False
    services.follow_request(
        email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/"), **subject
    )
    messages.info(request, _("Check your e-mail: open the link we sent to start following."))
    return True


@require_http_methods(["POST"])
def follow_innovation(request, uid):
    version = selectors.version_by_uid(uid)
    form = FollowForm(request.POST)
    if _follow(request, form, publication=version.publication):
        return redirect(version.get_absolute_url())
    return innovation(request, uid, follow_form=form, status=400)


@require_http_methods(["POST"])
def follow_proposal(request, uid):
    item = selectors.proposal_by_uid(uid)
    form = FollowForm(request.POST)
    if _follow(request, form, proposal=item):
        return redirect(item.get_absolute_url())
    return _proposal_page(request, item, SupportForm(), status=400, follow_form=form)


def unfollow(request, token):
    ok = services.unfollow(token)
    return render(
        request, "public/confirm.html", {"ok": ok, "kind": "unfollow"}, status=200 if ok else 400
    )


def confirm(request, token):
    read = services.read_token(token)
    if read is None:
        return render(request, "public/confirm.html", {"ok": False}, status=400)
    kind, pk = read
    if kind == "proposal":
        item = get_object_or_404(Proposal, pk=pk)
        services.proposal_confirm(proposal=item)
        return render(request, "public/confirm.html", {"ok": True, "kind": kind, "p": item})
    if kind == "support":
        item = get_object_or_404(Support.objects.select_related("proposal"), pk=pk)
        services.support_confirm(support=item)
        messages.success(request, _("Thank you: your support is counted."))
        return redirect(item.proposal.get_absolute_url())
    if kind == "follow":
        item = get_object_or_404(Follower.objects.select_related("proposal", "publication"), pk=pk)
        services.follow_confirm(follower=item)
        messages.success(request, _("You follow it now: we e-mail you when there is news."))
        if item.proposal_id:
            return redirect(item.proposal.get_absolute_url())
        return redirect("public:innovation", uid=item.publication.uid)
    raise Http404


# --- Open data pages ---------------------------------------------------------------------


def data_page(request):
    from .opendata import data_page_context

    return render(request, "public/data.html", data_page_context())


def dataset_csv(request, name):
    from .opendata import DATASETS, csv_view

    if name not in DATASETS:
        raise Http404
    return csv_view(request, name)


def dataset_json(request, name):
    from .opendata import DATASETS, json_view

    if name not in DATASETS:
        raise Http404
    return json_view(request, name)
