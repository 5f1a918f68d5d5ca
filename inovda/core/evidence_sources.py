"""What other apps offer an IID sheet row the assessment app owns, so that nothing is
entered twice:

- evidence sources: records one app keeps that may stand as evidence (bukti dukung),
  offered without downloading and uploading again;
- count sources: a count one app keeps (the capacity events behind indicator 20, the
  replications behind indicator 31) offered as a proposed level with the records behind
  it; the assessment app maps the count to a level through the indicator's own level
  definitions and applies it only when the user clicks "use this proposal".

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
when the user attaches. A count source's `count(innovation, user, window)` lists only the
records the user may see (`hidden` says how many others count); `window` is the IID
period's own window as data, `(first day, last day)` (its eligibility window), or None
when the period has none (the source then keeps its own default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


def _for_row(sources: dict, aspect: str, indicator_number: int) -> list:
    return [
        s for s in sources.values() if s.aspect == aspect and s.indicator_number == indicator_number
    ]


def sources_for(aspect: str, indicator_number: int) -> list[EvidenceSource]:
    return _for_row(_SOURCES, aspect, indicator_number)


def source(key: str) -> EvidenceSource | None:
    return _SOURCES.get(key)


@dataclass(frozen=True)
class ProposalCount:
    count: int
    records: list[tuple[str, str]] = field(default_factory=list)  # (label, absolute path)
    rule: str = ""
    hidden: int = 0  # counted records the user may not see (never listed)


@dataclass(frozen=True)
class CountSource:
    key: str
    label: Any  # a lazy translation
    aspect: str  # "sid"
    indicator_number: int
    count: Callable[..., ProposalCount | None]  # (innovation, user, window)


_COUNTS: dict[str, CountSource] = {}


def count_source(source: CountSource) -> None:
    _COUNTS[source.key] = source


def count_sources_for(aspect: str, indicator_number: int) -> list[CountSource]:
    return _for_row(_COUNTS, aspect, indicator_number)
