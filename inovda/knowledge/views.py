"""Thin views: resolve objects through the user, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovda.core import files
from inovda.core.audit import timeline
from inovda.core.params import next_url, query_int
from inovda.core.versioning import StaleVersion
from inovda.innovations import services as innovation_services
from inovda.innovations.access import innovation_for_user, innovations_for_user
from inovda.innovations.forms import AttachmentForm
from inovda.organizations import access as org_access
from inovda.organizations import figures
from inovda.organizations.models import STEERING_ROLES

from . import access, conf, selectors, services
from .forms import (
    ActionItemForm,
    ActionStatusForm,
    EventForm,
    LessonForm,
    LibraryDocumentForm,
    ParticipantForm,
    ReplicationEditForm,
    ReplicationForm,
    SearchForm,
    SpeakerForm,
    SynonymForm,
    VersionForm,
    agency_label,
)
from .models import (
    ActionItem,
    Event,
    EventDocument,
    LibraryDocument,
    LibraryVersion,
    Participant,
    SearchSynonym,
    Speaker,
)

PAGE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE).get_page(request.GET.get("page"))


def _render_form(request, template, form, **context):
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


def _service(form, fn, **kwargs):
    """Call a service; put its validation errors on the form (None when it failed)."""
    try:
        return fn(**kwargs)
    except StaleVersion as exc:
        return exc.current if form.stale(exc) else None  # stale() True: a double submission
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def _upload(request, form, service, success: str, fields=(), **kwargs) -> None:
    """Run an upload service with the form's file (and `fields`); say what happened."""
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return
    data = {name: form.cleaned_data[name] for name in fields}
    try:
        service(actor=request.user, upload=form.cleaned_data["file"], **data, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success % {"name": form.cleaned_data["file"].name})


# Search ---------------------------------------------------------------------------------


@login_required
def search(request):
    user = request.user
    form = SearchForm(
        request.GET or None,
        types=selectors.search_types(),
        agencies=org_access.agencies_for_user(user),
        years=figures.for_viewer(
            request, "years", lambda: selectors.search_years(user=user), per_query=False
        ),
    )
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.SearchFilters(
            q=data["q"].strip(),
            types=[data["type"]] if data["type"] else [],
            agency=data["agency"].pk if data["agency"] else None,
            year=data["year"],
            affair=data["affair"].pk if data["affair"] else None,
            theme=data["theme"].pk if data["theme"] else None,
        )
        if any(v for k, v in data.items() if k != "type"):
            page = query_int(request.GET.get("page"), 1)
            results = selectors.search_documents(user=user, filters=filters, page=page)
    query = request.GET.copy()
    query.pop("page", None)
    without_type = query.copy()
    without_type.pop("type", None)
    context = {
        "form": form,
        "results": results,
        "query": query.urlencode(),
        "query_without_type": without_type.urlencode(),
        "tabs": [
            (code, label, results.counts.get(code, 0)) for code, label in selectors.search_types()
        ]
        if results
        else [],
        "all_total": sum(results.counts.values()) if results else 0,
        "selected_type": form.cleaned_data.get("type") if form.is_bound and form.is_valid() else "",
        "manages_synonyms": access.thesaurus_pemda_id(user) is not None,
    }
    template = "knowledge/_search_results.html" if request.htmx else "knowledge/search.html"
    return render(request, template, context)


@login_required
def synonym_list(request):
    """The search thesaurus: national groups (read only) and the Pemda's own (its admin adds
    and removes them)."""
    pemda_id = access.require_manage_thesaurus(request.user)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _service(
            form,
            services.synonym_add,
            actor=request.user,
            terms=form.cleaned_data["terms"],
            note=form.cleaned_data["note"],
        )
        if created is not None:
            messages.success(request, _("The synonyms were added."))
            return redirect("knowledge:synonym_list")
    national, own = selectors.synonyms_for_admin(pemda_id)
    context = {"national": national, "own": own}
    return _render_form(request, "knowledge/synonym_list.html", form, **context)


@login_required
@require_POST
def synonym_delete(request, pk):
    access.require_manage_thesaurus(request.user)
    synonym = get_object_or_404(SearchSynonym, pk=pk, pemda__isnull=False)
    services.synonym_remove(actor=request.user, synonym=synonym)
    messages.success(request, _("The synonyms were removed."))
    return redirect("knowledge:synonym_list")


@login_required
def agency_options(request):
    """The search page's agency choices matching what the user typed (search-as-you-type,
    for users who read thousands of agencies)."""
    agencies = org_access.agencies_for_user(request.user).select_related("pemda")
    for word in request.GET.get("agency_q", "").split()[:4]:
        agencies = agencies.filter(Q(name__icontains=word) | Q(pemda__name__icontains=word))
    matches = agencies.order_by("name", "pemda__name")[: int(conf.get("AGENCY_MATCHES"))]
    context = {"matches": [(a.pk, agency_label(a)) for a in matches]}
    return render(request, "knowledge/_agency_options.html", context)


@login_required
@require_POST
def similar_panel(request):
    """The htmx panel of the innovation form: similar innovations as the user types."""
    post = request.POST
    texts = {
        "name": post.get("name", ""),
        "goals": post.get("goals", ""),
        "benefits": post.get("benefits", ""),
        "design": "\n".join(v for k, v in post.items() if k.startswith("design_")),
    }
    exclude = post.get("innovation_id")
    agency_id = post.get("agency")
    agency = org_access.agencies_for_user(request.user).filter(pk=agency_id or 0).first()
    similar = selectors.similar_innovations(
        user=request.user,
        texts=texts,
        exclude=query_int(exclude),
        agency_id=agency.pk if agency else None,
        pemda_id=agency.pemda_id if agency else None,
    )
    context = {
        "similar": similar,
        "typed": True,
        "can_replicate": org_access.agencies_user_can_create_for(request.user).exists(),
    }
    return render(request, "knowledge/_similar_list.html", context)


@login_required
def similar_for(request, pk):
    """The innovation page's similar-innovations card, loaded by htmx after the page: the
    ranking is the page's costliest part, so the page does not wait for it."""
    from .extensions import similar_context

    innovation = innovation_for_user(request.user, pk)
    context = {**similar_context(request, innovation), "typed": False}
    return render(request, "knowledge/_similar_list.html", context)


# Events ---------------------------------------------------------------------------------


@login_required
def event_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Event.Kind.values else ""
    events = selectors.event_list(user=request.user, kind=kind)
    context = {
        "page": _page(request, events),
        "kinds": Event.Kind.choices,
        "kind": kind,
        "can_create": access.managed_agencies(request.user).exists(),
        "overdue": selectors.action_list(user=request.user, only="overdue").count(),
    }
    return render(request, "knowledge/event_list.html", context)


@login_required
def event_create(request):
    organisers = access.managed_agencies(request.user)
    if not organisers.exists():
        raise PermissionDenied(_("Your role does not organise events."))
    form = EventForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organiser"}
        event = _service(
            form,
            services.event_create,
            actor=request.user,
            organiser=form.cleaned_data["organiser"],
            data=data,
        )
        if event:
            messages.success(
                request,
                _("The event was saved. Add speakers, participants and action items below."),
            )
            return redirect(event)
    elif organisers.count() == 1:
        form.initial["organiser"] = organisers.first()
    return _render_form(request, "knowledge/event_form.html", form)


@login_required
def event_edit(request, pk):
    event = access.event_for_user(request.user, pk)
    access.require_manage_event(request.user, event)
    organisers = access.managed_agencies(request.user).filter(
        pemda_id=event.pemda_id
    ) | org_access.agencies_for_user(request.user).filter(pk=event.organiser_id)
    form = EventForm(request.POST or None, instance=event, organisers=organisers.distinct())
    if (
        request.method == "POST"
        and form.is_valid()
        and _service(
            form, services.event_update, actor=request.user, event=event, data=form.cleaned_data
        )
    ):
        messages.success(request, _("The event was saved."))
        return redirect(event)
    return _render_form(request, "knowledge/event_form.html", form, event=event)


@login_required
def event_report_pdf(request, pk):
    """The event's report (speakers, attendance, minutes, action items) as a PDF."""
    from inovda.core.pdf import letterhead, pdf_response

    user = request.user
    event = access.event_for_user(user, pk)
    actions = list(event.actions.select_related("owner", "owner_agency", "innovation"))
    visible = selectors.visible_innovation_ids(user, [a.innovation_id for a in actions])
    today = timezone.localdate()
    participants = list(event.participants.select_related("user", "agency"))
    context = {
        "event": event,
        "speakers": event.speakers.all(),
        "participants": participants,
        "attended": sum(1 for p in participants if p.attended),
        "actions": [
            {
                "item": a,
                "overdue": a.is_overdue(today),
                "innovation_visible": a.innovation_id in visible,
            }
            for a in actions
        ],
        "documents": event.documents.all(),
        **letterhead(event.pemda),
    }
    return pdf_response(
        request, "knowledge/pdf/event.html", context, filename=f"laporan-kegiatan-{event.pk}"
    )


@login_required
def event_detail(request, pk):
    user = request.user
    event = access.event_for_user(user, pk)
    manage = access.can_manage_event(user, event)
    actions = list(event.actions.select_related("owner", "owner_agency", "innovation"))
    visible = selectors.visible_innovation_ids(user, [a.innovation_id for a in actions if a])
    today = timezone.localdate()
    agencies = org_access.agencies_for_user(user)
    innovations = innovations_for_user(user).filter(pemda_id=event.pemda_id)
    context = {
        "event": event,
        "can_manage": manage,
        "speakers": event.speakers.all(),
        "participants": event.participants.select_related("user", "agency"),
        "actions": [
            {
                "item": a,
                "overdue": a.is_overdue(today),
                "innovation_visible": a.innovation_id in visible,
                "can_update": access.can_update_action(user, a),
                "status_form": ActionStatusForm(instance=a, prefix=f"a{a.pk}"),
            }
            for a in actions
        ],
        "documents": event.documents.all(),
        "timeline": timeline(event)[:50],
    }
    if manage:
        context.update(
            speaker_form=SpeakerForm(),
            participant_form=ParticipantForm(event=event, agencies=agencies),
            action_form=ActionItemForm(event=event, agencies=agencies, innovations=innovations),
            document_form=AttachmentForm(),
        )
    return render(request, "knowledge/event_detail.html", context)


@login_required
@require_POST
def event_delete(request, pk):
    event = access.event_for_user(request.user, pk)
    services.event_delete(actor=request.user, event=event)
    messages.success(request, _("The event “%(title)s” was deleted.") % {"title": event.title})
    return redirect("knowledge:event_list")


def _back_to(event, anchor: str):
    return redirect(f"{event.get_absolute_url()}#{anchor}")


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def speaker_add(request, pk):
    event = access.event_for_user(request.user, pk)
    form = SpeakerForm(request.POST)
    if form.is_valid():
        services.speaker_add(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("The speaker was added."))
    else:
        _form_errors(request, form)
    return _back_to(event, "speakers")


@login_required
@require_POST
def speaker_remove(request, pk):
    speaker = get_object_or_404(Speaker, pk=pk)
    event = access.event_for_user(request.user, speaker.event_id)
    services.speaker_remove(actor=request.user, speaker=speaker)
    return _back_to(event, "speakers")


@login_required
@require_POST
def participant_add(request, pk):
    event = access.event_for_user(request.user, pk)
    form = ParticipantForm(
        request.POST, event=event, agencies=org_access.agencies_for_user(request.user)
    )
    if form.is_valid():
        try:
            services.participant_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The participant was added."))
    else:
        _form_errors(request, form)
    return _back_to(event, "participants")


def _participant(user, pk) -> Participant:
    participant = get_object_or_404(Participant.objects.select_related("event"), pk=pk)
    access.event_for_user(user, participant.event_id)  # 404 outside scope
    return participant


@login_required
@require_POST
def participant_attendance(request, pk):
    participant = _participant(request.user, pk)
    services.participant_set_attendance(
        actor=request.user, participant=participant, attended=request.POST.get("attended") == "1"
    )
    return _back_to(participant.event, "participants")


@login_required
@require_POST
def participant_remove(request, pk):
    participant = _participant(request.user, pk)
    services.participant_remove(actor=request.user, participant=participant)
    return _back_to(participant.event, "participants")


@login_required
@require_POST
def action_add(request, pk):
    user = request.user
    event = access.event_for_user(user, pk)
    form = ActionItemForm(
        request.POST,
        event=event,
        agencies=org_access.agencies_for_user(user),
        innovations=innovations_for_user(user).filter(pemda_id=event.pemda_id),
    )
    if form.is_valid():
        services.action_add(actor=user, event=event, data=form.cleaned_data)
        messages.success(request, _("The action item was added."))
    else:
        _form_errors(request, form)
    return _back_to(event, "actions")


def _action(user, pk) -> ActionItem:
    action = get_object_or_404(ActionItem.objects.select_related("event"), pk=pk)
    access.event_for_user(user, action.event_id)
    return action


@login_required
@require_POST
def action_update(request, pk):
    action = _action(request.user, pk)
    form = ActionStatusForm(request.POST, instance=ActionItem(), prefix=f"a{action.pk}")
    if form.is_valid():
        services.action_update(actor=request.user, action=action, data=form.cleaned_data)
        messages.success(request, _("The action item was updated."))
    else:
        _form_errors(request, form)
    return redirect(next_url(request, f"{action.event.get_absolute_url()}#actions"))


@login_required
@require_POST
def action_remove(request, pk):
    action = _action(request.user, pk)
    services.action_remove(actor=request.user, action=action)
    return _back_to(action.event, "actions")


@login_required
def action_list(request):
    only = request.GET.get("only", "open")
    only = only if only in ("", "open", "overdue", "mine") else "open"
    actions = selectors.action_list(user=request.user, only=only)
    page = _page(request, actions)
    visible = selectors.visible_innovation_ids(request.user, [a.innovation_id for a in page])
    context = {
        "page": page,
        "only": only,
        "today": timezone.localdate(),
        "visible_innovations": visible,
    }
    return render(request, "knowledge/action_list.html", context)


@login_required
@require_POST
def event_document_upload(request, pk):
    event = access.event_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    message = _("“%(name)s” was attached.")
    _upload(request, form, services.event_document_add, message, ["description"], event=event)
    return _back_to(event, "documents")


def _event_document(user, pk) -> EventDocument:
    document = get_object_or_404(EventDocument.objects.select_related("event"), pk=pk)
    access.event_for_user(user, document.event_id)
    return document


@login_required
def event_document_download(request, pk):
    document = _event_document(request.user, pk)
    return files.serve(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@login_required
@require_POST
def event_document_remove(request, pk):
    document = _event_document(request.user, pk)
    services.event_document_remove(actor=request.user, document=document)
    return _back_to(document.event, "documents")


# Lessons --------------------------------------------------------------------------------


@login_required
def lesson_list(request):
    lessons = access.lessons_for_user(request.user).select_related("innovation__agency")
    return render(request, "knowledge/lesson_list.html", {"page": _page(request, lessons)})


@login_required
def lesson_create(request, pk):
    innovation = innovation_for_user(request.user, pk)
    access.require_write_about(request.user, innovation)
    initial = {}
    if innovation.status == innovation.Status.DISCONTINUED:
        initial["occasion"] = "discontinuation"
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        lesson = _service(
            form,
            innovation_services.lesson_create,
            actor=request.user,
            innovation=innovation,
            data=form.cleaned_data,
        )
        if lesson:
            messages.success(request, _("The lesson was saved."))
            return redirect("knowledge:lesson_detail", lesson.pk)
    return _render_form(request, "knowledge/lesson_form.html", form, innovation=innovation)


@login_required
def lesson_detail(request, pk):
    lesson = access.lesson_for_user(request.user, pk)
    context = {
        "lesson": lesson,
        "can_edit": access.can_write_about(request.user, lesson.innovation),
        "timeline": timeline(lesson)[:50],
    }
    return render(request, "knowledge/lesson_detail.html", context)


@login_required
def lesson_edit(request, pk):
    lesson = access.lesson_for_user(request.user, pk)
    access.require_write_about(request.user, lesson.innovation)
    form = LessonForm(request.POST or None, instance=lesson)
    if (
        request.method == "POST"
        and form.is_valid()
        and _service(
            form,
            innovation_services.lesson_update,
            actor=request.user,
            lesson=lesson,
            data=form.cleaned_data,
        )
    ):
        messages.success(request, _("The lesson was saved."))
        return redirect("knowledge:lesson_detail", lesson.pk)
    return _render_form(
        request, "knowledge/lesson_form.html", form, innovation=lesson.innovation, lesson=lesson
    )


@login_required
@require_POST
def lesson_delete(request, pk):
    lesson = access.lesson_for_user(request.user, pk)
    innovation_services.lesson_delete(actor=request.user, lesson=lesson)
    messages.success(request, _("The lesson was deleted."))
    return redirect(lesson.innovation)


# Library --------------------------------------------------------------------------------


@login_required
def library_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in LibraryDocument.Kind.values else ""
    documents = (
        access.library_for_user(request.user).select_related("agency").prefetch_related("tags")
    )
    if kind:
        documents = documents.filter(kind=kind)
    context = {
        "page": _page(request, documents),
        "kinds": LibraryDocument.Kind.choices,
        "kind": kind,
        "can_create": access.can_publish(request.user),
    }
    return render(request, "knowledge/library_list.html", context)


def _library_form(request, instance=None):
    user = request.user
    agencies = access.managed_agencies(user)
    curator = bool(org_access.pemda_ids_with_role(user, *STEERING_ROLES)) or user.is_superuser
    return LibraryDocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        agencies=agencies,
        agency_required=not curator,
    )


@login_required
def library_create(request):
    if not access.can_publish(request.user):
        raise PermissionDenied(_("Your role does not publish library documents."))
    form = _library_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.library_document_create(
                actor=request.user,
                data=form.service_data(),
                upload=form.cleaned_data["file"],
                tags=form.tags(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error("file" if exc.code in ("too_large", "bad_type") else None, exc)
        else:
            messages.success(request, _("The document was published."))
            return redirect(document)
    return _render_form(request, "knowledge/library_form.html", form)


@login_required
def library_detail(request, pk):
    document = access.library_document_for_user(request.user, pk)
    context = {
        "document": document,
        "versions": document.versions.select_related("uploaded_by"),
        "can_manage": access.can_manage_document(request.user, document),
        "version_form": VersionForm(),
        "timeline": timeline(document)[:50],
    }
    return render(request, "knowledge/library_detail.html", context)


@login_required
def library_edit(request, pk):
    document = access.library_document_for_user(request.user, pk)
    access.require_manage_document(request.user, document)
    form = _library_form(request, instance=document)
    if (
        request.method == "POST"
        and form.is_valid()
        and _service(
            form,
            services.library_document_update,
            actor=request.user,
            document=document,
            data=form.service_data(),
            tags=form.tags(),
        )
    ):
        messages.success(request, _("The document was saved."))
        return redirect(document)
    return _render_form(request, "knowledge/library_form.html", form, document=document)


@login_required
@require_POST
def library_version_upload(request, pk):
    document = access.library_document_for_user(request.user, pk)
    form = VersionForm(request.POST, request.FILES)
    message = _("A new version of the document was uploaded: “%(name)s”.")
    _upload(request, form, services.library_version_add, message, ["note"], document=document)
    return redirect(document)


@login_required
def library_version_download(request, pk):
    version = get_object_or_404(LibraryVersion, pk=pk)
    access.library_document_for_user(request.user, version.document_id)
    return files.serve(
        version.file, filename=version.original_name, content_type=version.content_type
    )


@login_required
@require_POST
def library_delete(request, pk):
    document = access.library_document_for_user(request.user, pk)
    services.library_document_delete(actor=request.user, document=document)
    messages.success(request, _("The document was deleted."))
    return redirect("knowledge:library_list")


# Replication ----------------------------------------------------------------------------


@login_required
def replication_list(request):
    replications = access.replications_for_user(request.user).select_related(
        "origin__agency", "origin__pemda", "adopter_pemda", "adopter_agency"
    )
    page = _page(request, replications)
    visible = selectors.visible_innovation_ids(
        request.user,
        [r.origin_id for r in page] + [r.adopted_innovation_id for r in page],
    )
    context = {"page": page, "visible_innovations": visible}
    return render(request, "knowledge/replication_list.html", context)


@login_required
def replication_create(request, pk):
    user = request.user
    origin = innovation_for_user(user, pk)
    own = org_access.agencies_user_can_create_for(user).exclude(pk=origin.agency_id)
    if not own.exists() and not access.can_write_about(user, origin):
        raise PermissionDenied(_("Your role does not record replications."))
    form = ReplicationForm(request.POST or None, agencies=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            replication = services.replication_create(
                actor=user,
                origin=origin,
                adopter_pemda=data["adopter_pemda"],
                adopter_agency=data["adopter_agency"],
                adopter_unit_name=data["adopter_unit_name"],
                data=form.service_data(),
                make_draft=bool(data.get("make_draft")) and bool(data["adopter_agency"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The replication was recorded."))
            return redirect(replication)
    elif request.method == "GET" and own.count() == 1:
        form.initial["adopter_agency"] = own.first()
    return _render_form(request, "knowledge/replication_form.html", form, origin=origin)


@login_required
def replication_detail(request, pk):
    replication = access.replication_for_user(request.user, pk)
    visible = selectors.visible_innovation_ids(
        request.user, [replication.origin_id, replication.adopted_innovation_id]
    )
    context = {
        "replication": replication,
        "visible_innovations": visible,
        "can_manage": access.can_manage_replication(request.user, replication),
        "agreement_form": AttachmentForm(),
        "timeline": timeline(replication)[:50],
    }
    return render(request, "knowledge/replication_detail.html", context)


@login_required
def replication_edit(request, pk):
    replication = access.replication_for_user(request.user, pk)
    access.require_manage_replication(request.user, replication)
    innovations = innovations_for_user(request.user).filter(pemda_id=replication.adopter_pemda_id)
    form = ReplicationEditForm(request.POST or None, instance=replication, innovations=innovations)
    if not access.is_adopter_side(request.user, replication):
        form.fields["adopted_innovation"].disabled = True  # the adopter's side, not ours
    if (
        request.method == "POST"
        and form.is_valid()
        and _service(
            form,
            services.replication_update,
            actor=request.user,
            replication=replication,
            data=form.cleaned_data,
        )
    ):
        messages.success(request, _("The replication was saved."))
        return redirect(replication)
    visible = selectors.visible_innovation_ids(
        request.user, [replication.origin_id, replication.adopted_innovation_id]
    )
    return _render_form(
        request,
        "knowledge/replication_edit.html",
        form,
        replication=replication,
        visible_innovations=visible,
    )


@login_required
def replication_agreement(request, pk):
    replication = access.replication_for_user(request.user, pk)
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        _upload(
            request,
            form,
            services.replication_attach_agreement,
            _("The agreement “%(name)s” was attached."),
            replication=replication,
        )
        return redirect(replication)
    return files.serve(
        replication.agreement_file,
        filename=replication.agreement_file_name,
        content_type=replication.agreement_content_type,
    )


@login_required
@require_POST
def replication_delete(request, pk):
    replication = access.replication_for_user(request.user, pk)
    services.replication_delete(actor=request.user, replication=replication)
    messages.success(request, _("The replication was deleted."))
    return redirect(replication.origin)


@login_required
def lineage(request, pk):
    innovation = innovation_for_user(request.user, pk)
    context = {
        "innovation": innovation,
        "tree": selectors.lineage(user=request.user, innovation=innovation),
        "evidence": selectors.replication_evidence(innovation),
    }
    return render(request, "knowledge/lineage.html", context)
