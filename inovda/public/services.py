"""Writes of the public side. Each service checks who may act, changes the data and records
its audit event in one transaction; e-mails and notifications go out after commit.

The registry is never written here: a citizen proposal becomes an innovation through
`inovda.innovations.services.innovation_create` (initiator kind "masyarakat").
"""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import audit, files, formats, hooks
from inovda.core.notifications import notify
from inovda.innovations import access as inn_access
from inovda.innovations.models import Innovation
from inovda.innovations.selectors import pemda_staff
from inovda.innovations.services import innovation_create
from inovda.organizations import access as org_access
from inovda.organizations.models import Agency, Role
from inovda.problems.selectors import open_public_challenges

from . import conf
from .models import (
    Feedback,
    Follower,
    Proposal,
    ProposalPhoto,
    Publication,
    PublicVersion,
    ReportSummary,
    Support,
)
from .protection import keyed_hash

logger = logging.getLogger(__name__)

# --- Redaction ---------------------------------------------------------------------------

TEXT_FIELDS = (
    "name",
    "problem",
    "what_it_does",
    "beneficiaries",
    "results",
    "lessons",
    "contact_unit",
)
PERSONAL_DATA = (
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), gettext_lazy("an e-mail address")),
    (re.compile(r"(?:\+62[\s.-]?|\b0)8\d[\d\s.-]{6,13}\d"), gettext_lazy("a phone number")),
    (re.compile(r"\b\d{16}\b"), gettext_lazy("a 16-digit number (NIK or KK)")),
)
# Innovations that may have a public version: decided on, adopted, running, or closed.
PUBLISHABLE = frozenset(
    {
        Innovation.Status.FEASIBLE,
        Innovation.Status.ADOPTED,
        Innovation.Status.TRIAL,
        Innovation.Status.IMPLEMENTED,
        Innovation.Status.DISCONTINUED,
    }
)


def personal_data_found(texts: dict[str, str]) -> list[str]:
    """What looks like personal data in these texts, one message per field and kind."""
    found = []
    for field, text in texts.items():
        for pattern, label in PERSONAL_DATA:
            if pattern.search(text or ""):
                found.append(
                    _("“%(field)s” contains %(what)s; remove it before publishing.")
                    % {"field": PublicVersion._meta.get_field(field).verbose_name, "what": label}
                )
    return found


def _require_admin(actor, pemda_id: int) -> None:
    if not org_access.has_role(actor, pemda_id, Role.PEMDA_ADMIN):
        raise PermissionDenied(_("Only the Pemda admin may do this."))


# --- Publication -------------------------------------------------------------------------


def kpi_series(innovation: Innovation) -> list[dict]:
    """The innovation's indicators with their reported values, oldest first."""
    out = []
    for kpi in innovation.kpis.all():
        values = kpi.values.select_related("report").order_by("report__period_end")
        out.append(
            {
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": float(kpi.baseline),
                "target": float(kpi.target),
                "points": [
                    {"label": v.report.period_end.isoformat(), "value": float(v.value)}
                    for v in values
                ],
            }
        )
    return out


def facts_of(innovation: Innovation) -> dict[str, Any]:
    """What a public version copies from the registry as data (no free text)."""
    instruments = [
        {"kind": i.get_kind_display(), "number": i.number, "issued_on": i.issued_on.isoformat()}
        for i in innovation.instruments.all()
    ]
    replications = [
        {"pemda": r.adopter_pemda.name, "status": r.get_status_display()}
        for r in innovation.replications.select_related("adopter_pemda")
    ]
    return {
        "legal_instruments": instruments,
        "kpis": kpi_series(innovation),
        "replications": replications,
    }


@transaction.atomic
def publication_propose(
    *, actor, innovation: Innovation, data: dict[str, Any], attachments=()
) -> PublicVersion:
    """The agency proposes a public version: its reviewed texts, the facts it chose and
    the attachments it marked public. A pending proposal is replaced."""
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    if not inn_access.can_report(actor, innovation):
        raise PermissionDenied(_("Only the innovation's agency may propose its publication."))
    if innovation.status not in PUBLISHABLE:
        raise ValidationError(
            _(
                "Only an innovation found feasible, adopted, in trial, implemented or closed "
                "can be published."
            )
        )
    problems = personal_data_found({k: data.get(k, "") for k in TEXT_FIELDS})
    if problems:
        raise ValidationError(problems)
    if not (data.get("name") or "").strip():
        raise ValidationError(_("The public version needs a name."))
    chosen = [a for a in attachments if a.innovation_id == innovation.pk]
    publication, _created = Publication.objects.get_or_create(innovation=innovation)
    publication.versions.filter(state=PublicVersion.State.PROPOSED).update(
        state=PublicVersion.State.SUPERSEDED
    )
    facts = facts_of(innovation)
    version = PublicVersion.objects.create(
        publication=publication,
        pemda_id=innovation.pemda_id,
        agency_id=innovation.agency_id,
        main_affair_id=innovation.main_affair_id,
        stage=innovation.stage,
        status=innovation.status,
        year=innovation.year,
        form=innovation.form,
        kind=innovation.kind,
        initiator_kind=innovation.initiator_kind,
        proposed_by=actor,
        **{k: (data.get(k) or "").strip() for k in TEXT_FIELDS},
        legal_instruments=facts["legal_instruments"] if data.get("include_instruments") else [],
        kpis=facts["kpis"] if data.get("include_kpis") else [],
        replications=facts["replications"] if data.get("include_replications") else [],
        evidence_level=innovation.evidence_level,
    )
    version.themes.set(innovation.themes.all())
    version.sdgs.set(innovation.sdgs.all())
    version.attachments.set(chosen)
    audit.record(
        actor=actor,
        verb="publication_proposed",
        subject=innovation,
        target=version.name,
        changes={"attachments": {"before": None, "after": [a.original_name for a in chosen]}},
    )
    notify(
        recipients=pemda_staff(innovation, Role.PEMDA_ADMIN),
        verb="publication_review",
        message=_("“%(name)s” (%(agency)s) waits for approval of its public version.")
        % {"name": innovation.name, "agency": innovation.agency},
        link=reverse("public:staff_version", args=[version.pk]),
    )
    return version


@transaction.atomic
def publication_approve(*, actor, version: PublicVersion) -> PublicVersion:
    version = PublicVersion.objects.select_for_update().get(pk=version.pk)
    _require_admin(actor, version.pemda_id)
    if version.state != PublicVersion.State.PROPOSED:
        raise ValidationError(_("Only a version waiting for approval can be published."))
    problems = personal_data_found({k: getattr(version, k) for k in TEXT_FIELDS})
    if problems:
        raise ValidationError(problems)
    for old in version.publication.versions.filter(state=PublicVersion.State.PUBLISHED):
        old.state = PublicVersion.State.SUPERSEDED
        old.save(update_fields=["state", "updated_at"])
        hooks.record(instance=old, actor=actor)  # the search row goes (not published)
    now = timezone.now()
    version.state = PublicVersion.State.PUBLISHED
    version.reviewed_by, version.reviewed_at, version.published_at = actor, now, now
    version.save()
    hooks.record(instance=version, actor=actor)  # the catalogue's search row
    innovation = version.publication.innovation
    audit.record(actor=actor, verb="publication_approved", subject=innovation, target=version.name)
    notify(
        recipients=[version.proposed_by],
        verb="publication_decided",
        message=_("The public version of “%(name)s” is now published.") % {"name": version.name},
        link=version.get_absolute_url(),
    )
    return version


@transaction.atomic
def publication_refuse(*, actor, version: PublicVersion, note: str) -> PublicVersion:
    version = PublicVersion.objects.select_for_update().get(pk=version.pk)
    _require_admin(actor, version.pemda_id)
    if version.state != PublicVersion.State.PROPOSED:
        raise ValidationError(_("Only a version waiting for approval can be refused."))
    if not note.strip():
        raise ValidationError(_("Say what must change."))
    version.state = PublicVersion.State.REFUSED
    version.review_note = note.strip()
    version.reviewed_by, version.reviewed_at = actor, timezone.now()
    version.save()
    innovation = version.publication.innovation
    audit.record(
        actor=actor, verb="publication_refused", subject=innovation, message=version.review_note
    )
    notify(
        recipients=[version.proposed_by],
        verb="publication_decided",
        message=_("The public version of “%(name)s” was refused: %(note)s")
        % {"name": version.name, "note": version.review_note},
        link=innovation.get_absolute_url(),
    )
    return version


@transaction.atomic
def publication_withdraw(*, actor, innovation: Innovation, reason: str = "") -> None:
    """Remove the public version at once (the agency or the Pemda admin)."""
    if not (
        inn_access.can_report(actor, innovation)
        or org_access.has_role(actor, innovation.pemda_id, Role.PEMDA_ADMIN)
    ):
        raise PermissionDenied(_("You may not withdraw this publication."))
    versions = PublicVersion.objects.select_for_update().filter(
        publication__innovation=innovation, state=PublicVersion.State.PUBLISHED
    )
    done = False
    for version in versions:
        version.state = PublicVersion.State.WITHDRAWN
        version.review_note = reason.strip()
        version.save(update_fields=["state", "review_note", "updated_at"])
        hooks.record(instance=version, actor=actor)  # the search row goes
        done = True
    if not done:
        raise ValidationError(_("Nothing is published for this innovation."))
    audit.record(
        actor=actor, verb="publication_withdrawn", subject=innovation, message=reason.strip()
    )


# --- Citizen proposals -------------------------------------------------------------------

_CONFIRM_SALT = "inovda.public.confirm"


def confirm_token(kind: str, pk: int) -> str:
    return signing.dumps({"k": kind, "id": pk}, salt=_CONFIRM_SALT)


def read_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(
            token, salt=_CONFIRM_SALT, max_age=datetime.timedelta(days=conf.get("CONFIRM_DAYS"))
        )
        return data["k"], int(data["id"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _send(to: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [to])
    except OSError:  # a mail server down must not break the citizen's page
        logger.exception("public: mail to a citizen failed")


def _mail(to: str, subject: str, body: str) -> None:
    if to:
        transaction.on_commit(lambda: _send(to, subject, body))


def _absolute(path: str, base_url: str) -> str:
    return base_url.rstrip("/") + path


@transaction.atomic
def proposal_submit(
    *, pemda, data: dict[str, Any], photos=(), base_url: str = "http://localhost"
) -> Proposal:
    """Store a citizen's proposal unconfirmed and send the confirmation link."""
    district, village = data["district"], data.get("village")
    if district.pemda_id != pemda.pk or district.level != "kecamatan":
        raise ValidationError(_("Choose a kecamatan of this city."))
    if village is not None and village.parent_id != district.pk:
        raise ValidationError(_("The kelurahan is not in the chosen kecamatan."))
    photos = list(photos)
    if len(photos) > conf.get("MAX_PHOTOS"):
        raise ValidationError(_("At most %(n)d photos.") % {"n": conf.get("MAX_PHOTOS")})
    challenge = None
    if data.get("challenge"):
        challenge = open_public_challenges(pemda_id=pemda.pk).filter(pk=data["challenge"]).first()
        if challenge is None:
            raise ValidationError(
                _("This challenge is closed; your proposal can still be sent without it.")
            )
    proposal = Proposal(
        pemda=pemda,
        challenge=challenge,
        kind=data.get("kind") or Proposal.Kind.IDEA,
        affair=data.get("affair"),
        district=district,
        village=village,
        title=data["title"].strip(),
        description=data["description"].strip(),
        proposer_name=(data.get("proposer_name") or "").strip(),
        proposer_email=data["proposer_email"].strip().lower(),
    )
    proposal.full_clean()
    proposal.save()
    for photo in photos:
        record = ProposalPhoto(proposal=proposal)
        files.store(record, upload=photo, prefix="proposals", kinds=(files.JPEG, files.PNG))
        record.save()
    link = _absolute(
        reverse("public:confirm", args=[confirm_token("proposal", proposal.pk)]), base_url
    )
    _mail(
        proposal.proposer_email,
        _("Confirm your proposal “%(title)s”") % {"title": proposal.title},
        _(
            "Thank you for your proposal. Open this link to confirm it; it then goes to the "
            "moderators:\n\n%(link)s\n\nIf you did not send it, ignore this message."
        )
        % {"link": link},
    )
    return proposal


@transaction.atomic
def proposal_confirm(*, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.UNCONFIRMED:
        return proposal
    proposal.status = Proposal.Status.PENDING
    proposal.confirmed_at = timezone.now()
    proposal.save()
    audit.record(actor=None, verb="proposal_confirmed", subject=proposal)
    notify(
        recipients=_admins(proposal.pemda_id),
        verb="proposal_moderation",
        message=_("A citizen proposal waits for moderation: “%(title)s”.")
        % {"title": proposal.title},
        link=reverse("public:staff_proposal", args=[proposal.pk]),
    )
    return proposal


def _admins(pemda_id: int) -> list:
    from inovda.organizations.models import Membership

    return [
        m.user
        for m in Membership.objects.filter(pemda_id=pemda_id, role=Role.PEMDA_ADMIN).select_related(
            "user"
        )
    ]


def _moderated(actor, proposal: Proposal, allowed: set[str]) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_admin(actor, proposal.pemda_id)
    if proposal.status not in allowed:
        raise ValidationError(_("This proposal is not waiting for that decision."))
    return proposal


def _tell_proposer(proposal: Proposal, message: str, base_url: str) -> None:
    if proposal.proposer_email and not proposal.erased_at:
        link = _absolute(proposal.get_absolute_url(), base_url)
        _mail(
            proposal.proposer_email,
            _("Your proposal “%(title)s”") % {"title": proposal.title},
            f"{message}\n\n{link}",
        )


@transaction.atomic
def proposal_route(
    *, actor, proposal: Proposal, agency: Agency, base_url: str = "http://localhost"
) -> Proposal:
    """Accept the proposal and send it to an agency, with the answer deadline (SLA)."""
    proposal = _moderated(actor, proposal, {Proposal.Status.PENDING, Proposal.Status.ROUTED})
    if agency.pemda_id != proposal.pemda_id:
        raise ValidationError(_("Choose an agency of this Pemda."))
    proposal.status = Proposal.Status.ROUTED
    proposal.agency = agency
    proposal.answer_due = timezone.localdate() + datetime.timedelta(days=conf.get("ANSWER_DAYS"))
    proposal.save()
    audit.record(actor=actor, verb="proposal_routed", subject=proposal, target=str(agency))
    from inovda.organizations.models import AGENCY_ROLES, Membership

    staff = [
        m.user
        for m in Membership.objects.filter(agency=agency, role__in=AGENCY_ROLES).select_related(
            "user"
        )
    ]
    notify(
        recipients=staff,
        verb="proposal_to_answer",
        message=_("A citizen proposal waits for your answer by %(due)s: “%(title)s”.")
        % {"due": formats.long_date(proposal.answer_due), "title": proposal.title},
        link=reverse("public:staff_proposal", args=[proposal.pk]),
    )
    _tell_proposer(
        proposal,
        _("Your proposal was accepted and sent to %(agency)s, which answers by %(due)s.")
        % {"agency": agency, "due": formats.long_date(proposal.answer_due)},
        base_url,
    )
    return proposal


@transaction.atomic
def proposal_refuse(
    *, actor, proposal: Proposal, reason: str, base_url: str = "http://localhost"
) -> Proposal:
    proposal = _moderated(actor, proposal, {Proposal.Status.PENDING, Proposal.Status.ROUTED})
    if not reason.strip():
        raise ValidationError(_("Give the reason; it is published with the proposal."))
    proposal.status = Proposal.Status.REFUSED
    proposal.public_reason = reason.strip()
    proposal.save()
    audit.record(actor=actor, verb="proposal_refused", subject=proposal, message=reason.strip())
    _tell_proposer(
        proposal, _("Your proposal was refused: %(reason)s") % {"reason": reason}, base_url
    )
    return proposal


@transaction.atomic
def proposal_merge(
    *,
    actor,
    proposal: Proposal,
    into: Proposal,
    reason: str = "",
    base_url: str = "http://localhost",
) -> Proposal:
    proposal = _moderated(actor, proposal, {Proposal.Status.PENDING, Proposal.Status.ROUTED})
    if (
        into.pk == proposal.pk
        or into.pemda_id != proposal.pemda_id
        or into.status
        in (
            Proposal.Status.UNCONFIRMED,
            Proposal.Status.MERGED,
        )
    ):
        raise ValidationError(_("Choose another proposal of this Pemda."))
    proposal.status = Proposal.Status.MERGED
    proposal.merged_into = into
    proposal.public_reason = reason.strip()
    proposal.save()
    Proposal.objects.filter(pk=into.pk).update(support_count=F("support_count") + 1)
    audit.record(actor=actor, verb="proposal_merged", subject=proposal, target=into.title)
    _tell_proposer(
        proposal,
        _("Your proposal was merged with “%(other)s”, where it is followed from now on.")
        % {"other": into.title},
        base_url,
    )
    return proposal


def can_answer(user, proposal: Proposal) -> bool:
    if proposal.agency_id is None:
        return False
    from inovda.organizations.models import AGENCY_ROLES

    return proposal.agency_id in org_access.agency_ids_with_role(
        user, *AGENCY_ROLES
    ) or org_access.has_role(user, proposal.pemda_id, Role.PEMDA_ADMIN)


@transaction.atomic
def proposal_answer(
    *,
    actor,
    proposal: Proposal,
    answer: str,
    register: bool = False,
    base_url: str = "http://localhost",
) -> Proposal:
    """The agency answers (published); with `register`, the idea becomes a registry
    innovation of the agency, initiated by a citizen, linked both ways."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not can_answer(actor, proposal):
        raise PermissionDenied(_("Only the agency the proposal was routed to may answer."))
    if proposal.status not in (Proposal.Status.ROUTED, Proposal.Status.ANSWERED):
        raise ValidationError(_("This proposal is not waiting for an answer."))
    if not answer.strip():
        raise ValidationError(_("Write the answer; it is published with the proposal."))
    proposal.answer = answer.strip()
    proposal.answered_at = proposal.answered_at or timezone.now()
    proposal.status = Proposal.Status.ANSWERED
    audit.record(actor=actor, verb="proposal_answered", subject=proposal, message=proposal.answer)
    if register and proposal.innovation_id is None:
        innovation = innovation_create(
            actor=actor,
            agency=proposal.agency,
            data={
                "name": proposal.title[:255],
                "initiator_kind": Innovation.InitiatorKind.CITIZEN,
                "initiator_name": _("Citizen proposal %(ref)s") % {"ref": str(proposal.uid)[:8]},
                "classification": Innovation.Classification.COMMUNITY,
                "main_affair": proposal.affair,
                "design_problem": proposal.description,
                "year": timezone.localdate().year,
            },
        )
        proposal.innovation = innovation
        proposal.status = Proposal.Status.ADOPTED
        audit.record(actor=actor, verb="proposal_adopted", subject=proposal, target=innovation.name)
    proposal.save()
    _tell_proposer(
        proposal,
        _("%(agency)s answered your proposal: %(answer)s")
        % {"agency": proposal.agency, "answer": proposal.answer},
        base_url,
    )
    return proposal


@transaction.atomic
def proposal_erase_personal_data(*, actor, proposal: Proposal) -> Proposal:
    """Erasure on request (UU 27/2022): name and e-mail go; the proposal itself stays."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_admin(actor, proposal.pemda_id)
    proposal.proposer_name = ""
    proposal.proposer_email = ""
    proposal.erased_at = timezone.now()
    proposal.save()
    audit.record(actor=actor, verb="proposal_erased", subject=proposal)
    return proposal


def _step_line(step: dict) -> str:
    line = f"- {formats.long_date(step['date'])}: {step['label']}"
    return f"{line}\n  {step['text']}" if step.get("text") else line


def progress_mail(base_url: str = "http://localhost") -> int:
    """E-mail each proposer the steps their innovation took since the last mail (daily),
    then each confirmed follower the news of what they follow."""
    from .selectors import proposal_steps

    sent = 0
    qs = Proposal.objects.filter(innovation__isnull=False, erased_at=None).exclude(
        proposer_email=""
    )
    for proposal in qs.select_related("innovation"):
        steps = [s for s in proposal_steps(proposal) if s["event_id"] > proposal.progress_mailed_id]
        if not steps:
            continue
        with transaction.atomic():
            Proposal.objects.filter(pk=proposal.pk).update(
                progress_mailed_id=max(s["event_id"] for s in steps)
            )
            lines = "\n".join(_step_line(s) for s in steps)
            _tell_proposer(
                proposal,
                _("News about the innovation from your proposal:\n%(lines)s") % {"lines": lines},
                base_url,
            )
        sent += 1
    return sent + follower_mail(base_url)


def follower_mail(base_url: str = "http://localhost") -> int:
    """E-mail each confirmed follower what happened since their last mail: for a proposal,
    the steps its proposer sees; for a published innovation, its re-publications (a new
    reviewed version, e.g. a new stage) and its reports' public summaries."""
    from .selectors import follower_news

    sent = 0
    followers = Follower.objects.filter(confirmed_at__isnull=False).select_related(
        "proposal", "publication__innovation"
    )
    for follower in followers:
        news = [s for s in follower_news(follower) if s["event_id"] > follower.mailed_id]
        if not news:
            continue
        subject = follower.proposal or follower.publication.innovation
        with transaction.atomic():
            Follower.objects.filter(pk=follower.pk).update(
                mailed_id=max(s["event_id"] for s in news)
            )
            page = (
                follower.proposal.get_absolute_url()
                if follower.proposal_id
                else reverse("public:innovation", args=[follower.publication.uid])
            )
            stop = reverse("public:unfollow", args=[unfollow_token(follower.pk)])
            _mail(
                follower.email,
                _("News about “%(name)s”") % {"name": _public_name(follower, subject)},
                _(
                    "News about what you follow:\n%(lines)s\n\n%(page)s\n\n"
                    "To stop these e-mails: %(stop)s"
                )
                % {
                    "lines": "\n".join(_step_line(s) for s in news),
                    "page": _absolute(page, base_url),
                    "stop": _absolute(stop, base_url),
                },
            )
        sent += 1
    return sent


def _public_name(follower: Follower, subject) -> str:
    if follower.proposal_id:
        return follower.proposal.title
    live = follower.publication.versions.filter(state=PublicVersion.State.PUBLISHED).first()
    return live.name if live else ""


# --- Followers ---------------------------------------------------------------------------

_UNFOLLOW_SALT = "inovda.public.unfollow"


def unfollow_token(pk: int) -> str:
    return signing.dumps(pk, salt=_UNFOLLOW_SALT)


@transaction.atomic
def follow_request(
    *, email: str, publication=None, proposal=None, base_url: str = "http://localhost"
) -> Follower | None:
    """Record an unconfirmed follower and mail its confirmation link; an address already
    following is silently ignored (no one learns who follows)."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            follower = Follower.objects.create(
                publication=publication, proposal=proposal, email=email
            )
    except IntegrityError:
        return None
    link = _absolute(
        reverse("public:confirm", args=[confirm_token("follow", follower.pk)]), base_url
    )
    _mail(
        email,
        _("Confirm that you follow this innovation"),
        _(
            "Open this link to receive an e-mail when there is news (a new public summary of "
            "a progress report, a new stage):\n\n%(link)s\n\nIf you did not ask for it, "
            "ignore this message: nothing will be sent."
        )
        % {"link": link},
    )
    return follower


@transaction.atomic
def follow_confirm(*, follower: Follower) -> Follower:
    """Confirmed from now on: news older than the confirmation is not sent."""
    from inovda.core.models import AuditEvent

    follower = Follower.objects.select_for_update().get(pk=follower.pk)
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.mailed_id = (
            AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        )
        follower.save(update_fields=["confirmed_at", "mailed_id"])
    return follower


def unfollow(token: str) -> bool:
    """Delete the follower (and so the e-mail address) named by a signed link."""
    try:
        pk = int(signing.loads(token, salt=_UNFOLLOW_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    Follower.objects.filter(pk=pk).delete()
    return True


# --- Public summaries of progress reports ------------------------------------------------


@transaction.atomic
def report_summary_propose(*, actor, report, text: str) -> ReportSummary:
    """The agency writes the public summary of one of its progress reports; it waits for
    the Pemda admin's approval (a refused or published one is replaced by a new proposal)."""
    innovation = report.innovation
    if not inn_access.can_report(actor, innovation):
        raise PermissionDenied(_("Only the innovation's agency may write its public summary."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the public summary."))
    for pattern, label in PERSONAL_DATA:
        if pattern.search(text):
            raise ValidationError(
                _("The summary contains %(what)s; remove it before publishing.") % {"what": label}
            )
    summary, _created = ReportSummary.objects.select_for_update().get_or_create(
        report=report, defaults={"innovation": innovation, "text": text, "proposed_by": actor}
    )
    summary.text, summary.proposed_by = text, actor
    summary.state = ReportSummary.State.PROPOSED
    summary.review_note, summary.reviewed_by, summary.published_at = "", None, None
    summary.full_clean()
    summary.save()
    audit.record(
        actor=actor, verb="report_summary_proposed", subject=innovation, target=str(report)
    )
    notify(
        recipients=pemda_staff(innovation, Role.PEMDA_ADMIN),
        verb="publication_review",
        message=_("The public summary of a progress report of “%(name)s” waits for approval.")
        % {"name": innovation.name},
        link=reverse("public:staff_report_summary", args=[report.pk]),
    )
    return summary


@transaction.atomic
def report_summary_decide(*, actor, summary: ReportSummary, approve: bool, note: str = ""):
    """The Pemda admin publishes the summary (followers and the proposer are told by the
    daily mail) or refuses it with a note for the agency."""
    summary = (
        ReportSummary.objects.select_for_update().select_related("innovation").get(pk=summary.pk)
    )
    innovation = summary.innovation
    _require_admin(actor, innovation.pemda_id)
    if summary.state != ReportSummary.State.PROPOSED:
        raise ValidationError(_("This summary is not waiting for approval."))
    if not approve and not note.strip():
        raise ValidationError(_("Say what must change."))
    summary.reviewed_by = actor
    if approve:
        summary.state, summary.published_at = ReportSummary.State.PUBLISHED, timezone.now()
        # The event's message is the published text: the public pages and e-mails read it.
        audit.record(
            actor=actor,
            verb="report_summary_published",
            subject=innovation,
            target=str(summary.report),
            message=summary.text,
        )
    else:
        summary.state, summary.review_note = ReportSummary.State.REFUSED, note.strip()
        audit.record(
            actor=actor,
            verb="report_summary_refused",
            subject=innovation,
            target=str(summary.report),
            message=summary.review_note,
        )
    summary.save()
    notify(
        recipients=[summary.proposed_by],
        verb="publication_decided",
        message=(
            _("The public summary of “%(name)s” is published.")
            if approve
            else _("The public summary of “%(name)s” was refused: %(note)s")
        )
        % {"name": innovation.name, "note": summary.review_note},
        link=reverse("public:staff_report_summary", args=[summary.report_id]),
    )
    return summary


# --- Supports ----------------------------------------------------------------------------


def email_hash(email: str) -> str:
    return keyed_hash("support", email.strip().lower())


@transaction.atomic
def support_request(
    *, proposal: Proposal, email: str, base_url: str = "http://localhost"
) -> Support | None:
    """Record an unconfirmed support and mail its link; a second one for the same e-mail
    is silently ignored (no one learns whether an address already supported)."""
    if proposal.status in (Proposal.Status.UNCONFIRMED, Proposal.Status.MERGED):
        raise ValidationError(_("This proposal cannot be supported."))
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, email_hash=email_hash(email))
    except IntegrityError:
        return None
    link = _absolute(
        reverse("public:confirm", args=[confirm_token("support", support.pk)]), base_url
    )
    _mail(
        email.strip(),
        _("Confirm your support for “%(title)s”") % {"title": proposal.title},
        _("Open this link to count your support (one per e-mail address):\n\n%(link)s")
        % {"link": link},
    )
    return support


@transaction.atomic
def support_confirm(*, support: Support) -> Support:
    support = Support.objects.select_for_update().get(pk=support.pk)
    if support.confirmed_at is None:
        support.confirmed_at = timezone.now()
        support.save(update_fields=["confirmed_at"])
        Proposal.objects.filter(pk=support.proposal_id).update(support_count=F("support_count") + 1)
    return support


# --- Benefit feedback --------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, version: PublicVersion, data: dict[str, Any], fingerprint: str) -> Feedback:
    """One answer per person (fingerprint) per day on a published implemented innovation."""
    if version.state != PublicVersion.State.PUBLISHED or version.status != (
        Innovation.Status.IMPLEMENTED
    ):
        raise ValidationError(_("Only implemented innovations can be rated."))
    if Feedback.objects.filter(publication=version.publication, fingerprint=fingerprint).exists():
        raise ValidationError(_("You already rated this innovation today. Thank you!"))
    feedback = Feedback(
        publication=version.publication,
        satisfaction=int(data["satisfaction"]),
        changed=data["changed"],
        recommend=bool(data["recommend"]),
        comment=(data.get("comment") or "").strip()[:2000],
        fingerprint=fingerprint,
    )
    feedback.full_clean()
    feedback.save()
    return feedback
