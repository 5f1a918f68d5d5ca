"""Full-text search over the index, one interface for two engines:

- SQLite: FTS5 (`knowledge_search_fts`), ranked by bm25(), highlighted by highlight()/snippet();
- PostgreSQL: the `search_vector` tsvector (config `indonesian`), ranked by ts_rank(),
  highlighted by ts_headline().

`backend()` picks the engine from the connection; callers never branch on the vendor. The
candidate rows (what the user may see, narrowed by the filters) are always an ORM queryset,
so access rules are written once (`indexing.visibility_q`).
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mark_words(text: str, terms: list[str], window: int | None = None) -> str:
    """`text` with the words that start with a query term between highlight markers; with
    `window`, only the `window` words with the most matches ("…" where cut)."""
    text = text or ""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return text
    prefixes = tuple(_fold(term) for term in terms)
    is_hit = [_fold(m.group()).startswith(prefixes) for m in tokens]
    first, last = 0, len(tokens)
    if window and len(tokens) > window:
        count = best_count = sum(is_hit[:window])
        for start in range(1, len(tokens) - window + 1):  # slide, keep the earliest best
            count += is_hit[start + window - 1] - is_hit[start - 1]
            if count > best_count:
                first, best_count = start, count
        last = first + window
    out = ["… " if first else ""]
    pos = tokens[first].start() if first else 0
    for i in range(first, last):
        token = tokens[i]
        out.append(text[pos : token.start()])
        out.append(f"{MARK_START}{token.group()}{MARK_END}" if is_hit[i] else token.group())
        pos = token.end()
    out.append(text[pos:] if last == len(tokens) else " …")
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


class SqliteFts5:
    vendor = "sqlite"

    @staticmethod
    def _match(terms: list[str], any_term: bool) -> str:
        return (" OR " if any_term else " ").join(f'"{term}"*' for term in terms)

    def _run(self, sql: str, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def page(
        self, qs: QuerySet, types: list[str], terms: list[str], offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, float]]]:
        """Counts per type and one ranked page, in one statement: the matches in scope are
        found and scored once (a materialised CTE), then counted and cut."""
        try:
            inner = _compiled(qs)
        except EmptyResultSet:
            return {}, []
        scope, params = "", [conf.get("TITLE_WEIGHT"), self._match(terms, False)]
        if inner:
            # Tested on the FTS row, before the join, so only rows in scope are joined;
            # the unary + keeps SQLite from probing the FTS index once per candidate.
            scope = f"AND +{FTS_TABLE}.rowid IN ({inner[0]})"
            params += inner[1]
        wanted = ""
        if types:
            wanted = "WHERE t IN (" + ", ".join(["%s"] * len(types)) + ")"
            params += types
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {FTS_TABLE}.rowid AS id, "
            f"bm25({FTS_TABLE}, %s, 1.0) AS s, d.doc_type AS t FROM {FTS_TABLE} "
            f"JOIN {DOC_TABLE} d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s {scope}) "
            f"SELECT * FROM (SELECT 0, id, s, t FROM m {wanted} ORDER BY s, id LIMIT %s OFFSET %s) "
            f"UNION ALL SELECT 1, NULL, COUNT(*), t FROM m GROUP BY t"
        )
        counts, ranked = {}, []
        for is_count, pk, value, doc_type in self._run(sql, [*params, limit, offset]):
            if is_count:
                counts[doc_type] = int(value)
            else:
                ranked.append((pk, -value))
        return counts, ranked

    def ranked(
        self, qs: QuerySet, terms: list[str], offset: int, limit: int, any_term: bool = False
    ) -> list[tuple[int, float]]:
        try:
            inner = _compiled(qs)
        except EmptyResultSet:
            return []
        sql = (
            f"SELECT rowid, bm25({FTS_TABLE}, %s, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        params: tuple = (conf.get("TITLE_WEIGHT"), self._match(terms, any_term))
        if inner:
            # The unary + keeps SQLite from probing the FTS index once per candidate row.
            sql += f" AND +rowid IN ({inner[0]})"
            params += inner[1]
        sql += " ORDER BY score, rowid LIMIT %s OFFSET %s"
        return [(pk, -score) for pk, score in self._run(sql, params + (limit, offset))]

    def highlights(self, ids: list[int], terms: list[str]) -> dict[int, tuple[str, str]]:
        """Marked in Python with FTS5's own rule (a query word matches the words it starts,
        case and diacritics aside): FTS5's snippet() re-reads a common word's whole posting
        list for every row, which costs more than the search itself."""
        rows = SearchDocument.objects.filter(pk__in=ids).values_list("id", "title", "body")
        words = conf.get("SNIPPET_WORDS")
        return {
            pk: (mark_words(title, terms), mark_words(body, terms, window=words))
            for pk, title, body in rows
        }


class PostgresFts:
    vendor = "postgresql"

    @staticmethod
    def _query(terms: list[str], any_term: bool = False) -> SearchQuery:
        raw = (" | " if any_term else " & ").join(f"{term}:*" for term in terms)
        return SearchQuery(raw, search_type="raw", config=conf.get("PG_CONFIG"))

    def page(
        self, qs: QuerySet, types: list[str], terms: list[str], offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, float]]]:
        selected = qs.filter(doc_type__in=types) if types else qs
        return self.counts(qs, terms), self.ranked(selected, terms, offset, limit)

    def counts(self, qs: QuerySet, terms: list[str]) -> dict[str, int]:
        rows = (
            qs.filter(search_vector=self._query(terms))
            .order_by()
            .values("doc_type")
            .annotate(n=Count("id"))
        )
        return {row["doc_type"]: row["n"] for row in rows}

    def ranked(
        self, qs: QuerySet, terms: list[str], offset: int, limit: int, any_term: bool = False
    ) -> list[tuple[int, float]]:
        query = self._query(terms, any_term)
        rows = (
            qs.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, normalization=Value(1)))
            .order_by("-rank", "id")
            .values_list("id", "rank")
        )
        return list(rows[offset : offset + limit])

    def highlights(self, ids: list[int], terms: list[str]) -> dict[int, tuple[str, str]]:
        query = self._query(terms, any_term=True)
        config = conf.get("PG_CONFIG")
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
        rows = (
            SearchDocument.objects.filter(pk__in=ids)
            .annotate(
                h_title=SearchHeadline("title", query, config=config, highlight_all=True, **marks),
                h_body=SearchHeadline(
                    "body",
                    query,
                    config=config,
                    max_words=conf.get("SNIPPET_WORDS"),
                    min_words=max(5, conf.get("SNIPPET_WORDS") // 2),
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .values_list("id", "h_title", "h_body")
        )
        return {pk: (title, body) for pk, title, body in rows}


def backend() -> SqliteFts5 | PostgresFts:
    if connection.vendor == "sqlite":
        return SqliteFts5()
    if connection.vendor == "postgresql":
        return PostgresFts()
    raise NotImplementedError(f"search has no engine for {connection.vendor}")
