from django import forms
from django.utils.translation import gettext_lazy as _

from inovda.organizations.models import GovernmentAffair

from .models import DESIGN_FIELDS, Innovation, Tag

PROFILE_FIELDS = [
    "name",
    "agency",
    "initiator_kind",
    "initiator_name",
    "form",
    "kind",
    "classification",
    "main_affair",
    "other_affairs",
    "themes",
    "sdgs",
    "year",
    "trial_start",
    "trial_end",
    *DESIGN_FIELDS,
    "goals",
    "benefits",
    "results",
    "budget_note",
    "latitude",
    "longitude",
    "video_url",
]

DESIGN_HELP = {
    "design_legal_basis": _("Laws and regulations the innovation stands on."),
    "design_problem": _("What went wrong before: who suffered, with figures if you have them."),
    "design_strategic_issues": _("Which regional priorities (RPJMD) this answers."),
    "design_method_before": _("How the work was done before the innovation."),
    "design_method_after": _("How the work is done with the innovation."),
    "design_novelty": _("What is new compared with what existed."),
    "design_how_it_works": _("The steps, who does what, and how results are measured."),
}


class InnovationForm(forms.ModelForm):
    """The profile. Drafts may be incomplete; submission checks the full rules."""

    class Meta:
        model = Innovation
        fields = PROFILE_FIELDS
        widgets = {
            "trial_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "trial_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "other_affairs": forms.SelectMultiple(attrs={"size": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "sdgs": forms.SelectMultiple(attrs={"size": 6}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "budget_note": forms.Textarea(attrs={"rows": 2}),
            **{
                name: forms.Textarea(
                    attrs={"rows": 4, "data-wordcount": "design", "class": "design"}
                )
                for name in DESIGN_FIELDS
            },
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["main_affair"].queryset = GovernmentAffair.objects.all()
        self.fields["other_affairs"].queryset = GovernmentAffair.objects.all()
        self.fields["themes"].queryset = Tag.objects.filter(kind=Tag.Kind.THEME)
        self.fields["sdgs"].queryset = Tag.objects.filter(kind=Tag.Kind.SDG)
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        for name, text in DESIGN_HELP.items():
            self.fields[name].help_text = text
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if name in self.errors:
                widget.attrs["class"] += " is-invalid"

    def clean(self):
        data = super().clean()
        start, end = data.get("trial_start"), data.get("trial_end")
        if start and end and end < start:
            self.add_error("trial_end", _("The trial cannot end before it starts."))
        main, others = data.get("main_affair"), data.get("other_affairs")
        if main and others and main in others:
            self.add_error(
                "other_affairs", _("The main affair need not be repeated among the others.")
            )
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.mp4"}
        )
        self.fields["description"].widget.attrs["class"] = "form-control"


class InnovationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    form = forms.ChoiceField(label=_("Form"), required=False)
    affair = forms.ModelChoiceField(
        label=_("Government affair"), queryset=GovernmentAffair.objects.all(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("updated", _("Recently changed")),
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("-year", _("Newest year")),
            ("year", _("Oldest year")),
            ("agency", _("Agency")),
        ],
    )

    def __init__(self, *args, agencies, years, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["agency"].empty_label = _("All agencies")
        self.fields["stage"].choices = everything + list(Innovation.Stage.choices)
        self.fields["status"].choices = everything + list(Innovation.Status.choices)
        self.fields["form"].choices = everything + list(Innovation.Form.choices)
        self.fields["affair"].empty_label = _("All affairs")
        self.fields["theme"].queryset = Tag.objects.filter(kind=Tag.Kind.THEME)
        self.fields["theme"].empty_label = _("All themes")
        self.fields["year"].choices = everything + [(y, y) for y in years]
        for name, field in self.fields.items():
            css = "form-control" if name == "q" else "form-select"
            field.widget.attrs.update({"class": f"{css} form-control-sm form-select-sm"})
            if name != "q":
                field.widget.attrs["data-autosubmit"] = ""
