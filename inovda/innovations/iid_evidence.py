"""Each fact entered once: the SK/Perkada/Perda signed at adoption or implementation is
offered as evidence of indicator 16 (*Regulasi Inovasi Daerah*) on the innovation's SID
sheet, through `inovda.core.evidence_sources` (the assessment app attaches a copy of the
stored file with its own service; neither app imports the other)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import formats
from inovda.core.evidence_sources import EvidenceFile, EvidenceSource, evidence_source

REGULATION_INDICATOR = 16
# The level of indicator 16 each kind supports: SK 1, Perkada 2, Perda 3.
LEVEL = {"sk": 1, "perkada": 2, "perda": 3}


def strongest_instrument(innovation):
    """The signed instrument with a stored document that supports the highest level."""
    instruments = innovation.instruments.exclude(document=None).select_related("document")
    return max(instruments, key=lambda i: (LEVEL.get(i.kind, 0), i.issued_on), default=None)


def _summary(innovation) -> str | None:
    instrument = strongest_instrument(innovation)
    if instrument is None:
        return None
    return _(
        "%(kind)s no. %(number)s of %(date)s, already stored (%(purpose)s): level %(level)d"
    ) % {
        "kind": instrument.get_kind_display(),
        "number": instrument.number,
        "date": formats.long_date(instrument.issued_on),
        "purpose": instrument.get_purpose_display(),
        "level": LEVEL.get(instrument.kind, 0),
    }


def instrument_evidence(innovation) -> EvidenceFile | None:
    instrument = strongest_instrument(innovation)
    if instrument is None:
        return None
    document = instrument.document
    with document.file.open("rb") as handle:
        content = handle.read()
    return EvidenceFile(
        content=content,
        filename=document.original_name or f"instrumen-{instrument.pk}.pdf",
        description=f"{instrument.get_kind_display()} {instrument.number} "
        f"({instrument.issued_on:%d-%m-%Y})",
    )


def register() -> None:
    evidence_source(
        EvidenceSource(
            key="innovations.instrument",
            label=gettext_lazy("the SK/Perkada/Perda stored at adoption or implementation"),
            aspect="sid",
            indicator_number=REGULATION_INDICATOR,
            summary=_summary,
            build=instrument_evidence,
        )
    )
