from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inovda.core.files import UploadField
from inovda.core.versioning import VersionedForm
from inovda.innovations.models import Lesson, Tag
from inovda.organizations.models import GovernmentAffair, LocalGovernment

from . import conf
from .models import ActionItem, Event, LibraryDocument, Replication

DATE = {"type": "date"}


def styled(form: forms.BaseForm) -> forms.BaseForm:
    """Bootstrap classes on every widget, red where the field has an error; an empty choice
    that says what it means."""
    default_empty = str(forms.ModelChoiceField(queryset=None).empty_label)
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and str(field.empty_label) == default_empty:
            field.empty_label = _("— none —") if not field.required else _("— choose —")
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["class"] += " is-invalid"
    return form


def _users_of(pemda_ids):
    return (
        get_user_model()
        .objects.filter(memberships__pemda_id__in=pemda_ids, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _limit_agency_choices(form, agencies) -> bool:
    """With thousands of readable agencies (a province or the ministry), the select lists
    only the chosen one and is filled as the user types (views.agency_options)."""
    limit = int(conf.get("AGENCY_SELECT_MAX"))
    if len(agencies.values_list("pk", flat=True)[: limit + 1]) <= limit:
        return False
    chosen = str(form.data.get("agency", "")) if form.is_bound else ""
    picked = agencies.filter(pk=int(chosen)).select_related("pemda") if chosen.isdigit() else []
    form.fields["agency"].widget.choices = [
        ("", form.fields["agency"].empty_label),
        *[(a.pk, agency_label(a)) for a in picked],
    ]
    return True


def agency_label(agency) -> str:
    return f"{agency.name} · {agency.pemda.name}"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    affair = forms.ModelChoiceField(
        label=_("Government affair"), queryset=GovernmentAffair.objects.all(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False)

    def __init__(self, *args, types, agencies, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *types]
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["agency"].empty_label = _("All agencies")
        self.agency_search = _limit_agency_choices(self, agencies)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["affair"].empty_label = _("All affairs")
        self.fields["theme"].queryset = Tag.objects.filter(kind=Tag.Kind.THEME)
        self.fields["theme"].empty_label = _("All themes")
        styled(self)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autofocus": True, "placeholder": _("Words to find…")}
        )
        for name in ("type", "agency", "year", "affair", "theme"):
            self.fields[name].widget.attrs["class"] += " form-select-sm"


class EventForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "organiser",
            "date",
            "end_date",
            "place",
            "online_link",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers.order_by("name")
        styled(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The event cannot end before it starts."))
        return data


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class ParticipantForm(forms.Form):
    user = UserChoiceField(label=_("User"), queryset=None, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    name = forms.CharField(label=_("Guest name"), max_length=200, required=False)
    attended = forms.BooleanField(label=_("Attended"), required=False)

    def __init__(self, *args, event, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _users_of([event.pemda_id])
        self.fields["agency"].queryset = agencies.filter(pemda_id=event.pemda_id).order_by("name")
        styled(self)

    def clean(self):
        data = super().clean()
        chosen = [k for k in ("user", "agency", "name") if data.get(k)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one: a user, an agency or a guest's name."))
        return data


class ActionItemForm(forms.ModelForm):
    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False)

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "owner_agency", "due_date", "innovation", "note"]
        widgets = {
            "due_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, event, agencies, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _users_of([event.pemda_id])
        self.fields["owner_agency"].queryset = agencies.filter(pemda_id=event.pemda_id).order_by(
            "name"
        )
        self.fields["innovation"].queryset = innovations.order_by("name")
        self.fields["innovation"].help_text = _("The innovation this action is about, if any.")
        styled(self)


class ActionStatusForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = [
            "title",
            "occasion",
            "results_impact",
            "challenges",
            "success_conditions",
            "replication_notes",
            "lessons",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in (*Lesson.TEXT_FIELDS, "lessons")
        }
        help_texts = {
            "results_impact": _("What changed, for whom, with figures if you have them."),
            "challenges": _(
                "What did not work and why. Write without blame: name causes, not culprits."
            ),
            "success_conditions": _("What must be in place for this to work elsewhere."),
            "replication_notes": _("Advice for an agency or Pemda that wants to copy it."),
            "lessons": _("The lessons you would pass on, in a few sentences."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class LibraryDocumentForm(forms.ModelForm):
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. pengadaan, kemiskinan."),
    )
    file = UploadField(label=_("File"), required=True)
    note = forms.CharField(label=_("Version note"), max_length=255, required=False)

    class Meta:
        model = LibraryDocument
        fields = ["kind", "title", "agency", "year", "affair", "themes", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agencies, agency_required, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["agency"].required = agency_required
        self.fields["themes"].queryset = Tag.objects.filter(kind=Tag.Kind.THEME)
        self.fields["year"].widget.attrs.update({"min": 1945, "max": 2100})
        if self.instance.pk:  # a new file is a new version, uploaded on the document page
            del self.fields["file"]
            del self.fields["note"]
            self.initial["tag_names"] = ", ".join(t.name for t in self.instance.tags.all())
        styled(self)

    def tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tag_names"].split(",") if t.strip()]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VersionForm(forms.Form):
    file = UploadField(label=_("File"))
    note = forms.CharField(label=_("What changed"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class ReplicationForm(forms.ModelForm):
    """Who adopts: an agency here (the user's own), or another Pemda (named)."""

    adopter_agency = forms.ModelChoiceField(
        label=_("Adopting agency"), queryset=None, required=False
    )
    adopter_pemda = forms.ModelChoiceField(
        label=_("…or adopting Pemda"),
        queryset=LocalGovernment.objects.order_by("name"),
        required=False,
        help_text=_("For a Pemda that adopted this innovation outside this system."),
    )
    make_draft = forms.BooleanField(
        label=_("Start a draft innovation in my agency, prefilled from this one"),
        required=False,
        initial=True,
    )

    class Meta:
        model = Replication
        fields = [
            "adopter_agency",
            "adopter_pemda",
            "adopter_unit_name",
            "adaptation",
            "adaptation_note",
            "agreement_kind",
            "agreement_number",
            "agreement_date",
            "status",
        ]
        widgets = {
            "agreement_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "adaptation_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopter_agency"].queryset = agencies.order_by("name")
        if not agencies.exists():
            del self.fields["make_draft"]
        styled(self)
        for name in ("adopter_agency", "adopter_pemda"):  # one of the two: "choose"
            self.fields[name].empty_label = _("— choose —")

    def clean(self):
        data = super().clean()
        agency, pemda = data.get("adopter_agency"), data.get("adopter_pemda")
        if not agency and not pemda:
            raise forms.ValidationError(_("Choose the adopting agency or the adopting Pemda."))
        if agency and pemda and agency.pemda_id != pemda.pk:
            self.add_error("adopter_pemda", _("The adopting agency belongs to another Pemda."))
        if agency:
            data["adopter_pemda"] = agency.pemda
        return data

    def service_data(self) -> dict:
        skip = {"adopter_agency", "adopter_pemda", "adopter_unit_name"}
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k not in skip}


class ReplicationEditForm(forms.ModelForm):
    class Meta:
        model = Replication
        fields = [
            "adaptation",
            "adaptation_note",
            "agreement_kind",
            "agreement_number",
            "agreement_date",
            "status",
            "adopted_innovation",
        ]
        widgets = {
            "agreement_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "adaptation_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_innovation"].queryset = innovations.order_by("name")
        styled(self)


class SynonymForm(forms.Form):
    terms = forms.CharField(
        label=_("Words with the same meaning"),
        max_length=500,
        help_text=_(
            "Separated by commas, e.g. “SIPANDU, sistem pelayanan terpadu”. A search for any "
            "of them finds the others, for everyone in this Pemda."
        ),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
