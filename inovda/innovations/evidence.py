"""Evidence levels as gates. The level lives on the innovation (the layer every reader can
import); the steps that need it ask `gate_problem(innovation, gate)` and show its answer.

Gates (settings `INOVDA_INNOVATIONS["EVIDENCE_GATES"]`): scale_up (another agency of the
Pemda adopts it), replication_other_pemda, scale_up_budget (F5) and risk_at_scale (F3).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf
from .models import EvidenceClaim

GATE_LABELS = {
    "scale_up": gettext_lazy("Pemda-wide scale-up"),
    "replication_other_pemda": gettext_lazy("replication to another Pemda"),
    "scale_up_budget": gettext_lazy("the scale-up budget"),
    "risk_at_scale": gettext_lazy("the risk appetite at scale"),
}


def required(gate: str) -> int | None:
    value = conf.get("EVIDENCE_GATES").get(gate)
    return None if value is None else int(value)


def meets(innovation, gate: str) -> bool:
    need = required(gate)
    return need is None or innovation.evidence_level >= need


def gate_problem(innovation, gate: str) -> str | None:
    """Why `innovation` may not pass `gate` yet (None when it may)."""
    if meets(innovation, gate):
        return None
    need = required(gate)
    return _(
        "%(step)s needs evidence of at least level %(need)d (%(label)s); “%(name)s” has "
        "level %(level)d. Record the evidence and have it confirmed on the innovation's page."
    ) % {
        "step": _first_upper(str(GATE_LABELS.get(gate, gate))),
        "need": need,
        "label": EvidenceClaim.Level(need).label,
        "name": innovation.name,
        "level": innovation.evidence_level,
    }


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
