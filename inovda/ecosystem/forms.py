"""Forms of the registers: field validation only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inovda.core import formats
from inovda.core.files import UploadField
from inovda.core.versioning import VersionedForm
from inovda.innovations.models import Innovation

from . import conf
from .models import (
    RISK_EDITABLE,
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Recognition,
    Risk,
    TeamMember,
    TimeAllotment,
    Training,
)

DATE = {"type": "date"}
RATING = [(i, str(i)) for i in range(1, 6)]


def rating_field(label, *, required: bool = True, **kwargs) -> forms.TypedChoiceField:
    """A level from 1 to 5; an optional one starts with an empty “—”."""
    return forms.TypedChoiceField(
        label=label,
        choices=RATING if required else [("", "—"), *RATING],
        coerce=int,
        empty_value=None,
        required=required,
        **kwargs,
    )


class StyledMixin:
    """Bootstrap classes on every widget, red where a field has an error."""

    def style(self):
        for field in self.fields.values():
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = "—"
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                field.choices = [("", "—") if v == "" else (v, label) for v, label in field.choices]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class StyledForm(StyledMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class StyledModelForm(StyledMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def members_of(pemda_id):
    """Users with a membership in the Pemda (owners of barriers and risks)."""
    return (
        get_user_model()
        .objects.filter(memberships__pemda_id=pemda_id, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


# ------------------------------------------------------------------ barriers


class BarrierForm(VersionedForm, StyledModelForm):
    precedent = forms.ModelChoiceField(
        label=_("Precedent that helped"),
        queryset=Barrier.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Barrier
        fields = ["kind", "title", "description", "impact", "precedent"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "impact": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, precedents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["precedent"].queryset = precedents
        sla = conf.get("BARRIER_SLA_DAYS")
        self.fields["kind"].choices = [("", "—")] + [
            (value, _("%(label)s (SLA %(days)s days)") % {"label": label, "days": sla.get(value)})
            for value, label in Barrier.Kind.choices
        ]


class AssignForm(StyledForm):
    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Barrier.Priority.choices)

    def __init__(self, *args, pemda_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(pemda_id)


class EscalateForm(StyledForm):
    to = forms.ChoiceField(label=_("Escalate to"), choices=Barrier.EscalationTarget.choices)
    note = forms.CharField(
        label=_("What the unit needs from them"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(StyledForm):
    resolution = forms.CharField(
        label=_("Resolution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, by whom, with which instrument: it becomes a precedent."),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(StyledForm):
    message = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class BarrierFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Mine"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types"))] + list(Barrier.Kind.choices)
        self.fields["status"].choices = [
            ("", _("All open")),
            ("all", _("Every status")),
        ] + list(Barrier.Status.choices)
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["agency"].empty_label = _("All agencies")
        for field in self.fields.values():
            field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " form-select-sm"


# ------------------------------------------------------------------ risks


class RiskForm(VersionedForm, StyledModelForm):
    likelihood = rating_field(_("Likelihood (1–5)"))
    impact = rating_field(_("Impact (1–5)"))
    residual_likelihood = rating_field(_("Residual likelihood"), required=False)
    residual_impact = rating_field(_("Residual impact"), required=False)
    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False)

    class Meta:
        model = Risk
        fields = RISK_EDITABLE
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 2}),
            "consequence": forms.Textarea(attrs={"rows": 2}),
            "treatment_plan": forms.Textarea(attrs={"rows": 2}),
            "review_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, pemda_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(pemda_id)
        self.fields["review_on"].required = False

    def service_data(self) -> dict:
        data = super().service_data()
        if not data.get("review_on"):
            data.pop("review_on")
        return data


class RiskReviewForm(StyledForm):
    likelihood = rating_field(_("Likelihood (1–5)"))
    impact = rating_field(_("Impact (1–5)"))
    residual_likelihood = rating_field(_("Residual likelihood"), required=False)
    residual_impact = rating_field(_("Residual impact"), required=False)
    next_review_on = forms.DateField(
        label=_("Next review"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RiskFilterForm(StyledForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    overdue = forms.BooleanField(label=_("Review overdue"), required=False)
    above_appetite = forms.BooleanField(label=_("Above appetite"), required=False)
    residual = forms.BooleanField(label=_("Heat map after treatment"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
        self.fields["agency"].empty_label = _("All agencies")


# ------------------------------------------------------------------ budget


class BudgetLineForm(VersionedForm, StyledModelForm):
    class Meta:
        model = BudgetLine
        fields = ["fiscal_year", "source", "account_code", "description", "allocated"]


class RealisationForm(StyledForm):
    realised = forms.DecimalField(label=_("Realised so far (Rp)"), min_value=0, decimal_places=2)
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class TrancheForm(StyledForm):
    gate = forms.ChoiceField(label=_("Release at"))
    amount = forms.DecimalField(label=_("Amount (Rp)"), min_value=1, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Innovation.Status.choices)
        self.fields["gate"].choices = [(g, labels.get(g, g)) for g in conf.get("TRANCHE_GATES")]


class ReallocationForm(StyledModelForm):
    class Meta:
        model = Reallocation
        fields = ["to_line", "amount", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_line"].queryset = targets
        self.fields["to_line"].label_from_instance = lambda line: (
            f"{line.innovation.name} · {line.description} ({formats.money(line.allocated)})"
        )


class DecisionForm(StyledForm):
    note = forms.CharField(
        label=_("Note (required to reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ------------------------------------------------------------------ innovators


class InnovatorForm(StyledModelForm):
    class Meta:
        model = Innovator
        fields = ["name", "kind", "agency", "position", "skills"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Innovator.Kind.ASN and not data.get("agency"):
            self.add_error("agency", _("A civil servant belongs to an agency."))
        return data


class TrainingForm(StyledModelForm):
    class Meta:
        model = Training
        fields = ["kind", "title", "organiser", "held_on", "hours"]
        widgets = {"held_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}


class RecognitionForm(StyledModelForm):
    file = UploadField(label=_("Evidence (optional)"), required=False)

    class Meta:
        model = Recognition
        fields = ["kind", "title", "given_by", "given_on", "amount"]
        widgets = {"given_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}


class TimeForm(StyledModelForm):
    class Meta:
        model = TimeAllotment
        fields = ["year", "hours_per_week", "basis"]


class TeamForm(StyledModelForm):
    class Meta:
        model = TeamMember
        fields = ["innovation", "role"]

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations.order_by("name")


class SelfAssessmentForm(StyledForm):
    """One 1–5 choice per active question; built from the question catalogue."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q_{question.code}"] = rating_field(
                str(question),
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(f"q_{q.code}") for q in self.questions}

    def grouped(self):
        """[(factor, [bound field, …]), …] in catalogue order."""
        groups: dict = {}
        for question in self.questions:
            groups.setdefault(question.factor, []).append(self[f"q_{question.code}"])
        return list(groups.items())
