"""Full-text search over the index, one interface for two engines:

- SQLite: FTS5 (`knowledge_search_fts`) over the analysed text, ranked by bm25();
- PostgreSQL: the `search_vector` tsvector (config `simple` over the analysed text), ranked
  by ts_rank().

Both match the Indonesian analysis of `inovda.core.analysis` (stems, one spelling): the
query is analysed the same way (`compile_query`, with the thesaurus's synonyms as OR-ed
phrases), so both engines find the same set. The first RERANK_DEPTH matches are re-scored
in Python (`relevance`: phrase, proximity, bounded title boost) and every highlight is
made in Python from the analysis (ADR 0018).

`backend()` picks the engine from the connection; callers never branch on the vendor. The
candidate rows (what the user may see, narrowed by the filters) are always an ORM queryset,
so access rules are written once (`indexing.visibility_q`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from inovda.core import analysis

from . import conf
from .indexing import MARK_END, MARK_START
from .models import SearchDocument

FTS_TABLE = "knowledge_search_fts"
DOC_TABLE = SearchDocument._meta.db_table
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Every word of `text` (repeats kept), lower-case."""
    return _WORD.findall((text or "").lower())


def terms_of(text: str, limit: int | None = None) -> list[str]:
    """The distinct words of a query, lower-case, in order (1-letter words dropped)."""
    seen: list[str] = []
    for word in _WORD.findall((text or "").lower()):
        if len(word) > 1 and word not in seen:
            seen.append(word)
    return seen[:limit] if limit else seen


Phrase = tuple[str, ...]
Clause = tuple[Phrase, ...]  # alternatives: any one of these phrases matches the clause


@dataclass(frozen=True)
class Query:
    """A query in analysed words (ADR 0018): every clause must match (or, for similarity,
    any); a clause matches when one of its phrases does (a word, or synonyms and an
    acronym's expansion from the thesaurus)."""

    clauses: tuple[Clause, ...]
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(word for clause in self.clauses for phrase in clause for word in phrase)

    @property
    def sequence(self) -> Phrase:
        """The query's own words in order (first phrase of each clause)."""
        return tuple(word for clause in self.clauses for word in clause[0])


def compile_query(
    text: str | list[str], groups: Iterable[Iterable[Phrase]] = (), limit: int | None = None
) -> Query:
    """`text` analysed, each run of words that is a phrase of a synonym group replaced by a
    clause of the whole group (longest phrase first). At most `limit` clauses."""
    raw = " ".join(text) if isinstance(text, list) else (text or "")
    found = analysis.tokens(raw)
    index: dict[str, list[tuple[Phrase, Clause]]] = {}
    for group in groups:
        members = tuple(dict.fromkeys(p for p in group if p))
        for phrase in members:
            index.setdefault(phrase[0], []).append((phrase, members))
    for options in index.values():
        options.sort(key=lambda item: -len(item[0]))
    clauses: list[Clause] = []
    i = 0
    while i < len(found):
        clause: Clause = ((found[i],),)
        step = 1
        for phrase, group in index.get(found[i], ()):
            if tuple(found[i : i + len(phrase)]) == phrase:
                clause, step = group, len(phrase)
                break
        i += step
        if clause not in clauses:
            clauses.append(clause)
    return Query(tuple(clauses[:limit] if limit else clauses), raw)


def canonical(words: list[str], groups: Iterable[Iterable[Phrase]]) -> list[str]:
    """`words` (analysed) with each phrase of a synonym group replaced by one word naming
    the group (its shortest phrase), repeats kept: "ptsp" and "layan padu satu pintu"
    count as the same word when two texts are compared."""
    index: dict[str, list[tuple[Phrase, str]]] = {}
    for group in groups:
        members = [p for p in group if p]
        if not members:
            continue
        name = "=" + "_".join(min(members, key=lambda p: (len(p), p)))
        for phrase in members:
            index.setdefault(phrase[0], []).append((phrase, name))
    for options in index.values():
        options.sort(key=lambda item: -len(item[0]))
    out, i = [], 0
    while i < len(words):
        word, step = words[i], 1
        for phrase, name in index.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                word, step = name, len(phrase)
                break
        out.append(word)
        i += step
    return out


def as_query(terms: Query | list[str]) -> Query:
    """A query from raw words (expanded with the national thesaurus) or as it is."""
    if isinstance(terms, Query):
        return terms
    from .thesaurus import groups  # the thesaurus reads the database; search need not

    return compile_query(terms, groups(None))


PREFIX = "*"  # a query word ending so matches every indexed word it begins


def is_prefix(word: str) -> bool:
    return word.endswith(PREFIX)


def _matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if is_prefix(pattern) else word == pattern


def prefix_last(
    query: Query, knows: Callable[[str], bool], vocabulary: Callable[[], list[str]]
) -> Query:
    """`query` with its last word matched as a prefix when the index does not know it
    (someone typing "perizi" or "posyan" wants perizinan, posyandu).

    The index holds stems and the stem of a half-typed word is no stem ("perizi" stays
    "perizi"; perizinan is indexed as "izin"), so the last clause becomes: the word in each
    spelling the index could hold (`analysis.prefix_spellings`: "periji" → periji, perizi)
    as a prefix of the analysed words (posyan* finds posyandu, which no affix changes), or
    the stems of the raw words of `vocabulary()` (most frequent first) whose standard
    spelling begins with one of them (perizinan and perijinan → izin, perizinannya →
    izin). Both engines get the same alternatives, so they find the same set.
    `knows(stem)` says whether the index holds the whole word.
    """
    if not query:
        return query
    raws = analysis.raw_words(query.text)
    if not raws:
        return query
    raw = raws[-1]
    stem = analysis.stem(raw)
    if not stem or len(raw) < conf.get("PREFIX_MIN_CHARS") or raw.isdigit():
        return query
    if query.clauses[-1] != ((stem,),) or knows(stem):
        return query
    spellings = analysis.prefix_spellings(raw)
    options: list[Phrase] = [(spelling + PREFIX,) for spelling in spellings]
    limit = len(options) + conf.get("PREFIX_EXPANSIONS")
    for word in vocabulary():
        if len(options) >= limit:
            break
        if word.startswith(raw) or analysis.normalize_word(word).startswith(spellings):
            found = analysis.stem(word)
            if found and (found,) not in options:
                options.append((found,))
    return Query((*query.clauses[:-1], tuple(options)), query.text)


@dataclass
class Found:
    """One page of a search as `find` ran it: the query it settled on (the last word
    maybe a prefix), whether it was relaxed, and what each step counted."""

    query: Query
    counts: dict[str, int]
    ranked: list[tuple[int, float]]
    strict_counts: dict[str, int]  # all words (the prefix applied): for "Maksud Anda"
    relaxed: bool = False
    found: tuple[bool, ...] = ()

    @property
    def missing(self) -> list[str]:
        return missing_words(self.query, self.found) if self.relaxed else []


def find(
    query: Query,
    offset: int,
    *,
    strict: Callable[[Query, int], tuple[dict[str, int], list]],
    relaxed: Callable[[Query, int], Relaxed],
    knows: Callable[[str], bool],
    vocabulary: Callable[[], list[str]],
) -> Found:
    """A search page in up to three steps, the later ones only when nothing is found (so a
    search that finds something costs what it did): every word (`strict`); the last word
    as a prefix when the index does not know it (`prefix_last`); rows holding some of the
    words (`relaxed`). The staff search and the public catalogue both go through it."""
    counts, ranked = strict(query, offset)
    if not any(counts.values()):
        wider = prefix_last(query, knows, vocabulary)
        if wider != query:
            query = wider
            counts, ranked = strict(query, offset)
    result = Found(query, counts, ranked, strict_counts=counts)
    if not any(counts.values()) and len(query.clauses) > 1:
        loose, loose_ranked, found = relaxed(query, offset)
        if any(loose.values()):
            result.counts, result.ranked, result.relaxed = loose, loose_ranked, True
        result.found = found
    return result


def refind(
    found: Found,
    offset: int,
    *,
    strict: Callable[[Query, int], tuple[dict[str, int], list]],
    relaxed: Callable[[Query, int], Relaxed],
) -> Found:
    """Another page of the search `found` ran, the same way."""
    if found.relaxed:
        found.counts, found.ranked, _flags = relaxed(found.query, offset)
    else:
        found.counts, found.ranked = strict(found.query, offset)
    return found


class _Positions:
    """Where each word of an analysed text stands (built once per text)."""

    def __init__(self, words: list[str]):
        self.words = words
        self.at: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            self.at.setdefault(word, []).append(i)

    def phrase(self, phrase: Phrase) -> list[int]:
        words, n = self.words, len(phrase)
        if any(is_prefix(word) for word in phrase):
            return [
                i
                for i in range(len(words) - n + 1)
                if all(_matches(p, w) for p, w in zip(phrase, words[i : i + n], strict=True))
            ]
        return [
            i for i in self.at.get(phrase[0], ()) if n == 1 or tuple(words[i : i + n]) == phrase
        ]

    def clause(self, clause: Clause) -> list[int]:
        return sorted(p for phrase in clause for p in self.phrase(phrase))


def _min_window(hits: list[list[int]]) -> int | None:
    """The shortest span of tokens holding one position of every clause."""
    if not hits or any(not h for h in hits):
        return None
    events = sorted((pos, k) for k, positions in enumerate(hits) for pos in positions)
    need, have, best, left = len(hits), Counter(), None, 0
    for pos, k in events:
        have[k] += 1
        while len(have) == need:
            lpos, lk = events[left]
            span = pos - lpos + 1
            best = span if best is None or span < best else best
            have[lk] -= 1
            if not have[lk]:
                del have[lk]
            left += 1
    return best


def relevance(query: Query, base: float, index_title: str, index_body: str) -> float:
    """The score the ranked page is ordered by (the same on both engines): the engine's own
    score (normalised 0–1 over the candidates) plus bounded boosts, so a title match helps
    without drowning a description that says it all (ADR 0018):

    - title coverage: the share of the query's clauses found in the title (× 0.5);
    - phrase: the query's words in order, in the title (+0.8) or the body (+0.6);
    - proximity: all clauses within a few words of each other in the body (up to +0.4);
    - exact title: the share of the title's words the query holds (× 0.3), +0.8 when the
      query is the whole title, so the record named by the query comes before the lesson
      "Pelajaran dari <that name>".
    """
    n = len(query.clauses)
    if not n:
        return base
    title, body = _Positions(index_title.split()), _Positions(index_body.split())
    covered = sum(1 for clause in query.clauses if title.clause(clause))
    score = base + 0.5 * covered / n
    if title.words:
        stems = query.stems
        held = sum(1 for word in title.words if word in stems)
        score += 0.3 * held / len(title.words)
        if held == len(title.words) and covered == n:
            score += 0.8
    sequence = query.sequence
    if n > 1:
        if title.phrase(sequence):
            score += 0.8
        elif body.phrase(sequence):
            score += 0.6
        window = _min_window([body.clause(c) for c in query.clauses])
        if window is not None:
            slack = window - len(sequence)
            score += 0.4 / (1 + max(0, slack) / 2)
    return score


def rerank(query: Query, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """`ranked` (engine order) re-scored by `relevance`."""
    if not ranked:
        return ranked
    rows = SearchDocument.objects.filter(pk__in=[pk for pk, _ in ranked])
    texts = {pk: (t, b) for pk, t, b in rows.values_list("id", "index_title", "index_body")}
    top = max(score for _pk, score in ranked) or 1.0
    scored = [
        (pk, relevance(query, max(score, 0.0) / top, *texts.get(pk, ("", ""))))
        for pk, score in ranked
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored


def render_marked(text: str) -> SafeString:
    """Escape `text` and turn the engine's highlight markers into balanced <mark> tags."""
    out: list[str] = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(escape(piece))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text was escaped above


def mark_words(text: str, terms: Iterable[str], window: int | None = None) -> str:
    """`text` with the words whose analysis is one of `terms` (stems; raw words are analysed
    too) between highlight markers; with `window`, only the `window` words with the most
    matches ("…" where cut)."""
    text = text or ""
    spans = analysis.word_spans(text)
    if not spans:
        return text
    wanted, prefixes = set(), []
    for term in terms:
        if is_prefix(term):
            prefixes.append(term[:-1])
            continue
        wanted.add(term)
        wanted.update(analysis.tokens(term))
    folded = analysis.fold(text)

    def hit(start: int, end: int, stem: str) -> bool:
        if not stem:
            return False
        if stem in wanted:
            return True
        word = analysis.normalize_word(folded[start:end])
        return any(stem.startswith(p) or word.startswith(p) for p in prefixes)

    is_hit = [hit(*span) for span in spans]
    first, last = 0, len(spans)
    if window and len(spans) > window:
        count = best_count = sum(is_hit[:window])
        for start in range(1, len(spans) - window + 1):  # slide, keep the earliest best
            count += is_hit[start + window - 1] - is_hit[start - 1]
            if count > best_count:
                first, best_count = start, count
        last = first + window
    out = ["… " if first else ""]
    pos = spans[first][0] if first else 0
    for i in range(first, last):
        start, end, _stem = spans[i]
        out.append(text[pos:start])
        word = text[start:end]
        out.append(f"{MARK_START}{word}{MARK_END}" if is_hit[i] else word)
        pos = end
    out.append(text[pos:] if last == len(spans) else " …")
    return "".join(out)


def plain_snippet(body: str, words: int) -> str:
    parts = (body or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _compiled(qs: QuerySet) -> tuple[str, tuple] | None:
    """The candidate ids as SQL, or None when nothing restricts them."""
    if not qs.query.where:
        return None
    sql, params = qs.values("id").query.sql_with_params()
    return sql, tuple(params)


def python_highlights(ids: list[int], query: Query | list[str]) -> dict[int, tuple[str, str]]:
    """The raw title and a snippet of the body with the words the query matched marked: the
    same on both engines (the analysis is ours, not the engine's), and cheaper than FTS5's
    snippet(), which re-reads a common word's whole posting list for every row."""
    stems = as_query(query).stems
    rows = SearchDocument.objects.filter(pk__in=ids).values_list("id", "title", "body")
    size = conf.get("SNIPPET_WORDS")
    return {
        pk: (mark_words(title, stems), mark_words(body, stems, window=size))
        for pk, title, body in rows
    }


def _window(offset: int, limit: int) -> tuple[int, int, bool]:
    """What to fetch from the engine for the page [offset, offset + limit): the first
    RERANK_DEPTH rows (re-ranked in Python) when the page lies within them."""
    depth = conf.get("RERANK_DEPTH")
    if offset + limit <= depth:
        return 0, depth, True
    return offset, limit, False


def _cut(query: Query, ranked, offset: int, limit: int, reranked: bool):
    if not reranked:
        return ranked
    return rerank(query, ranked)[offset : offset + limit]


Relaxed = tuple[dict[str, int], list[tuple[int, float]], tuple[bool, ...]]


def _relaxed_cut(query: Query, rows: list[tuple[int, float, int]], offset, limit, reranked):
    """The relaxed page: by how many of the query's clauses a row matches, then (within
    the re-ranked window) by `relevance`, else by the engine's own score."""
    if not reranked:
        return [(pk, score) for pk, score, _k in rows]
    matched = {pk: k for pk, _s, k in rows}
    scored = rerank(query, [(pk, score) for pk, score, _k in rows])
    scored.sort(key=lambda item: (-matched[item[0]], -item[1], item[0]))
    return scored[offset : offset + limit]


def missing_words(query: Query, found: Iterable[bool]) -> list[str]:
    """The words the user typed that stand for the clauses `found` says no row matched
    (a relaxed search names them above its results)."""
    lost: set[str] = set()
    kept: set[str] = set()
    for clause, hit in zip(query.clauses, found, strict=False):
        words = {word.rstrip("*") for phrase in clause for word in phrase}
        (kept if hit else lost).update(words)
    lost -= kept
    out: list[str] = []
    for raw in analysis.raw_words(query.text):
        if raw in out:
            continue
        if analysis.stem(raw) in lost or analysis.normalize_word(raw) in lost:
            out.append(raw)
    return out


def _types_clause(types: list[str]) -> str:
    """The WHERE over the matches' type column `t` (empty: every type); its parameters are
    the types themselves."""
    return ("WHERE t IN (" + ", ".join(["%s"] * len(types)) + ")") if types else ""


def _fts_scope(inner: tuple[str, tuple] | None) -> tuple[str, tuple]:
    """SQLite: the candidate ids as a test on the FTS row, before the join with the document
    table, so only rows in scope are joined; the unary + keeps SQLite from probing the FTS
    index once per candidate."""
    if not inner:
        return "", ()
    return f"AND +{FTS_TABLE}.rowid IN ({inner[0]})", inner[1]


def _run(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class SqliteFts5:
    vendor = "sqlite"

    @staticmethod
    def _match(query: Query, any_term: bool) -> str:
        def quote(phrase: Phrase) -> str:
            text = " ".join(phrase)
            return f'"{text[:-1]}"*' if is_prefix(text) else f'"{text}"'

        def clause(alternatives: Clause) -> str:
            quoted = [quote(phrase) for phrase in alternatives]
            return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

        return (" OR " if any_term else " AND ").join(clause(c) for c in query.clauses)

    def knows(self, qs: QuerySet, word: str) -> bool:
        """Whether any row of `qs` holds the analysed `word`."""
        try:
            inner = _compiled(qs)
        except EmptyResultSet:
            return False
        sql = f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params: tuple = (f'"{word}"',)
        if inner:
            sql += f" AND +rowid IN ({inner[0]})"
            params += inner[1]
        return bool(_run(sql + " LIMIT 1", params))

    def page(
        self, qs: QuerySet, types: list[str], terms: Query | list[str], offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, float]]]:
        """Counts per type and one ranked page, in one statement: the matches in scope are
        found and scored once (a materialised CTE), then counted and cut."""
        query = as_query(terms)
        if not query:
            return {}, []
        try:
            inner = _compiled(qs)
        except EmptyResultSet:
            return {}, []
        scope, scope_params = _fts_scope(inner)
        params = [conf.get("TITLE_WEIGHT"), self._match(query, False), *scope_params]
        wanted = _types_clause(types)
        params += types
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {FTS_TABLE}.rowid AS id, "
            f"bm25({FTS_TABLE}, %s, 1.0) AS s, d.doc_type AS t FROM {FTS_TABLE} "
            f"JOIN {DOC_TABLE} d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s {scope}) "
            f"SELECT * FROM (SELECT 0, id, s, t FROM m {wanted} ORDER BY s, id LIMIT %s OFFSET %s) "
            f"UNION ALL SELECT 1, NULL, COUNT(*), t FROM m GROUP BY t"
        )
        start, size, reranked = _window(offset, limit)
        counts, ranked = {}, []
        for is_count, pk, value, doc_type in _run(sql, [*params, size, start]):
            if is_count:
                counts[doc_type] = int(value)
            else:
                ranked.append((pk, -value))
        return counts, _cut(query, ranked, offset, limit, reranked)

    def relaxed_page(
        self, qs: QuerySet, types: list[str], terms: Query | list[str], offset: int, limit: int
    ) -> Relaxed:
        """`page` for rows matching any of the query's clauses (when none matches them all),
        ordered by how many clauses each row matches, then by rank; also, per clause,
        whether any row in scope matched it."""
        query = as_query(terms)
        if not query:
            return {}, [], ()
        try:
            inner = _compiled(qs)
        except EmptyResultSet:
            return {}, [], ()
        n = len(query.clauses)
        ks = [f"k{i}" for i in range(n)]
        flags = ", ".join(
            f"(d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)) AS {k}"
            for k in ks
        )
        params = [conf.get("TITLE_WEIGHT")]
        params += [self._match(Query((clause,)), False) for clause in query.clauses]
        params.append(self._match(query, True))
        scope, scope_params = _fts_scope(inner)
        params += scope_params
        wanted = _types_clause(types)
        params += types
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {FTS_TABLE}.rowid AS id, "
            f"bm25({FTS_TABLE}, %s, 1.0) AS s, d.doc_type AS t, {flags} FROM {FTS_TABLE} "
            f"JOIN {DOC_TABLE} d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s {scope}) "
            f"SELECT * FROM (SELECT 0, id, s, t, {', '.join(ks)} FROM m {wanted} "
            f"ORDER BY {' + '.join(ks)} DESC, s, id LIMIT %s OFFSET %s) "
            f"UNION ALL SELECT 1, NULL, COUNT(*), t, {', '.join(f'MAX({k})' for k in ks)} "
            f"FROM m GROUP BY t"
        )
        start, size, reranked = _window(offset, limit)
        counts, rows, found = {}, [], [False] * n
        for is_count, pk, value, doc_type, *hits in _run(sql, [*params, size, start]):
            if is_count:
                counts[doc_type] = int(value)
                found = [a or bool(b) for a, b in zip(found, hits, strict=True)]
            else:
                rows.append((pk, -value, sum(hits)))
        return counts, _relaxed_cut(query, rows, offset, limit, reranked), tuple(found)

    def page_of_type(
        self, qs: QuerySet, doc_type: str, terms: Query | list[str], offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, float]]]:
        """`page` counting one document type only (the public catalogue): the type joins
        the scope's subquery, so the matches need no join with the document table (a word
        found in nearly every published text is scored in about half the time)."""
        query = as_query(terms)
        if not query:
            return {}, []
        try:
            inner = _compiled(qs.filter(doc_type=doc_type))
        except EmptyResultSet:
            return {}, []
        sql = (
            f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25({FTS_TABLE}, %s, 1.0) AS s "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND +rowid IN ({inner[0]})) "
            f"SELECT * FROM (SELECT 0, id, s FROM m ORDER BY s, id LIMIT %s OFFSET %s) "
            f"UNION ALL SELECT 1, NULL, COUNT(*) FROM m"
        )
        start, size, reranked = _window(offset, limit)
        params = [conf.get("TITLE_WEIGHT"), self._match(query, False), *inner[1], size, start]
        counts, ranked = {}, []
        for is_count, pk, value in _run(sql, params):
            if is_count:
                if value:
                    counts[doc_type] = int(value)
            else:
                ranked.append((pk, -value))
        return counts, _cut(query, ranked, offset, limit, reranked)

    def ranked(
        self,
        qs: QuerySet,
        terms: Query | list[str],
        offset: int,
        limit: int,
        any_term: bool = False,
    ) -> list[tuple[int, float]]:
        """Engine order only (bm25): the callers that use it re-score on their own."""
        query = as_query(terms)
        if not query:
            return []
        try:
            inner = _compiled(qs)
        except EmptyResultSet:
            return []
        sql = (
            f"SELECT rowid, bm25({FTS_TABLE}, %s, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        params: tuple = (conf.get("TITLE_WEIGHT"), self._match(query, any_term))
        if inner:
            # The unary + keeps SQLite from probing the FTS index once per candidate row.
            sql += f" AND +rowid IN ({inner[0]})"
            params += inner[1]
        sql += " ORDER BY score, rowid LIMIT %s OFFSET %s"
        return [(pk, -score) for pk, score in _run(sql, params + (limit, offset))]

    def highlights(self, ids: list[int], terms: Query | list[str]) -> dict[int, tuple[str, str]]:
        return python_highlights(ids, terms)


class PostgresFts:
    vendor = "postgresql"

    @staticmethod
    def _query(query: Query, any_term: bool = False) -> SearchQuery:
        def word(w: str) -> str:
            return w[:-1] + ":*" if is_prefix(w) else w

        def clause(alternatives: Clause) -> str:
            joined = [" <-> ".join(word(w) for w in phrase) for phrase in alternatives]
            return joined[0] if len(joined) == 1 else "(" + " | ".join(joined) + ")"

        raw = (" | " if any_term else " & ").join(clause(c) for c in query.clauses)
        return SearchQuery(raw, search_type="raw", config=conf.get("PG_CONFIG"))

    def knows(self, qs: QuerySet, word: str) -> bool:
        """Whether any row of `qs` holds the analysed `word`."""
        return qs.filter(search_vector=self._query(Query((((word,),),)))).exists()

    def page(
        self, qs: QuerySet, types: list[str], terms: Query | list[str], offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, float]]]:
        """Counts per type and one ranked page in one statement, as on SQLite: the matches
        in scope are found and ranked in one scan (a materialised CTE), then counted and
        cut. Two statements read every matching vector twice (a common word: 38,000)."""
        query = as_query(terms)
        if not query:
            return {}, []
        search = self._query(query)
        matches = (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search, normalization=Value(1)))
            .order_by()
            .values_list("id", "rank", "doc_type")
        )
        try:
            inner, params = matches.query.sql_with_params()
        except EmptyResultSet:
            return {}, []
        params = list(params)
        wanted = _types_clause(types)
        params += types
        sql = (
            f"WITH m (id, s, t) AS MATERIALIZED ({inner}) "
            f"SELECT * FROM (SELECT 0, id, s, t FROM m {wanted} ORDER BY s DESC, id "
            f"LIMIT %s OFFSET %s) page UNION ALL SELECT 1, NULL, COUNT(*), t FROM m GROUP BY t"
        )
        start, size, reranked = _window(offset, limit)
        counts, ranked = {}, []
        for is_count, pk, value, doc_type in _run(sql, [*params, size, start]):
            if is_count:
                counts[doc_type] = int(value)
            else:
                ranked.append((pk, value))
        return counts, _cut(query, ranked, offset, limit, reranked)

    def relaxed_page(
        self, qs: QuerySet, types: list[str], terms: Query | list[str], offset: int, limit: int
    ) -> Relaxed:
        """As `SqliteFts5.relaxed_page`: rows matching any clause, by how many they match."""
        query = as_query(terms)
        if not query:
            return {}, [], ()
        search = self._query(query, any_term=True)
        ks = [f"k{i}" for i in range(len(query.clauses))]
        flags = {
            k: Case(
                When(search_vector=self._query(Query((clause,))), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for k, clause in zip(ks, query.clauses, strict=True)
        }
        matches = (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search, normalization=Value(1)))
            .annotate(**flags)
            .order_by()
            .values_list("id", "rank", "doc_type", *ks)
        )
        try:
            inner, params = matches.query.sql_with_params()
        except EmptyResultSet:
            return {}, [], ()
        params = list(params)
        wanted = _types_clause(types)
        params += types
        columns = ", ".join(ks)
        sql = (
            f"WITH m (id, s, t, {columns}) AS MATERIALIZED ({inner}) "
            f"SELECT * FROM (SELECT 0, id, s, t, {columns} FROM m {wanted} "
            f"ORDER BY {' + '.join(ks)} DESC, s DESC, id LIMIT %s OFFSET %s) page "
            f"UNION ALL SELECT 1, NULL, COUNT(*), t, {', '.join(f'MAX({k})' for k in ks)} "
            f"FROM m GROUP BY t"
        )
        start, size, reranked = _window(offset, limit)
        counts, rows, found = {}, [], [False] * len(ks)
        for is_count, pk, value, doc_type, *hits in _run(sql, [*params, size, start]):
            if is_count:
                counts[doc_type] = int(value)
                found = [a or bool(b) for a, b in zip(found, hits, strict=True)]
            else:
                rows.append((pk, value, sum(hits)))
        return counts, _relaxed_cut(query, rows, offset, limit, reranked), tuple(found)

    def page_of_type(
        self, qs: QuerySet, doc_type: str, terms: Query | list[str], offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, float]]]:
        return self.page(qs.filter(doc_type=doc_type), [doc_type], terms, offset, limit)

    def ranked(
        self,
        qs: QuerySet,
        terms: Query | list[str],
        offset: int,
        limit: int,
        any_term: bool = False,
    ) -> list[tuple[int, float]]:
        query = as_query(terms)
        if not query:
            return []
        search = self._query(query, any_term)
        rows = (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search, normalization=Value(1)))
            .order_by("-rank", "id")
            .values_list("id", "rank")
        )
        return list(rows[offset : offset + limit])

    def highlights(self, ids: list[int], terms: Query | list[str]) -> dict[int, tuple[str, str]]:
        return python_highlights(ids, terms)


def backend() -> SqliteFts5 | PostgresFts:
    if connection.vendor == "sqlite":
        return SqliteFts5()
    if connection.vendor == "postgresql":
        return PostgresFts()
    raise NotImplementedError(f"search has no engine for {connection.vendor}")
