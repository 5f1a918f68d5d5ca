"""Thin views: resolve objects through the user, call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import files
from inovda.core.extensions import lazy_panel, panels_for
from inovda.core.versioning import StaleVersion
from inovda.organizations import access as org_access
from inovda.organizations import figures

from .. import access, rules, selectors, services
from ..forms import (
    DESIGN_HELP,
    AttachmentForm,
    InnovationFilterForm,
    InnovationForm,
    filter_pemdas,
    has_desk_innovations,
)
from ..models import DESIGN_FIELDS, Attachment


@login_required
def innovation_list(request):
    user = request.user
    form = InnovationFilterForm(
        request.GET or None,
        agencies=org_access.agencies_for_user(user),
        years=figures.for_viewer(request, "years", lambda: selectors.innovation_years(user=user)),
        pemdas=filter_pemdas(user),
        mine=has_desk_innovations(user),
    )
    filters = form.to_filters()
    queryset = selectors.innovation_list(user=user, filters=filters)
    context = {
        "form": form,
        "page": figures.paginate(request, queryset),
        "query": figures.query_without_page(request),
        "can_create": access.can_create(user),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }
    template = "innovations/_list_results.html" if request.htmx else "innovations/list.html"
    return render(request, template, context)


@login_required
def innovation_detail(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    prefetch_related_objects([innovation], "themes", "other_affairs", "sdgs")
    context = {
        "innovation": innovation,
        "can_edit": access.can_edit(request.user, innovation),
        "can_delete": access.can_delete(request.user, innovation),
        "submission_problems": rules.submission_problems(innovation),
        "design_sections": [
            (innovation._meta.get_field(name).verbose_name, getattr(innovation, name))
            for name in DESIGN_FIELDS
        ],
        "attachments": innovation.attachments.all(),
        "attachment_form": AttachmentForm(),
        # The timeline grows with the history: drawn after the page with the lazy cards.
        "timeline": None
        if settings.INOVDA["LAZY_CARDS"]
        else selectors.innovation_timeline(innovation)[:100],
        "design_min_words": settings.INOVDA["DESIGN_MIN_WORDS"],
        "panels": panels_for(
            request,
            innovation,
            lazy_url=(
                lambda panel: (
                    f"{reverse('innovations:panel', args=[innovation.pk])}?"
                    f"{urlencode({'card': panel.template})}"
                )
            )
            if settings.INOVDA["LAZY_CARDS"]
            else None,
        ),
    }
    return render(request, "innovations/detail.html", context)


@login_required
def innovation_history(request, pk):
    """The innovation page's timeline (htmx, after the page): its length grows with the
    innovation's history, so the page does not wait for it."""
    innovation = access.innovation_for_user(request.user, pk)
    events = selectors.innovation_timeline(innovation)[:100]
    return render(request, "core/_timeline.html", {"events": events})


@login_required
def innovation_card(request, pk):
    """One lazy card of the innovation page (htmx), resolved through the user like the page."""
    innovation = access.innovation_for_user(request.user, pk)
    panel = lazy_panel(request.GET.get("card", ""))
    if panel is None:
        raise Http404
    context = panel.context(request, innovation)
    if context is None:
        return HttpResponse("")
    return render(request, panel.template, {"panel": context, "innovation": innovation})


def _render_form(request, form, innovation=None):
    context = {
        "form": form,
        "innovation": innovation,
        "design_fields": [form[name] for name in DESIGN_FIELDS],
        "design_help": DESIGN_HELP,
        "design_min_words": settings.INOVDA["DESIGN_MIN_WORDS"],
    }
    return render(request, "innovations/form.html", context, status=400 if form.errors else 200)


@login_required
def innovation_create(request):
    agencies = org_access.agencies_user_can_create_for(request.user)
    access.require_create(request.user)
    form = InnovationForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        agency = data.pop("agency")
        try:
            innovation = services.innovation_create(actor=request.user, agency=agency, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _after_save(request, innovation)
    elif request.method == "GET" and agencies.count() == 1:
        form.initial["agency"] = agencies.first()
    return _render_form(request, form)


def _after_save(request, innovation):
    if "submit" in request.POST:
        try:
            services.innovation_submit(actor=request.user, innovation=innovation)
        except ValidationError as exc:
            messages.warning(
                request,
                _("Saved as a draft, but not submitted yet: %(problems)s")
                % {"problems": " ".join(exc.messages)},
            )
            return redirect("innovations:edit", pk=innovation.pk)
        messages.success(request, _("The innovation was saved and submitted."))
    else:
        messages.success(request, _("The innovation was saved."))
    return redirect(innovation)


@login_required
def innovation_edit(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    access.require_edit(request.user, innovation)
    agencies = org_access.agencies_user_can_create_for(request.user).filter(
        pemda_id=innovation.pemda_id
    ) | org_access.agencies_for_user(request.user).filter(pk=innovation.agency_id)
    form = InnovationForm(request.POST or None, instance=innovation, agencies=agencies.distinct())
    if request.method == "POST" and form.is_valid():
        try:
            innovation = services.innovation_update(
                actor=request.user,
                innovation=innovation,
                data=form.service_data(),
                version=form.cleaned_data.get("version"),
            )
        except StaleVersion as exc:
            if form.stale(exc):
                return _after_save(request, innovation)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _after_save(request, innovation)
    elif request.method == "GET" and innovation.status in access.EDITABLE_BY_AGENCY:
        problems = rules.submission_problems(innovation)
        if problems:
            form.submission_problems = problems
    return _render_form(request, form, innovation)


@login_required
@require_POST
def innovation_submit(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    try:
        services.innovation_submit(actor=request.user, innovation=innovation)
    except ValidationError as exc:
        for problem in exc.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The innovation was submitted."))
    return redirect(innovation)


@login_required
@require_POST
def innovation_delete(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    services.innovation_delete(actor=request.user, innovation=innovation)
    messages.success(request, _("The draft “%(name)s” was deleted.") % {"name": innovation.name})
    return redirect("innovations:list")


@login_required
@require_POST
def attachment_upload(request, pk):
    innovation = access.innovation_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user,
                innovation=innovation,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("“%(name)s” was attached.") % {"name": attachment.original_name}
            )
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(f"{innovation.get_absolute_url()}#attachments")


def _attachment_for_user(user, pk) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("innovation"), pk=pk)
    # Resolve through the innovation: an attachment is visible only with its innovation.
    if not access.innovations_for_user(user).filter(pk=attachment.innovation_id).exists():
        raise Http404
    return attachment


@login_required
def attachment_download(request, pk):
    attachment = _attachment_for_user(request.user, pk)
    return files.serve(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = _attachment_for_user(request.user, pk)
    innovation = attachment.innovation
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect(f"{innovation.get_absolute_url()}#attachments")
