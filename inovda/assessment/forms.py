from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inovda.core.files import UploadField
from inovda.core.versioning import VersionedForm
from inovda.organizations.models import GovernmentAffair

from .models import AssessmentPeriod, Entry, MeasurementBasis
from .selectors import period_rules


def _bootstrap(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxInput)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{css} form-control-sm {widget.attrs.get('class', '')}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["class"] += " is-invalid"


class RowForm(VersionedForm):
    """The level (0…top), the measurement basis where the indicator has some, a note."""

    level = forms.TypedChoiceField(label=_("Level"), coerce=int, widget=forms.RadioSelect)
    basis = forms.ModelChoiceField(
        label=_("Measurement basis"), queryset=MeasurementBasis.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, entry: Entry, **kwargs):
        kwargs.setdefault(
            "initial", {"level": entry.level, "basis": entry.basis_id, "note": entry.note}
        )
        kwargs.setdefault("prefix", f"row{entry.pk}")
        kwargs.setdefault("version", entry.version)
        super().__init__(*args, **kwargs)
        indicator = entry.indicator
        self.fields["level"].widget.attrs["class"] = "form-check-input"
        self.fields["level"].choices = [(0, _("0 — not met / empty"))] + [
            (i, f"{i} — {text}") for i, text in enumerate(indicator.levels, start=1)
        ]
        bases = list(indicator.bases.all())
        if bases:
            self.fields["basis"].queryset = indicator.bases.all()
            self.fields["basis"].empty_label = _("Choose the basis…")
        else:
            del self.fields["basis"]
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if "basis" in self.fields and data.get("level") and not data.get("basis"):
            self.add_error("basis", _("Choose the measurement basis of this indicator."))
        return data


class EvidenceForm(forms.Form):
    file = UploadField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    description = forms.CharField(label=_("Description"), required=False, max_length=255)

    def __init__(self, *args, prefix: str = "", **kwargs):
        super().__init__(*args, prefix=prefix or None, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.mp4"
        self.fields["url"].widget.attrs["placeholder"] = "https://…"
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url") and not self.errors:
            raise ValidationError(_("Attach a file or give a link."))
        return data


class ReviewForm(VersionedForm):
    stale_fields = {"decision": "review_decision", "note": "review_note"}

    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Verifier's note"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the row is rejected."))
        return data


class DevelopmentForm(VersionedForm):
    development_date = forms.DateField(
        label=_("Development date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only if the implementation started before the eligibility window."),
    )
    development_note = forms.CharField(
        label=_("What was developed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("development_date") and not (data.get("development_note") or "").strip():
            self.add_error("development_note", _("Describe the development that was made."))
        return data


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What must be revised"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


def _decimal_list(text: str) -> list[Decimal]:
    try:
        values = [
            Decimal(part.strip()) for part in text.replace(";", ",").split(",") if part.strip()
        ]
    except ArithmeticError as exc:
        raise ValidationError(_("Write the scores as numbers separated by commas.")) from exc
    if any(v < 0 for v in values):
        raise ValidationError(_("Scores cannot be negative."))
    return values


class SimulationForm(forms.Form):
    """Hypothetical inputs: a list of innovation scores, or a count with one score."""

    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=AssessmentPeriod.objects.filter(scheme=AssessmentPeriod.Scheme.REGIONAL),
        to_field_name="year",
        empty_label=None,
    )
    spd = forms.DecimalField(label=_("SPD score"), min_value=0, decimal_places=2)
    innovations = forms.IntegerField(
        label=_("Number of innovations"), min_value=0, max_value=10000, required=False
    )
    score = forms.DecimalField(
        label=_("Score of each innovation"), min_value=0, decimal_places=2, required=False
    )
    scores = forms.CharField(
        label=_("…or each innovation's score"),
        required=False,
        help_text=_("Separated by commas, e.g. 80, 72.5, 95. Replaces the two fields above."),
    )
    basic_services = forms.IntegerField(
        label=_("Basic-service affairs covered"), min_value=0, max_value=50
    )
    next_score = forms.DecimalField(
        label=_("One more innovation scoring"),
        min_value=0,
        decimal_places=2,
        required=False,
        help_text=_("Shows what one more innovation at this score would add."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def simulation_inputs(self) -> dict:
        """The cleaned inputs as `selectors.simulate` takes them."""
        data = self.cleaned_data
        return {
            "period": data["period"],
            "spd": data["spd"],
            "scores": data["scores"],
            "basic_services": data["basic_services"],
            "next_score": data.get("next_score"),
        }

    def clean_scores(self):
        return _decimal_list(self.cleaned_data.get("scores") or "")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("scores"):
            if data.get("innovations") is None:
                self.add_error("innovations", _("Give a number of innovations or a list."))
            elif data["innovations"] and data.get("score") is None:
                self.add_error("score", _("Give the score of each innovation."))
            else:
                data["scores"] = [data.get("score") or Decimal(0)] * data["innovations"]
        basic_affairs = GovernmentAffair.objects.filter(is_basic_service=True).count()
        if data.get("basic_services") is not None and data["basic_services"] > basic_affairs:
            self.add_error(
                "basic_services",
                _("There are only %(n)d basic-service affairs.") % {"n": basic_affairs},
            )
        period = data.get("period")
        if period is not None:
            rules = period_rules(period)
            if data["spd"] > rules.spd_max:
                self.add_error("spd", _("The SPD score is at most %s.") % rules.spd_max)
            if any(s > rules.sid_max for s in data.get("scores") or []):
                self.add_error("scores", _("An innovation scores at most %s.") % rules.sid_max)
        return data
