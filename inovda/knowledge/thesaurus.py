"""The search thesaurus (ADR 0018): groups of words that mean the same in Indonesian
government ("PTSP, pelayanan terpadu satu pintu"; "stunting, gizi buruk"). National groups
ship in data/reference/search_synonyms.csv (`manage.py load_reference`, migration 0007); a
Pemda admin adds the Pemda's own. A query is expanded with the national groups and those of
the searcher's own Pemda (`inovda.knowledge.search.compile_query`)."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Q

from inovda.core import analysis
from inovda.core.datafiles import read_csv, reference_path
from inovda.organizations import access as org_access

from .models import SearchSynonym, split_terms

CSV_NAME = "search_synonyms.csv"


@lru_cache(maxsize=4096)
def analysed_group(terms: str) -> tuple[tuple[str, ...], ...]:
    """The analysed phrases of one group (each a tuple of stems), empty ones dropped."""
    phrases = (tuple(analysis.tokens(p)) for p in split_terms(terms))
    return tuple(dict.fromkeys(p for p in phrases if p))


def groups(pemda_id: int | None) -> list[tuple[tuple[str, ...], ...]]:
    """National groups and those of `pemda_id`, analysed (one query)."""
    wanted = Q(pemda__isnull=True)
    if pemda_id:
        wanted |= Q(pemda_id=pemda_id)
    rows = SearchSynonym.objects.filter(wanted).values_list("terms", flat=True)
    return [g for g in (analysed_group(t) for t in rows) if len(g) > 1]


def groups_for(user) -> list[tuple[tuple[str, ...], ...]]:
    """The groups a search of `user` expands with: national plus own Pemda's."""
    if not getattr(user, "is_authenticated", False):
        return groups(None)
    return groups(org_access.home_pemda_id(user))


def national_rows() -> list[dict[str, str]]:
    return list(read_csv(reference_path(CSV_NAME)))


def load_national(model=SearchSynonym) -> int:
    """Create the national groups of the CSV that are missing; returns how many."""
    have = set(model.objects.filter(pemda__isnull=True).values_list("terms", flat=True))
    new = [
        model(terms=", ".join(split_terms(row["terms"])), note=row.get("note", ""))
        for row in national_rows()
        if ", ".join(split_terms(row["terms"])) not in have
    ]
    model.objects.bulk_create(new)
    return len(new)
