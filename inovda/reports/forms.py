from django import forms
from django.utils.translation import gettext_lazy as _

from inovda.core.files import UploadField
from inovda.organizations.models import Agency

from .importers import IMPORTERS
from .models import ImportKind, ReportSettings


def _bootstrap(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
        if name in form.errors:
            widget.attrs["class"] += " is-invalid"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    pemda = forms.ModelChoiceField(label=_("Pemda"), queryset=None)
    file = UploadField(label=_("File (XLSX or CSV)"))

    def __init__(self, *args, pemdas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemda"].queryset = pemdas
        if pemdas.count() == 1:
            self.fields["pemda"].initial = pemdas.first()
            self.fields["pemda"].widget = forms.HiddenInput()
        self.fields["kind"].widget = forms.RadioSelect(choices=ImportKind.choices)
        self.fields["kind"].initial = ImportKind.INNOVATIONS
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        _bootstrap(self)


class ColumnsForm(forms.Form):
    """One choice per Inovda field: which column of the file holds it."""

    save_as = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=120,
        help_text=_(
            "Optional: the columns you confirm are remembered for your Pemda anyway; a name "
            "keeps this format as it is."
        ),
    )

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [(h, h) for h in job.headers]
        samples = {
            h: next((r[i] for r in job.rows if i < len(r) and r[i]), "")
            for i, h in enumerate(job.headers)
        }
        self.samples = samples
        fields = {}
        for field in IMPORTERS[job.kind].fields:
            fields[field.name] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=field.required,
                initial=job.columns.get(field.name, ""),
            )
        self.fields = {**fields, "save_as": self.fields["save_as"]}
        self.field_names = list(fields)
        _bootstrap(self)

    def columns(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.field_names if self.cleaned_data[name]
        }


class FixForm(forms.Form):
    """The mapped cells of one row, to correct what the preview found wrong."""

    def __init__(self, *args, job, values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        importer = IMPORTERS[job.kind]
        for field in importer.fields:
            if field.name in job.columns:
                self.fields[field.name] = forms.CharField(
                    label=field.label, required=False, initial=values.get(field.name, "")
                )
        _bootstrap(self)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm"


class BulkFixForm(forms.Form):
    """ "Fix in bulk": one value in one column of every row that still has a problem."""

    field = forms.ChoiceField(label=_("Column"))
    only_where = forms.BooleanField(label=_("Only where the cell reads"), required=False)
    where = forms.CharField(label=_("Current text"), required=False, max_length=500)
    value = forms.CharField(label=_("New value"), required=False, max_length=2000)

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (f.name, f.label) for f in IMPORTERS[job.kind].fields if f.name in job.columns
        ]
        _bootstrap(self)
        for field in self.fields.values():
            if "class" in field.widget.attrs:
                field.widget.attrs["class"] += " form-control-sm"


class ReportSettingsForm(forms.ModelForm):
    logo = UploadField(
        label=_("Logo (PNG or JPEG)"),
        required=False,
        help_text=_("Printed at the top of every PDF report."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = ReportSettings
        fields = ["header", "address", "footer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget.attrs["accept"] = ".png,.jpg,.jpeg"
        _bootstrap(self)


class AgencyPickForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["agency"].widget.attrs["data-autosubmit"] = ""
        _bootstrap(self)
