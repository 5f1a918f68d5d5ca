"""Reads of the public side. Anonymous reads start from `published()` (versions in state
`published`) or `public_proposals()` (confirmed proposals): one rule each, used by every
page, list, search, export, API, catalogue metadata and sitemap."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from inovda.core.audit import timeline
from inovda.core.models import VERB_LABELS
from inovda.innovations.models import Innovation, Tag
from inovda.knowledge.models import SearchDocument
from inovda.knowledge.search import (
    as_query,
    backend,
    find,
    plain_snippet,
    refind,
    render_marked,
    terms_of,
)
from inovda.knowledge.selectors import published_vocabulary
from inovda.organizations import access as org_access
from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment, Role

from . import conf
from .models import Feedback, Proposal, Publication, PublicVersion

DOC_TYPE = "public"


def published() -> QuerySet[PublicVersion]:
    """Every version anyone may see without an account."""
    return PublicVersion.objects.filter(state=PublicVersion.State.PUBLISHED)


# A proposal is public once moderated (accepted, refused or merged); its photos only when
# accepted (a moderator has looked at them).
PUBLIC_STATUSES = (
    Proposal.Status.ROUTED,
    Proposal.Status.ANSWERED,
    Proposal.Status.ADOPTED,
    Proposal.Status.REFUSED,
    Proposal.Status.MERGED,
)
PHOTO_STATUSES = (Proposal.Status.ROUTED, Proposal.Status.ANSWERED, Proposal.Status.ADOPTED)


def public_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status__in=PUBLIC_STATUSES)


@dataclass
class CatalogueFilters:
    q: str = ""
    pemda: int | None = None
    agency: int | None = None
    affair: int | None = None
    theme: int | None = None
    sdg: int | None = None
    stage: str = ""
    year: int | None = None


@dataclass
class CatalogueHit:
    version: PublicVersion
    title: str  # safe HTML
    snippet: str  # safe HTML


@dataclass
class CataloguePage:
    hits: list[CatalogueHit]
    total: int
    page: int
    pages: int
    terms: list[str]
    # No published text holds every word: those holding some, and the words none holds.
    relaxed: bool = False
    missing: list[str] = field(default_factory=list)


def filtered(filters: CatalogueFilters) -> QuerySet[PublicVersion]:
    qs = published()
    if filters.pemda:
        qs = qs.filter(pemda_id=filters.pemda)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.affair:
        qs = qs.filter(main_affair_id=filters.affair)
    if filters.theme:
        qs = qs.filter(themes=filters.theme)
    if filters.sdg:
        qs = qs.filter(sdgs=filters.sdg)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs


def catalogue(filters: CatalogueFilters, page: int = 1) -> CataloguePage:
    """The published innovations matching the filters; with words, ranked by the knowledge
    search engine over the published texts (same analysis as the staff search)."""
    size = conf.get("PAGE_SIZE")
    page = max(1, page)
    versions = filtered(filters)
    terms = terms_of(filters.q, 8)
    if filters.q.strip() and not terms:
        return CataloguePage(hits=[], total=0, page=1, pages=1, terms=[])
    if not terms:
        total = versions.count()
        pages = max(1, math.ceil(total / size))
        page = min(page, pages)
        rows = versions.select_related("pemda", "agency", "publication").order_by(
            "-published_at", "-id"
        )[(page - 1) * size : page * size]
        hits = [
            CatalogueHit(version=v, title=v.name, snippet=plain_snippet(v.problem, 32))
            for v in rows
        ]
        return CataloguePage(hits=hits, total=total, page=page, pages=pages, terms=[])
    docs = SearchDocument.objects.filter(doc_type=DOC_TYPE)
    if filters != CatalogueFilters(q=filters.q):
        docs = docs.filter(object_id__in=versions.values("pk"))
    engine = backend()
    steps = {
        "strict": lambda q, offset: engine.page_of_type(docs, DOC_TYPE, q, offset, size),
        "relaxed": lambda q, offset: engine.relaxed_page(docs, [DOC_TYPE], q, offset, size),
    }
    found = find(
        as_query(terms),
        (page - 1) * size,
        knows=lambda word: engine.knows(docs, word),
        vocabulary=lambda: published_vocabulary(DOC_TYPE)[0],
        **steps,
    )
    total = found.counts.get(DOC_TYPE, 0)
    pages = max(1, math.ceil(total / size))
    if page > pages:
        page = pages
        found = refind(found, (page - 1) * size, **steps)
    query, ranked = found.query, found.ranked
    ids = [pk for pk, _score in ranked]
    marked = engine.highlights(ids, query)
    doc_rows = dict(SearchDocument.objects.filter(pk__in=ids).values_list("pk", "object_id"))
    by_id = published().select_related("pemda", "agency", "publication").in_bulk(doc_rows.values())
    hits = []
    for pk in ids:
        version = by_id.get(doc_rows.get(pk))
        if version is None:  # withdrawn between the ranking and now
            continue
        title, snippet = marked.get(pk, (version.name, ""))
        hits.append(
            CatalogueHit(
                version=version,
                title=render_marked(title),
                snippet=render_marked(snippet or plain_snippet(version.problem, 32)),
            )
        )
    return CataloguePage(
        hits=hits,
        total=total,
        page=page,
        pages=pages,
        terms=terms,
        relaxed=found.relaxed,
        missing=found.missing,
    )


def facets(pemda: int | None = None) -> dict:
    """Choices of the catalogue filters. Agencies are offered once a Pemda is chosen (a
    national list would hold thousands); the reference lists (affairs, themes, SDGs) are
    offered whole; years span the published ones."""
    base = published()
    if pemda:
        base = base.filter(pemda_id=pemda)
    span = base.aggregate(first=Min("year"), last=Max("year"))
    years = range(span["last"], span["first"] - 1, -1) if span["first"] else []
    return {
        "pemdas": LocalGovernment.objects.filter(pk__in=published().values("pemda_id")).only(
            "pk", "name"
        ),
        "agencies": Agency.objects.filter(pemda_id=pemda).order_by("name") if pemda else [],
        "affairs": GovernmentAffair.objects.all(),
        "themes": Tag.objects.filter(kind=Tag.Kind.THEME),
        "sdgs": Tag.objects.filter(kind=Tag.Kind.SDG),
        "stages": Innovation.Stage.choices,
        "years": list(years),
    }


def version_by_uid(uid) -> PublicVersion:
    try:
        return (
            published()
            .select_related("pemda", "agency", "main_affair", "publication")
            .get(publication__uid=uid)
        )
    except (PublicVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def public_attachment(version: PublicVersion, pk: int):
    attachment = version.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


# --- Benefit feedback --------------------------------------------------------------------


def feedback_summary(publication: Publication | None) -> dict | None:
    """Self-reported beneficiary satisfaction: count, mean (1-5), distribution, shares."""
    if publication is None:
        return None
    rows = Feedback.objects.filter(publication=publication)
    agg = rows.aggregate(
        n=Count("id"),
        mean=Avg("satisfaction"),
        better=Count("id", filter=Q(changed=Feedback.Changed.BETTER)),
        recommend=Count("id", filter=Q(recommend=True)),
    )
    n = agg["n"]
    if not n:
        return {"n": 0}
    dist = dict(rows.values_list("satisfaction").annotate(c=Count("id")).order_by())
    return {
        "n": n,
        "mean": round(agg["mean"], 2),
        "better_pct": round(100 * agg["better"] / n),
        "recommend_pct": round(100 * agg["recommend"] / n),
        "distribution": [{"score": s, "count": dist.get(s, 0)} for s in range(1, 6)],
        "comments": list(rows.exclude(comment="").values_list("comment", "created_at")[:10]),
    }


# --- Proposals ---------------------------------------------------------------------------

# Lifecycle events of the innovation shown on the proposal's public page.
PUBLIC_STEPS = (
    "created",
    "submitted",
    "review_started",
    "found_feasible",
    "adopted",
    "trial_started",
    "implemented",
    "report_submitted",
    "discontinued",
    "resumed",
    "returned",
    "rejected",
    "report_summary_published",
)
# What a follower of a published innovation hears: a newly reviewed public version (a new
# stage, new texts) and a report's public summary; never an unreviewed internal step.
INNOVATION_NEWS = ("publication_approved", "report_summary_published")


def proposal_by_uid(uid) -> Proposal:
    try:
        return public_proposals().select_related("agency", "district", "village").get(uid=uid)
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def proposal_steps(proposal: Proposal) -> list[dict]:
    """The innovation's lifecycle steps, oldest first (no actor, no internal note)."""
    if proposal.innovation_id is None:
        return []
    events = timeline(proposal.innovation).filter(verb__in=PUBLIC_STEPS).order_by("id")
    return [_step(e) for e in events]


def _step(event, stage: str = "") -> dict:
    """One public step; a report summary carries its published text (the event's message),
    a re-publication the stage of the public version."""
    text = ""
    if event.verb == "report_summary_published":
        text = event.message
    elif event.verb == "publication_approved" and stage:
        text = stage
    return {
        "event_id": event.pk,
        "date": event.created_at,
        "label": str(VERB_LABELS.get(event.verb, event.verb)),
        "text": text,
    }


def follower_news(follower) -> list[dict]:
    """What a follower may be told, oldest first (see `INNOVATION_NEWS`)."""
    if follower.proposal_id:
        return proposal_steps(follower.proposal)
    publication = follower.publication
    live = publication.versions.filter(state=PublicVersion.State.PUBLISHED).first()
    if live is None:  # withdrawn: nothing more is said
        return []
    events = timeline(publication.innovation).filter(verb__in=INNOVATION_NEWS).order_by("id")
    return [_step(e, live.get_stage_display()) for e in events]


def report_summaries(innovation_id: int | None) -> list:
    """The published public summaries of an innovation's progress reports, newest first."""
    from .models import ReportSummary

    if innovation_id is None:
        return []
    return list(
        ReportSummary.objects.filter(
            innovation_id=innovation_id, state=ReportSummary.State.PUBLISHED
        ).select_related("report")
    )


def proposal_overdue(proposal: Proposal) -> bool:
    return (
        proposal.status == Proposal.Status.ROUTED
        and proposal.answer_due is not None
        and proposal.answer_due < timezone.localdate()
    )


# --- Staff reads -------------------------------------------------------------------------


def moderation_queue(*, user) -> QuerySet[Proposal]:
    """Proposals the user moderates (Pemda admin) or must answer (routed to the agency)."""
    admin = org_access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    from inovda.organizations.models import AGENCY_ROLES

    own = org_access.agency_ids_with_role(user, *AGENCY_ROLES)
    return Proposal.objects.filter(Q(pemda_id__in=admin) | Q(agency_id__in=own)).exclude(
        status=Proposal.Status.UNCONFIRMED
    )


def proposal_for_staff(user, pk) -> Proposal:
    try:
        return (
            moderation_queue(user=user).select_related("agency", "district", "village").get(pk=pk)
        )
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def versions_to_review(*, user) -> QuerySet[PublicVersion]:
    admin = org_access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    return PublicVersion.objects.filter(
        pemda_id__in=admin, state=PublicVersion.State.PROPOSED
    ).select_related("agency", "publication__innovation")


def version_for_staff(user, pk) -> PublicVersion:
    """A version of an innovation the user may read (staff side), else 404."""
    from inovda.innovations.access import innovations_for_user

    try:
        return PublicVersion.objects.select_related("publication__innovation", "agency").get(
            pk=pk, publication__innovation__in=innovations_for_user(user)
        )
    except (PublicVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def publication_state(innovation: Innovation) -> dict:
    publication = Publication.objects.filter(innovation=innovation).first()
    if publication is None:
        return {"publication": None, "live": None, "pending": None, "last": None}
    versions = publication.versions.order_by("-id")
    return {
        "publication": publication,
        "live": versions.filter(state=PublicVersion.State.PUBLISHED).first(),
        "pending": versions.filter(state=PublicVersion.State.PROPOSED).first(),
        "last": versions.first(),
    }


# --- IID figures -------------------------------------------------------------------------


def public_iid(pemda_id: int) -> dict | None:
    """The Pemda's verified IID of the current period, once anything is verified."""
    from inovda.assessment.selectors import current_period, pemda_index

    period = current_period()
    if period is None:
        return None
    index = pemda_index(period, pemda_id)
    if not index.verified.given.n:
        return None
    return {
        "period": period,
        "iid": index.verified.iid.shown,
        "predicate": index.verified.predicate,
        "innovations": index.verified.given.n,
    }
