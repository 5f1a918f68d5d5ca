from django import forms
from django.utils.translation import gettext_lazy as _

from inovda.knowledge.forms import styled

from .models import Challenge, Indicator, Problem

DATE = {"type": "date"}


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["title", "description", "owner", "origin", "origin_reference", "priority"]
        fields += ["poverty_related", "affected_groups", "places", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "places": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, agencies, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = agencies
        self.fields["places"].queryset = places
        styled(self)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_year", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class LinkForm(forms.Form):
    innovation = forms.ModelChoiceField(label=_("Innovation"), queryset=None)
    note = forms.CharField(label=_("How it addresses the problem"), required=False, max_length=255)

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations
        styled(self)


class ChallengeForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["title", "call", "audience", "deadline"]
        widgets = {
            "deadline": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "call": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)
