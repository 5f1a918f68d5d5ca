"""Reads of the knowledge app; every one starts from what the user may see."""

from __future__ import annotations

import datetime
import difflib
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.core.cache import cache as django_cache
from django.db.models import Case, Count, F, Max, Q, QuerySet, When
from django.utils import timezone

from inovda.core import analysis
from inovda.core.datafiles import reference_path
from inovda.innovations.access import innovations_for_user
from inovda.innovations.models import DESIGN_FIELDS, Innovation
from inovda.organizations import access as org_access

from . import access, conf, thesaurus
from .indexing import indexer_for_type, indexers, visibility_q
from .models import ActionItem, Event, Participant, Replication, SearchDocument, SearchSynonym
from .search import (
    backend,
    canonical,
    compile_query,
    find,
    plain_snippet,
    refind,
    render_marked,
    terms_of,
)

# Search ---------------------------------------------------------------------------------


def synonym_groups(user) -> list:
    """The thesaurus groups a search of `user` expands with: national and own Pemda's."""
    return thesaurus.groups_for(user)


def synonyms_for_admin(pemda_id: int) -> tuple[QuerySet[SearchSynonym], QuerySet[SearchSynonym]]:
    """(national groups, the Pemda's own groups) for the thesaurus page."""
    rows = SearchSynonym.objects.order_by("terms", "id")
    return rows.filter(pemda__isnull=True), rows.filter(pemda_id=pemda_id)


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
    suggestion: str = ""  # "Maksud Anda …?": the query with unknown words corrected
    # No row holds every word: the rows holding some of them, and the words none holds.
    relaxed: bool = False
    missing: list[str] = field(default_factory=list)


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
    terms = compile_query(filters.q, synonym_groups(user), conf.get("MAX_QUERY_TERMS"))
    if filters.q.strip() and not terms:  # only punctuation: nothing to look for
        return SearchResults(hits=[], counts={}, total=0, terms=[], page=1, pages=1)
    base = candidates(user=user, filters=filters)
    selected = base.filter(doc_type__in=filters.types) if filters.types else base
    engine = backend()
    page = max(1, page)
    steps = {
        "strict": lambda q, offset: engine.page(base, filters.types, q, offset, size),
        "relaxed": lambda q, offset: engine.relaxed_page(base, filters.types, q, offset, size),
    }
    found = None
    strict_total = 0
    if terms:
        found = find(
            terms,
            (page - 1) * size,
            knows=lambda word: engine.knows(base, word),
            vocabulary=lambda: vocabulary(user)[0],
            **steps,
        )
        terms, counts, ranked = found.query, found.counts, found.ranked
        strict_total = sum(
            n for t, n in found.strict_counts.items() if not filters.types or t in filters.types
        )
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
        if found is not None:
            found = refind(found, (page - 1) * size, **steps)
            counts, ranked = found.counts, found.ranked
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
    suggestion = ""
    if terms and strict_total < conf.get("SUGGEST_BELOW"):
        suggestion = suggest(
            user=user, q=filters.q, base=base, types=filters.types, total=strict_total
        )
    return SearchResults(
        hits=hits,
        counts=counts,
        total=total,
        terms=terms_of(filters.q) if terms else [],
        page=page,
        pages=pages,
        suggestion=suggestion,
        relaxed=bool(found and found.relaxed),
        missing=found.missing if found else [],
    )


def vocabulary(user) -> tuple[list[str], frozenset[str]]:
    """(the words, the analysed words) of the index rows `user` may see: titles of the
    newest VOCABULARY_ROWS rows and their bodies' words, cached per reader scope."""
    rows = SearchDocument.objects.filter(visibility_q(user))
    return _vocabulary(org_access.viewer_key(user), rows)


def published_vocabulary(doc_type: str) -> tuple[list[str], frozenset[str]]:
    """`vocabulary` of the rows of one type anyone may read (the public catalogue's)."""
    return _vocabulary(f"type-{doc_type}", SearchDocument.objects.filter(doc_type=doc_type))


def _vocabulary(scope: str, rows: QuerySet[SearchDocument]) -> tuple[list[str], frozenset[str]]:
    def build():
        texts = rows.order_by("-id").values_list("title", "body")[: conf.get("VOCABULARY_ROWS")]
        counts: Counter = Counter()
        for title, body in texts:
            counts.update(w for w in analysis.raw_words(f"{title} {body}") if len(w) > 3)
        known = [w for w, _n in counts.most_common(20000) if not w.isdigit()]
        return known, frozenset(analysis.stem(w) for w in known)

    newest = SearchDocument.objects.aggregate(n=Max("id"))["n"]  # a new row: a new list
    key = f"search-vocabulary:{scope}:{newest}"
    found = django_cache.get(key)
    if found is None:
        found = build()
        django_cache.set(key, found, conf.get("VOCABULARY_SECONDS"))
    return found


def suggest(*, user, q: str, base, types, total: int) -> str:
    """ "Maksud Anda …?": `q` with each word the index does not know replaced by the closest
    word it knows (difflib), when that finds more than `total` matches; else ""."""
    known, stems = vocabulary(user)
    if not known:
        return ""
    changed, out = False, []
    for word in analysis.raw_words(q):
        stem = analysis.stem(word)
        if not stem or stem in stems or len(word) < 4:
            out.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(word)
    if not changed:
        return ""
    better = " ".join(out)
    query = compile_query(better, synonym_groups(user), conf.get("MAX_QUERY_TERMS"))
    counts, _ranked = backend().page(base, types, query, 0, 1)
    found = sum(n for t, n in counts.items() if not types or t in types)
    return better if found > total else ""


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
    """Stems of the words every innovation profile repeats (inovasi, daerah, layanan…)."""
    path = reference_path("indonesian_stopwords.txt")
    words = [w.lower() for w in path.read_text(encoding="utf-8").split() if not w.startswith("#")]
    return frozenset(words) | frozenset(analysis.stem(w) for w in words)


def _pairs(text: str) -> list[tuple[str, str]]:
    """(raw word, analysed word) of the telling words of `text` (ADR 0018: the same
    analysis as search), function and profile words and numbers left out."""
    stop = stopwords()
    out = []
    for raw in analysis.raw_words(text):
        stem = analysis.stem(raw)
        if len(stem) > 2 and stem not in stop and raw not in stop and not stem.isdigit():
            out.append((raw, stem))
    return out


def _words(text: str) -> list[str]:
    return [stem for _raw, stem in _pairs(text)]


def _words_raw(texts: dict[str, str], ordered: list[str]) -> list[str]:
    """The raw words of `texts` that stand for the analysed words `ordered`, in that order
    (a group name of the thesaurus stands for its phrases; the query expands it again)."""
    first: dict[str, str] = {}
    for raw, stem in _pairs(" ".join(texts.values())):
        first.setdefault(stem, raw)
    out = []
    for word in ordered:
        if word.startswith("="):
            out.append(word[1:].replace("_", " "))
        elif word in first:
            out.append(first[word])
    return out


def innovation_text(innovation: Innovation) -> dict[str, str]:
    return {
        "name": innovation.name,
        "goals": innovation.goals,
        "benefits": innovation.benefits,
        "design": "\n".join(getattr(innovation, name) for name in DESIGN_FIELDS),
    }


def _bag(texts: dict[str, str], groups=()) -> Counter:
    """Stems of name (counted twice: a name says most), goals, benefits and design; a
    phrase of the thesaurus counts as its group ("PATEN" = "pelayanan administrasi terpadu
    kecamatan")."""
    bag = Counter(canonical(_words(texts.get("name", "")), groups) * 2)
    for key in ("goals", "benefits", "design"):
        bag.update(canonical(_words(texts.get(key, "")), groups))
    return bag


def _grams(name: str) -> Counter:
    """Character trigrams of a name: "e-budgeting" and "ebudgeting", "SIPANDU" and
    "Si Pandu", acronyms and near-spellings meet here where words do not."""
    return Counter(analysis.char_ngrams(name))


def _cosine(a: Counter, b: Counter, idf: dict[str, float] | None = None) -> float:
    weight = idf.__getitem__ if idf is not None else (lambda _w: 1.0)
    dot = sum(a[w] * b[w] * weight(w) ** 2 for w in a.keys() & b.keys())
    na = math.sqrt(sum((n * weight(w)) ** 2 for w, n in a.items()))
    nb = math.sqrt(sum((n * weight(w)) ** 2 for w, n in b.items()))
    return dot / (na * nb) if na and nb else 0.0


SIMILAR = "similar"
DUPLICATE = "duplicate"
REPLICATION = "replication"


def similarity_class(score: float, same_pemda: bool) -> str | None:
    """The class of a pair by its score (calibrated in bench/relevance.py, ADR 0018):
    near-identical in the same Pemda is a possible duplicate; as close in another Pemda is
    the same (national) programme there, a replication candidate, never a duplicate."""
    if score >= conf.get("SIMILAR_DUPLICATE_SCORE"):
        return DUPLICATE if same_pemda else REPLICATION
    if score >= conf.get("SIMILAR_MIN_SCORE"):
        return SIMILAR
    return None


@dataclass
class SimilarInnovation:
    innovation: Innovation
    score: float  # 0..1: TF-IDF cosine of stems, blended with the names' trigram cosine
    shared: list[str]  # the most telling words both texts use (as the draft wrote them)
    kind: str  # "similar" | "duplicate" | "replication"
    relation: str  # "same_agency" | "other_agency" | "other_pemda"

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def duplicate(self) -> bool:
        return self.kind == DUPLICATE

    @property
    def replication(self) -> bool:
        return self.kind == REPLICATION


def pair_score(draft: Counter, bag: Counter, idf: dict[str, float], a: Counter, b: Counter):
    """Words (stems, TF-IDF) count most; the names' trigrams add what words miss."""
    share = conf.get("SIMILAR_NAME_GRAMS_SHARE")
    return (1 - share) * _cosine(draft, bag, idf) + share * _cosine(a, b)


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
    stems (FTS5 bm25 / PostgreSQL ts_rank, any word may match); the best candidates are then
    re-scored in Python (`pair_score`: cosine of TF-IDF stem vectors, IDF over the
    candidates and the draft, blended with the names' character trigrams) and classed
    (`similarity_class`); those under SIMILAR_MIN_SCORE are dropped.
    """
    groups = synonym_groups(user)
    draft = _bag(texts, groups)
    if not draft:
        return []
    pemda_id = pemda_id or org_access.home_pemda_id(user)
    spelled = {stem: raw for raw, stem in reversed(_pairs(" ".join(texts.values())))}
    name_words = _words(texts.get("name", ""))
    ordered = list(dict.fromkeys(name_words + [w for w, _n in draft.most_common()]))
    query = compile_query(
        " ".join(_words_raw(texts, ordered)), groups, conf.get("SIMILAR_QUERY_TERMS")
    )
    qs = SearchDocument.objects.filter(visibility_q(user), doc_type="innovation")
    if exclude:
        qs = qs.exclude(object_id=exclude)
    ranked = backend().ranked(qs, query, 0, conf.get("SIMILAR_CANDIDATES"), any_term=True)
    docs = SearchDocument.objects.filter(pk__in=[pk for pk, _score in ranked])
    ids = list(docs.values_list("object_id", flat=True))
    found = innovations_for_user(user).filter(pk__in=ids).select_related("agency", "pemda")
    bags = {inn.pk: (inn, _bag(innovation_text(inn), groups)) for inn in found}
    df: Counter = Counter()
    for _inn, bag in bags.values():
        df.update(bag.keys())
    df.update(draft.keys())
    n = len(bags) + 1
    idf = {w: math.log((n + 1) / (count + 0.5)) + 1.0 for w, count in df.items()}
    name_grams = _grams(texts.get("name", ""))
    results = []
    for inn, bag in bags.values():
        score = pair_score(draft, bag, idf, name_grams, _grams(inn.name))
        kind = similarity_class(score, same_pemda=inn.pemda_id == pemda_id)
        if kind is None:
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
                shared=[spelled.get(w, w.lstrip("=").replace("_", " ")) for w in shared],
                kind=kind,
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


def bimtek_evidence(
    innovation: Innovation, today: datetime.date | None = None, window: tuple | None = None
):
    """IID indicator 20 (bimtek inovasi): capacity events that the innovation's people
    attended (a participant of its agency, or a user who is a member of its agency) or that
    took an action on it, inside `window` (the IID period's own window, `(first day, last
    day)`), else in the last N years (`IID20_WINDOW_YEARS`, e.g. on the innovation page)."""
    from django.utils.translation import gettext as _

    from inovda.core import formats

    today = today or timezone.localdate()
    years = conf.get("IID20_WINDOW_YEARS")
    if window is not None:
        start, end = window
    else:
        start, end = datetime.date(today.year - years + 1, 1, 1), today
    first = start.year
    kinds = conf.get("IID20_EVENT_KINDS")
    agency_members = Q(participants__user__memberships__agency_id=innovation.agency_id)
    attended = Q(participants__attended=True) & (
        Q(participants__agency_id=innovation.agency_id) | agency_members
    )
    events = (
        Event.objects.filter(
            Q(kind__in=kinds),
            Q(date__gte=start, date__lte=end),
            attended | Q(actions__innovation=innovation),
        )
        .distinct()
        .order_by("-date")
    )
    items = list(events)
    labels = ", ".join(str(Event.Kind(k).label) for k in kinds)
    if window is not None:
        rule = _(
            "Events of these kinds (%(kinds)s) from %(start)s to %(end)s, the IID period's "
            "window, that people of the innovation's agency attended, or that agreed an "
            "action on it."
        ) % {"kinds": labels, "start": formats.long_date(start), "end": formats.long_date(end)}
    else:
        rule = _(
            "Events of these kinds (%(kinds)s) from %(first)d to %(last)d that people of the "
            "innovation's agency attended, or that agreed an action on it."
        ) % {"kinds": labels, "first": first, "last": end.year}
    return IndicatorEvidence(len(items), items, rule, (first, end.year))


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
