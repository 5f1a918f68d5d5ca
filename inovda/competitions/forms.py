from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inovda.knowledge.forms import UserChoiceField, styled

from .models import Competition

DATE = {"type": "date"}


class CompetitionForm(forms.ModelForm):
    starts_on = forms.DateField(
        label=_("Registration opens"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_("Each phase gets two weeks; adjust the dates afterwards."),
    )

    class Meta:
        model = Competition
        fields = ["name", "year", "description", "challenge", "blind", "reviewers_per_entry"]
        fields += ["shortlist_size", "winners_per_category"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, challenges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = challenges
        styled(self)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, max_digits=6, decimal_places=2)
    level_1 = forms.CharField(label=_("Level 1 means"), required=False)
    level_3 = forms.CharField(label=_("Level 3 means"), required=False)
    level_5 = forms.CharField(label=_("Level 5 means"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def descriptors(self) -> dict:
        return {str(n): self.cleaned_data[f"level_{n}"] for n in (1, 3, 5)}


class ReviewerForm(forms.Form):
    user = UserChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, pemda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__pemda=pemda, is_active=True)
            .distinct()
            .order_by("username")
        )
        styled(self)


class EnterForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    innovation = forms.ModelChoiceField(label=_("Innovation"), queryset=None)

    def __init__(self, *args, categories, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["innovation"].queryset = innovations
        styled(self)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


def score_form(criteria, data=None, initial=None):
    """One radio field (levels 1–5, with the descriptors) per criterion."""
    form = forms.Form(data)
    for c in criteria:
        form.fields[f"c{c.pk}"] = forms.TypedChoiceField(
            label=f"{c.name} ({c.weight})",
            coerce=int,
            choices=[(n, f"{n} {c.descriptor(n)}".strip()) for n in range(1, 6)],
            widget=forms.RadioSelect,
            initial=(initial or {}).get(c.pk),
        )
    form.fields["comment"] = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    return form
