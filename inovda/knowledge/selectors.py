"""Reads of the knowledge app; every one starts from what the user may see."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.utils import timezone

from inovda.core.datafiles import reference_path
from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import DESIGN_FIELDS, Innovation

from . import access, conf
from .indexing import indexer_for_type, indexers, visibility_q
from .models import ActionItem, Event, Participant, Replication, SearchDocument
from .search import backend, plain_snippet, render_marked, terms_of, words

# Search ---------------------------------------------------------------------------------


@dataclass
class SearchFilters:
    q: str = ""
    types: list[str] = field(default_factory=list)
    agency: int | None = None
    year: int | None = None
    affair: int | None = None
    theme: int | None = None
    pemda: int | None = None


@dataclass
class SearchHit:
    doc: SearchDocument
    title: str  # safe HTML, matches in <mark>
    snippet: str  # safe HTML
    score: float
    url: str
    label: str
    icon: str


@dataclass
class SearchResults:
    hits: list[SearchHit]
    counts: dict[str, int]  # per type, before the type filter
    total: int  # matches of the selected types
    terms: list[str]
    page: int
    pages: int


def candidates(*, user, filters: SearchFilters) -> QuerySet[SearchDocument]:
    """Index rows the user may see, narrowed by every filter except the type."""
    qs = SearchDocument.objects.filter(visibility_q(user))
    if filters.pemda:
        qs = qs.filter(pemda_id=filters.pemda)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.affair:
        qs = qs.filter(affairs=filters.affair)
    if filters.theme:
        qs = qs.filter(themes=filters.theme)
    return qs


def search_documents(*, user, filters: SearchFilters, page: int = 1) -> SearchResults:
    """Ranked, filtered, highlighted results across every registered document type.
    Without words, the filtered documents are listed newest first."""
    size = conf.get("PAGE_SIZE")
    terms = terms_of(filters.q, conf.get("MAX_QUERY_TERMS"))
    if filters.q.strip() and not terms:  # only punctuation: nothing to look for
        return SearchResults(hits=[], counts={}, total=0, terms=[], page=1, pages=1)
    base = candidates(user=user, filters=filters)
    selected = base.filter(doc_type__in=filters.types) if filters.types else base
    engine = backend()
    page = max(1, page)
    if terms:
        counts, ranked = engine.page(base, filters.types, terms, (page - 1) * size, size)
    else:
        counts = {
            row["doc_type"]: row["n"]
            for row in base.order_by().values("doc_type").annotate(n=Count("id"))
        }
        ranked = []
    total = sum(n for t, n in counts.items() if not filters.types or t in filters.types)
    pages = max(1, math.ceil(total / size))
    if page > pages:  # past the end: show the last page
        page = pages
        if terms:
            counts, ranked = engine.page(base, filters.types, terms, (page - 1) * size, size)
    if not terms:
        rows = selected.order_by("-updated_at", "-id").values_list("id", flat=True)
        ranked = [(pk, 0.0) for pk in rows[(page - 1) * size : page * size]]
    ids = [pk for pk, _score in ranked]
    docs = SearchDocument.objects.select_related("agency", "pemda").in_bulk(ids)
    marked = engine.highlights(ids, terms) if terms else {}
    hits = []
    for pk, score in ranked:
        doc = docs[pk]
        indexer = indexer_for_type(doc.doc_type)
        if indexer is None:
            continue
        title, snippet = marked.get(pk, (doc.title, ""))
        snippet = snippet or plain_snippet(doc.body, conf.get("SNIPPET_WORDS"))
        hits.append(
            SearchHit(
                doc=doc,
                title=render_marked(title),
                snippet=render_marked(snippet),
                score=score,
                url=indexer.url(doc.object_id),
                label=str(indexer.label),
                icon=indexer.icon,
            )
        )
    return SearchResults(hits=hits, counts=counts, total=total, terms=terms, page=page, pages=pages)


def search_types() -> list[tuple[str, str]]:
    return [(ix.doc_type, str(ix.label)) for ix in indexers()]


def search_years(*, user) -> list[int]:
    years = (
        SearchDocument.objects.filter(visibility_q(user))
        .exclude(year=None)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


# Similar innovations --------------------------------------------------------------------


@cache
def stopwords() -> frozenset[str]:
    path = reference_path("indonesian_stopwords.txt")
    words = path.read_text(encoding="utf-8").split()
    return frozenset(w.lower() for w in words if not w.startswith("#"))


def _words(text: str) -> list[str]:
    stop = stopwords()
    return [w for w in words(text) if len(w) > 2 and w not in stop and not w.isdigit()]


def innovation_text(innovation: Innovation) -> dict[str, str]:
    return {
        "name": innovation.name,
        "goals": innovation.goals,
        "benefits": innovation.benefits,
        "design": "\n".join(getattr(innovation, name) for name in DESIGN_FIELDS),
    }


def _bag(texts: dict[str, str]) -> Counter:
    """Words of name (counted twice: a name says most), goals, benefits and design."""
    bag = Counter(_words(texts.get("name", "")) * 2)
    for key in ("goals", "benefits", "design"):
        bag.update(_words(texts.get(key, "")))
    return bag


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    dot = sum(a[w] * b[w] * idf[w] ** 2 for w in a.keys() & b.keys())
    na = math.sqrt(sum((n * idf[w]) ** 2 for w, n in a.items()))
    nb = math.sqrt(sum((n * idf[w]) ** 2 for w, n in b.items()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass
class SimilarInnovation:
    innovation: Innovation
    score: float  # cosine similarity of TF-IDF vectors, 0..1
    shared: list[str]  # the most telling words both texts use
    duplicate: bool
    relation: str  # "same_agency" | "other_agency" | "other_pemda"

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_innovations(
    *,
    user,
    texts: dict[str, str],
    exclude: int | None = None,
    agency_id: int | None = None,
    pemda_id: int | None = None,
    limit: int | None = None,
) -> list[SimilarInnovation]:
    """Innovations the user may see that resemble `texts` (name, goals, benefits, design).

    Two steps, nothing downloaded: the database ranks innovations on the draft's telling
    words (FTS5 bm25 / PostgreSQL ts_rank, any word may match); the best candidates are then
    re-scored in Python by cosine similarity of TF-IDF vectors (IDF over the candidates and
    the draft), and those under SIMILAR_MIN_SCORE are dropped.
    """
    draft = _bag(texts)
    if not draft:
        return []
    name_words = _words(texts.get("name", ""))
    ordered = list(dict.fromkeys(name_words + [w for w, _n in draft.most_common()]))
    query_terms = ordered[: conf.get("SIMILAR_QUERY_TERMS")]
    qs = SearchDocument.objects.filter(visibility_q(user), doc_type="innovation")
    if exclude:
        qs = qs.exclude(object_id=exclude)
    ranked = backend().ranked(qs, query_terms, 0, conf.get("SIMILAR_CANDIDATES"), any_term=True)
    docs = SearchDocument.objects.filter(pk__in=[pk for pk, _score in ranked])
    ids = list(docs.values_list("object_id", flat=True))
    found = innovations_for_user(user).filter(pk__in=ids).select_related("agency", "pemda")
    bags = {inn.pk: (inn, _bag(innovation_text(inn))) for inn in found}
    df: Counter = Counter()
    for _inn, bag in bags.values():
        df.update(bag.keys())
    df.update(draft.keys())
    n = len(bags) + 1
    idf = {w: math.log((n + 1) / (count + 0.5)) + 1.0 for w, count in df.items()}
    results = []
    for inn, bag in bags.values():
        score = _cosine(draft, bag, idf)
        if score < conf.get("SIMILAR_MIN_SCORE"):
            continue
        shared = sorted(draft.keys() & bag.keys(), key=lambda w: -idf[w] * draft[w])[:6]
        if pemda_id and inn.pemda_id != pemda_id:
            relation = "other_pemda"
        elif agency_id and inn.agency_id == agency_id:
            relation = "same_agency"
        else:
            relation = "other_agency"
        results.append(
            SimilarInnovation(
                innovation=inn,
                score=score,
                shared=shared,
                duplicate=score >= conf.get("SIMILAR_DUPLICATE_SCORE"),
                relation=relation,
            )
        )
    results.sort(key=lambda r: (-r.score, r.innovation.pk))
    return results[: limit or conf.get("SIMILAR_LIMIT")]


# Events and action items ----------------------------------------------------------------


def event_list(*, user, kind: str = "", year: int | None = None) -> QuerySet[Event]:
    qs = access.events_for_user(user).select_related("organiser", "pemda")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    return qs


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(due_date__lt=today) & ~Q(status__in=ActionItem.CLOSED)


def action_list(
    *, user, only: str = "", today: datetime.date | None = None
) -> QuerySet[ActionItem]:
    """`only`: "" (all), "open", "overdue" or "mine"."""
    qs = access.actions_for_user(user).select_related(
        "event", "owner", "owner_agency", "innovation"
    )
    if only == "open":
        qs = qs.exclude(status__in=ActionItem.CLOSED)
    elif only == "overdue":
        qs = qs.filter(overdue_q(today))
    elif only == "mine":
        qs = qs.filter(owner=user).exclude(status__in=ActionItem.CLOSED)
    closed_last = Case(When(status__in=ActionItem.CLOSED, then=1), default=0)
    return qs.order_by(closed_last, F("due_date").asc(nulls_last=True), "id")


def visible_innovation_ids(user, ids) -> set[int]:
    """Which of these innovations the user may see (to name links without leaking)."""
    return set(innovations_for_user(user).filter(pk__in=set(ids)).values_list("pk", flat=True))


def attendance(
    *, pemda_id: int | None = None, kinds=None, since=None, until=None
) -> QuerySet[Participant]:
    """Attended participations: a feed for training records (five factors) and the
    evidence of IID indicator 20 (assessment). Not user-scoped: callers scope it."""
    qs = Participant.objects.filter(attended=True).select_related("event", "user", "agency")
    if pemda_id:
        qs = qs.filter(event__pemda_id=pemda_id)
    if kinds:
        qs = qs.filter(event__kind__in=kinds)
    if since:
        qs = qs.filter(event__date__gte=since)
    if until:
        qs = qs.filter(event__date__lte=until)
    return qs


@dataclass
class IndicatorEvidence:
    """A count the product shows, with its inputs and its rule (one click away)."""

    count: int
    items: list
    rule: str
    window: tuple[int, int] | None = None


def bimtek_evidence(innovation: Innovation, today: datetime.date | None = None):
    """IID indicator 20 (bimtek inovasi): capacity events in the last N years that the
    innovation's people attended (a participant of its agency, or a user who is a member of
    its agency) or that took an action on it."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    years = conf.get("IID20_WINDOW_YEARS")
    first = today.year - years + 1
    kinds = conf.get("IID20_EVENT_KINDS")
    agency_members = Q(participants__user__memberships__agency_id=innovation.agency_id)
    attended = Q(participants__attended=True) & (
        Q(participants__agency_id=innovation.agency_id) | agency_members
    )
    events = (
        Event.objects.filter(
            Q(kind__in=kinds),
            Q(date__year__gte=first, date__lte=today),
            attended | Q(actions__innovation=innovation),
        )
        .distinct()
        .order_by("-date")
    )
    items = list(events)
    labels = ", ".join(str(Event.Kind(k).label) for k in kinds)
    rule = _(
        "Events of these kinds (%(kinds)s) from %(first)d to %(last)d that people of the "
        "innovation's agency attended, or that agreed an action on it."
    ) % {"kinds": labels, "first": first, "last": today.year}
    return IndicatorEvidence(len(items), items, rule, (first, today.year))


def replication_evidence(innovation: Innovation) -> IndicatorEvidence:
    """IID indicator 31 (replikasi): distinct other regions (Pemda) that replicated it."""
    from django.utils.translation import gettext as _

    statuses = conf.get("IID31_COUNTED_STATUSES")
    rows = list(
        innovation.replications.filter(status__in=statuses)
        .exclude(adopter_pemda_id=innovation.pemda_id)
        .select_related("adopter_pemda", "adopter_agency")
        .order_by("agreement_date", "id")
    )
    regions = {row.adopter_pemda_id for row in rows}
    labels = ", ".join(str(Replication.Status(s).label) for s in statuses)
    rule = _("Distinct other Pemda whose replication has one of these statuses: %(statuses)s.") % {
        "statuses": labels
    }
    return IndicatorEvidence(len(regions), rows, rule)


# Replication lineage --------------------------------------------------------------------


@dataclass
class LineageNode:
    innovation: Innovation | None  # None when the user may not see it
    label: str
    pemda: str
    replication: Replication | None = None  # the edge that leads here
    children: list[LineageNode] = field(default_factory=list)
    current: bool = False


def lineage(*, user, innovation: Innovation, max_depth: int = 8) -> LineageNode:
    """The replication tree around `innovation`: up to its first origin, then every
    replication below. Innovations the user may not see are shown by Pemda and agency only."""
    root = innovation
    path = {root.pk}
    for _step in range(max_depth):
        edge = Replication.objects.filter(adopted_innovation=root).select_related("origin")
        parent = edge.first()
        if parent is None or parent.origin_id in path:
            break
        root = parent.origin
        path.add(root.pk)
    # Breadth-first: every replication edge below the root, one query per level.
    edges: dict[int, list[Replication]] = {}
    level, seen = [root.pk], {root.pk}
    for _depth in range(max_depth):
        reps = list(
            Replication.objects.filter(origin_id__in=level)
            .select_related(
                "adopted_innovation__agency",
                "adopted_innovation__pemda",
                "adopter_pemda",
                "adopter_agency",
            )
            .order_by("created_at", "id")
        )
        level = []
        for rep in reps:
            edges.setdefault(rep.origin_id, []).append(rep)
            if rep.adopted_innovation_id and rep.adopted_innovation_id not in seen:
                seen.add(rep.adopted_innovation_id)
                level.append(rep.adopted_innovation_id)
        if not level:
            break
    visible = visible_innovation_ids(user, seen)
    root = Innovation.objects.select_related("agency", "pemda").get(pk=root.pk)

    def build(inn: Innovation | None, rep: Replication | None, done: set[int]) -> LineageNode:
        if inn is None:  # an adopter without an innovation recorded here
            return LineageNode(
                None,
                str(rep.adopter_agency or rep.adopter_unit_name or "—"),
                str(rep.adopter_pemda),
                rep,
            )
        shown = inn.pk in visible
        node = LineageNode(
            innovation=inn if shown else None,
            label=inn.name if shown else str(inn.agency),
            pemda=str(inn.pemda),
            replication=rep,
            current=inn.pk == innovation.pk,
        )
        for child in edges.get(inn.pk, []):
            target = child.adopted_innovation
            if target is not None and target.pk in done:
                continue
            node.children.append(build(target, child, done | {inn.pk}))
        return node

    return build(root, None, set())


# Events of these kinds are training: attending one counts for F1 (inovda.core.attendance).
TRAINING_EVENT_KINDS = ("bimtek", "workshop")


def training_attendance(pemda_id: int, year: int) -> set[int]:
    """Users who attended a bimtek or workshop of the Pemda held in `year`."""
    from .models import Participant

    return set(
        Participant.objects.filter(
            event__pemda_id=pemda_id,
            event__kind__in=TRAINING_EVENT_KINDS,
            event__date__year=year,
            attended=True,
            user__isnull=False,
        ).values_list("user_id", flat=True)
    )
