"""Knowledge settings: defaults here, overridable with `INOVDA_KNOWLEDGE = {...}` in settings.

Every rule that a Pemda (or the next IID catalogue) may change is read through `get()`;
the override rule is the one of every app (`inovda.core.conf`).
"""

from __future__ import annotations

from typing import Any

from inovda.core.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # Search
    "PAGE_SIZE": 20,
    "MAX_QUERY_TERMS": 8,
    "TITLE_WEIGHT": 3.0,  # SQLite bm25() weight of the title against the body (1.0)
    # PostgreSQL text search configuration over the analysed text: 'simple' keeps the stems
    # that inovda.core.analysis wrote (ADR 0018); another config would stem them again.
    "PG_CONFIG": "simple",
    "SNIPPET_WORDS": 32,
    # The first N matches of a search are re-ranked by phrase, proximity and title (ADR 0018)
    "RERANK_DEPTH": 100,
    # "Maksud Anda …?" under this many matches, from the words of the newest rows a reader
    # may see (cached per reader scope)
    "SUGGEST_BELOW": 3,
    "VOCABULARY_ROWS": 20000,
    "VOCABULARY_SECONDS": 600,
    # The last word of a query, unknown to the index, matches as a prefix from this many
    # letters, with at most this many stems of vocabulary words that begin with it.
    "PREFIX_MIN_CHARS": 3,
    "PREFIX_EXPANSIONS": 12,
    # More readable agencies than this: the agency filter becomes search-as-you-type.
    "AGENCY_SELECT_MAX": 60,
    "AGENCY_MATCHES": 30,
    # Similar innovations
    "SIMILAR_QUERY_TERMS": 16,  # distinct words of the draft sent to the database ranking
    "SIMILAR_CANDIDATES": 40,  # how many ranked candidates are re-scored in Python
    # Calibrated on bench/relevance.py (ADR 0018): below MIN not shown; at or above
    # DUPLICATE a "possible duplicate" in the same Pemda, a replication candidate elsewhere.
    "SIMILAR_MIN_SCORE": 0.15,
    "SIMILAR_DUPLICATE_SCORE": 0.55,
    "SIMILAR_NAME_GRAMS_SHARE": 0.2,  # weight of the names' character trigrams in the score
    "SIMILAR_LIMIT": 6,
    # Events
    "ACTION_DUE_SOON_DAYS": 7,
    # IID indicator 20 (bimtek inovasi): which event kinds count and over how many years.
    # The evidence list names: SK/surat tugas, attendance, invitation of
    # "bimtek/training/TOT/sharing/FGD/transfer pengetahuan" (iid_2025_sid_bukti_dukung.json).
    "IID20_EVENT_KINDS": ["bimtek", "workshop", "sharing", "fgd"],
    "IID20_WINDOW_YEARS": 3,
    # IID indicator 31 (replikasi): which replication statuses count as "replicated".
    "IID31_COUNTED_STATUSES": ["agreed", "trial", "implemented"],
}

app_settings = AppSettings("INOVDA_KNOWLEDGE", DEFAULTS)
get = app_settings.get
