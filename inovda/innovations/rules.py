"""The registry's rules: what a proposal needs before it can be submitted (the national
profile). The lifecycle table's `submit` step, the form, the importer and the five-factor
inputs all read them here."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Innovation

# What a submission needs besides the design.
REQUIRED_FOR_SUBMISSION = [
    "name",
    "initiator_kind",
    "form",
    "kind",
    "main_affair",
    "stage",
    "goals",
    "benefits",
]

# Initiators that are people (or a council member): the proposal names them; a citizen's
# proposal is entered by staff with the citizen's name.
NAMED_INITIATORS = frozenset(set(Innovation.InitiatorKind) - {Innovation.InitiatorKind.AGENCY})


def submission_problems(innovation: Innovation) -> list[str]:
    """Every reason the innovation cannot be submitted yet, in words a user understands."""
    problems = []
    for name in REQUIRED_FOR_SUBMISSION:
        if getattr(innovation, name) in ("", None):
            label = Innovation._meta.get_field(name).verbose_name
            problems.append(_("“%(field)s” is required.") % {"field": label})
    named = innovation.initiator_kind in NAMED_INITIATORS
    if named and not innovation.initiator_name.strip():
        problems.append(
            _("Name the initiator (%(kind)s): who proposed this innovation.")
            % {"kind": innovation.get_initiator_kind_display()}
        )
    minimum = settings.INOVDA["DESIGN_MIN_WORDS"]
    words = innovation.compute_design_word_count()
    if words < minimum:
        problems.append(
            _("The design (rancang bangun) has %(words)d words; at least %(minimum)d are needed.")
            % {"words": words, "minimum": minimum}
        )
    return problems
