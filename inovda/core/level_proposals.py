"""Level proposals: a count one app keeps (e.g. the capacity events behind IID indicator 20,
the replications behind indicator 31) offered on an IID sheet row another app owns as a
"proposed level", with the records behind it, so the operator does not enter it again.

A sibling of `inovda.core.evidence_sources` (same shape: the owner of the records registers
in `AppConfig.ready()`, the assessment app asks for the row's indicator; neither imports the
other). The assessment app maps the count to a level through the indicator's own level
definitions and applies it only when the user clicks "use this proposal".

    from inovda.core.level_proposals import CountSource, ProposalCount, count_source

    count_source(CountSource(
        key="knowledge.bimtek", label=_("capacity events"), aspect="sid", indicator_number=20,
        count=lambda innovation, user: ProposalCount(3, [("Bimtek …", "/knowledge/events/4/")]),
    ))

`count` lists only the records the user may see (`hidden` says how many others count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


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
    count: Callable[[Any, Any], ProposalCount | None]  # (innovation, user)


_SOURCES: dict[str, CountSource] = {}


def count_source(source: CountSource) -> None:
    _SOURCES[source.key] = source


def count_sources_for(aspect: str, indicator_number: int) -> list[CountSource]:
    return [
        s
        for s in _SOURCES.values()
        if s.aspect == aspect and s.indicator_number == indicator_number
    ]
