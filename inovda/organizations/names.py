"""Comparing agency names as people write them: case, spacing and known abbreviations.

"Dinas Kesehatan", "DINAS  KESEHATAN" and "Dinkes" share one `agency_key`; the list of
abbreviations is data (`data/agency_abbreviations.json`), extendable per installation in
`settings.INOVDA_ORGANIZATIONS["AGENCY_ABBREVIATIONS"]`. Two names with one key are only
*proposed* as the same agency: a person confirms.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from django.conf import settings

DATA = Path(__file__).resolve().parent / "data" / "agency_abbreviations.json"


@functools.cache
def _file_abbreviations() -> dict[str, str]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def abbreviations() -> dict[str, str]:
    extra = getattr(settings, "INOVDA_ORGANIZATIONS", {}).get("AGENCY_ABBREVIATIONS", {})
    return {**_file_abbreviations(), **{k.lower(): v.lower() for k, v in extra.items()}}


def words(name: str) -> list[str]:
    """Lower-case ASCII words of a name, "&" kept as a word."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " & ")
    return [w for w in re.split(r"[^a-z0-9&]+", text) if w]


def agency_key(name: str) -> str:
    """One key for the spellings of one agency name (abbreviations expanded)."""
    table = abbreviations()
    expanded: list[str] = []
    for word in words(name):
        expanded.extend(table.get(word, word).split())
    return " ".join(expanded)
