"""Evidence sources: records one app keeps that may stand as evidence (bukti dukung) on an
IID sheet row another app owns, offered there without downloading and uploading again.

The app that owns the records registers a source in its `AppConfig.ready()`; the
assessment app lists the sources of each row and attaches what one produces through its
own `evidence_add` service (so access, the row going back to "waiting", the score and the
audit event are the usual ones). Neither app imports the other:

    from inovda.core.evidence_sources import EvidenceSource, evidence_source

    evidence_source(EvidenceSource(
        key="public.feedback",
        label=_("Citizen benefit feedback (self-reported)"),
        aspect="sid", indicator_number=33,
        summary=lambda innovation: "12 answers, 4.2 / 5" or None,   # None: nothing to offer
        build=lambda innovation: EvidenceFile(content, "name.pdf", "description") or None,
    ))

`summary` is called when the sheet is drawn (keep it to one or two queries); `build` only
when the user attaches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EvidenceFile:
    content: bytes
    filename: str
    description: str


@dataclass(frozen=True)
class EvidenceSource:
    key: str
    label: Any  # a lazy translation
    aspect: str  # "sid" (an innovation's sheet) or "spd"
    indicator_number: int
    summary: Callable[[Any], str | None]
    build: Callable[[Any], EvidenceFile | None]


_SOURCES: dict[str, EvidenceSource] = {}


def evidence_source(source: EvidenceSource) -> None:
    _SOURCES[source.key] = source


def sources_for(aspect: str, indicator_number: int) -> list[EvidenceSource]:
    return [
        s
        for s in _SOURCES.values()
        if s.aspect == aspect and s.indicator_number == indicator_number
    ]


def source(key: str) -> EvidenceSource | None:
    return _SOURCES.get(key)
