from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from inovda.core.files import UploadField
from inovda.core.versioning import VersionedForm
from inovda.organizations.models import GovernmentAffair

from .models import DESIGN_FIELDS, Innovation, Tag
from .rules import REQUIRED_FOR_SUBMISSION
from .selectors import InnovationFilters

CHOOSE = _("— choose —")

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


class InnovationForm(VersionedForm, forms.ModelForm):
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
        for name in REQUIRED_FOR_SUBMISSION:
            if name in self.fields:
                self.fields[name].required_for_submission = True
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = CHOOSE
            elif getattr(field, "choices", None) and list(field.choices)[0][0] == "":
                field.choices = [("", CHOOSE), *list(field.choices)[1:]]
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if name in self.errors:
                widget.attrs["class"] += " is-invalid"

    def clean(self):
        data = super().clean()  # the dates are the model's (Innovation.clean)
        main, others = data.get("main_affair"), data.get("other_affairs")
        if main and others and main in others:
            self.add_error(
                "other_affairs", _("The main affair need not be repeated among the others.")
            )
        return data

    def _update_errors(self, errors):
        """The model's date rules may name a field this form does not show (the actual
        trial end): those go to the top of the form."""
        if hasattr(errors, "error_dict"):
            merged: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                merged.setdefault(key, []).extend(messages)
            errors = ValidationError(merged)
        super()._update_errors(errors)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class AttachmentForm(forms.Form):
    file = UploadField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.mp4"}
        )
        self.fields["description"].widget.attrs["class"] = "form-control"


def has_desk_innovations(user) -> bool:
    """Whether the list's "mine" filter means something for `user` (an agency role)."""
    from inovda.organizations import access as org
    from inovda.organizations.models import AGENCY_ROLES

    return bool(org.agency_ids_with_role(user, *AGENCY_ROLES))


def filter_pemdas(user):
    """The Pemda a list may be narrowed to, when the user reads more than one (a
    province's staff: the links of a kabupaten/kota's dashboard carry its Pemda)."""
    from inovda.organizations import access as org

    if getattr(user, "is_superuser", False) or len(org.readable_pemda_ids(user)) > 1:
        return org.pemdas_for_user(user).order_by("name")
    return None


class InnovationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    pemda = forms.ModelChoiceField(label=_("Pemda"), queryset=None, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    form = forms.ChoiceField(label=_("Form"), required=False)
    affair = forms.ModelChoiceField(
        label=_("Government affair"), queryset=GovernmentAffair.objects.all(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    # The dashboards count no drafts and their affair chart the main affair only: their
    # links carry these two, so the list shows exactly the innovations behind a figure.
    counted = forms.ChoiceField(
        label=_("Drafts"),
        required=False,
        choices=[("", _("Drafts included")), ("1", _("Without drafts (as the dashboards)"))],
    )
    affair_scope = forms.ChoiceField(
        label=_("Affair counted as"),
        required=False,
        choices=[("", _("Main or overlapping")), ("main", _("Main affair only"))],
    )
    # The desk's links carry it: an innovator's desk counts only the innovations they work on.
    mine = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[("", _("All I may see")), ("1", _("Mine (my desk)"))],
    )
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

    def __init__(self, *args, agencies, years, pemdas=None, mine=True, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        if not mine:  # "mine" is an operator's or innovator's desk: nobody else has one
            del self.fields["mine"]
        if pemdas is None:
            del self.fields["pemda"]
        else:
            self.fields["pemda"].queryset = pemdas
            self.fields["pemda"].empty_label = _("All Pemda")
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

    def to_filters(self) -> InnovationFilters:
        """The selector's filters for what was asked (none when the form is empty or invalid).

        The list page and its exports both use this, so they always show the same rows."""
        if not (self.is_bound and self.is_valid()):
            return InnovationFilters()
        data = self.cleaned_data
        pemda = data.get("pemda")
        return InnovationFilters(
            q=data["q"].strip(),
            pemda=pemda.pk if pemda else None,
            agency=data["agency"].pk if data["agency"] else None,
            stage=data["stage"],
            status=data["status"],
            form=data["form"],
            affair=data["affair"].pk if data["affair"] else None,
            theme=data["theme"].pk if data["theme"] else None,
            year=data["year"],
            sort=data["sort"] or "updated",
            counted=data["counted"] == "1",
            main_affair_only=data["affair_scope"] == "main",
            mine=data.get("mine") == "1",
        )


# --- Lifecycle, reports, health, agents, revival ---------------------------------------

DATE = {"type": "date"}


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def _style(form: forms.Form) -> None:
    """Bootstrap classes, and red borders on fields with errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["class"] += " is-invalid"


class StepForm(forms.Form):
    """The data one lifecycle step takes (see lifecycle.TRANSITIONS); the service checks
    the preconditions again, so the API and this form cannot diverge."""

    def __init__(self, *args, transition, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        from .lifecycle import CLOSURE_LESSON_FIELDS
        from .models import LegalInstrument, Lesson

        name = transition.name
        if name in ("return", "reject", "discontinue", "resume"):
            self.fields["reason"] = forms.CharField(
                label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
            )
        elif name != "submit":
            self.fields["note"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        if name == "start_trial":
            self.fields["planned_start"] = forms.DateField(
                label=_("Planned trial start"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
            )
            self.fields["planned_end"] = forms.DateField(
                label=_("Planned trial end"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
            )
            self.fields["actual_start"] = forms.DateField(
                label=_("Actual trial start"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
            )
        if name == "implement":
            self.fields["implementation_start"] = forms.DateField(
                label=_("Implementation start"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
            )
        if transition.instrument:
            self.fields["instrument_kind"] = forms.ChoiceField(
                label=_("Instrument"), choices=LegalInstrument.Kind.choices
            )
            self.fields["instrument_number"] = forms.CharField(label=_("Number"), max_length=120)
            self.fields["instrument_date"] = forms.DateField(
                label=_("Date"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
            )
            self.fields["instrument_file"] = UploadField(
                label=_("Signed document (PDF)"),
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            )
        if name == "discontinue":
            running = innovation.status in ("trial", "implemented")
            for key, field in CLOSURE_LESSON_FIELDS.items():
                self.fields[key] = forms.CharField(
                    label=Lesson._meta.get_field(field).verbose_name.capitalize(),
                    required=running,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The trial cannot end before it starts."))
        return data


class PanelMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"))
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    user = UserChoiceField(label=_("Account (internal members)"), queryset=None, required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import PanelMember

        self.fields["kind"].choices = PanelMember.Kind.choices
        self.fields["user"].queryset = users
        self.fields["user"].empty_label = _("No account (external member)")
        _style(self)


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Recommendation

        # No verdict is proposed: the panel member chooses one.
        self.fields["recommendation"].choices = [("", _("— choose —")), *Recommendation.choices]
        _style(self)


class TrialReportForm(forms.Form):
    actual_end = forms.DateField(
        label=_("Actual trial end"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )
    report = forms.CharField(
        label=_("Findings of the trial"), widget=forms.Textarea(attrs={"rows": 5})
    )
    file = UploadField(label=_("Trial report file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class KpiForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=60)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=16, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=2)
    direction = forms.ChoiceField(label=_("Direction"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Kpi

        self.fields["direction"].choices = Kpi.Direction.choices
        _style(self)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(UploadField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    activities = forms.CharField(
        label=_("Activities of the period"), widget=forms.Textarea(attrs={"rows": 4})
    )
    beneficiaries = forms.IntegerField(
        label=_("Beneficiaries (people)"), min_value=0, required=False
    )
    budget_allocated = forms.DecimalField(
        label=_("Budget allocated for the period (Rp)"),
        min_value=0,
        required=False,
        decimal_places=0,
    )
    budget_realised = forms.DecimalField(
        label=_("Budget realised (Rp)"), min_value=0, required=False, decimal_places=0
    )
    obstacles = forms.CharField(
        label=_("Obstacles"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(self, *args, periods, kpis, lines=None, **kwargs):
        """`lines`: the innovation's budget lines per fiscal year (`core.spending`); the
        reporter chooses the line only when a year of the periods offered has several (one
        line is chosen by the service)."""
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods
        several = {year: found for year, found in (lines or {}).items() if len(found) > 1}
        if several:
            self.fields["budget_line"] = forms.TypedChoiceField(
                label=_("Budget line the spending comes from"),
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", _("- Select an option -"))]
                + [
                    (str(year), [(line.id, line.label) for line in found])
                    for year, found in sorted(several.items())
                ],
                help_text=_(
                    "The innovation has several budget lines in the year: the realised amount "
                    "is added to the line chosen."
                ),
            )
        self.kpis = list(kpis)
        for kpi in self.kpis:
            self.fields[f"kpi_{kpi.pk}"] = forms.DecimalField(
                label=f"{kpi.name} ({kpi.unit})",
                max_digits=16,
                decimal_places=2,
                help_text=_("Baseline %(baseline)s, target %(target)s")
                % {
                    "baseline": floatformat(kpi.baseline, "-2"),
                    "target": floatformat(kpi.target, "-2"),
                },
            )
        _style(self)

    def kpi_fields(self):
        return [self[f"kpi_{kpi.pk}"] for kpi in self.kpis]

    def kpi_values(self) -> dict:
        return {kpi.pk: self.cleaned_data[f"kpi_{kpi.pk}"] for kpi in self.kpis}


class SponsorForm(forms.Form):
    sponsor_name = forms.CharField(label=_("Sponsor"), max_length=200)
    sponsor_position = forms.CharField(label=_("Position"), max_length=200)
    confirmed_on = forms.DateField(
        label=_("Confirmed on"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class OverrideForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    expires_on = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        H = Innovation.Health
        self.fields["status"].choices = [
            (v, label) for v, label in H.choices if v != H.NOT_APPLICABLE
        ]
        _style(self)


class AgentAssignForm(forms.Form):
    agent = UserChoiceField(label=_("Change agent"), queryset=None)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents
        self.fields["agent"].empty_label = _("Choose a change agent")
        _style(self)


class AgentReviewForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class AnswerForm(forms.Form):
    response = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RevivalPlanForm(forms.Form):
    diagnosis = forms.CharField(label=_("Why it stalled"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RevivalActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = UserChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(DATE, format="%Y-%m-%d"))

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = _("Choose the owner")
        _style(self)
