"""Validators shared by every app's models."""

from __future__ import annotations

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Right-to-left and isolate controls: "Laporan‮fdp.exe" displays as "Laporanexe.pdf".
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@deconstructible
class NoBidiControls:
    message = _("Remove the invisible text-direction characters from this name.")
    code = "bidi"

    def __call__(self, value) -> None:
        from django.core.exceptions import ValidationError

        if isinstance(value, str) and BIDI_CONTROLS.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoBidiControls)


no_bidi_controls = NoBidiControls()

# A year someone can mean: no 99999 in a year field.
YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]
