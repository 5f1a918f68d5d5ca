from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inovda.innovations.models import Attachment, Innovation
from inovda.organizations.models import Agency, GovernmentAffair

from . import conf
from .models import Feedback, Proposal, Region
from .protection import ProtectedForm


def styled(form: forms.Form) -> None:
    """Bootstrap classes on the widgets (no inline style anywhere)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


# --- Staff: the public version -----------------------------------------------------------


class PublicationForm(StyledForm):
    name = forms.CharField(label=_("Public name"), max_length=255)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 4}))
    what_it_does = forms.CharField(
        label=_("What it does"), widget=forms.Textarea(attrs={"rows": 4})
    )
    beneficiaries = forms.CharField(
        label=_("Who benefits"), widget=forms.Textarea(attrs={"rows": 3})
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lessons = forms.CharField(
        label=_("Lessons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_unit = forms.CharField(
        label=_("Contact unit"),
        max_length=255,
        help_text=_("A unit or a service desk, never a person's private number or e-mail."),
    )
    include_instruments = forms.BooleanField(label=_("Show the legal instruments"), required=False)
    include_kpis = forms.BooleanField(
        label=_("Show the indicators and their values"), required=False
    )
    include_replications = forms.BooleanField(label=_("Show the replications"), required=False)
    attachments = forms.ModelMultipleChoiceField(
        label=_("Attachments marked public"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each file is public only if ticked here; the others stay internal."),
    )

    def __init__(self, *args, innovation: Innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].queryset = innovation.attachments.all()
        if not self.is_bound:
            self.initial.update(
                name=innovation.name,
                problem=innovation.design_problem,
                what_it_does=innovation.design_how_it_works or innovation.design_method_after,
                beneficiaries=innovation.benefits,
                results=innovation.results,
                contact_unit=str(innovation.agency),
                include_instruments=True,
                include_kpis=True,
                include_replications=True,
            )


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


# --- Public: proposals, supports, feedback ------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ProposalForm(ProtectedForm):
    kind = forms.ChoiceField(
        label=_("What do you propose?"), choices=Proposal.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=30,
        help_text=_("What happens today, who is affected, and what you suggest."),
    )
    affair = forms.ModelChoiceField(
        label=_("Category"),
        queryset=GovernmentAffair.objects.all(),
        required=False,
        empty_label=_("— not sure —"),
    )
    # The open challenge the proposal answers (checked by the service).
    challenge = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    district = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Region.objects.none())
    village = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Region.objects.none(), required=False
    )
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to %(n)d JPEG or PNG photos.") % {"n": conf.get("MAX_PHOTOS")},
    )
    proposer_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    proposer_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_(
            "Only to confirm the proposal and tell you its progress; never published, "
            "erased on request."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that the Pemda stores my e-mail to process this proposal (UU 27/2022).")
    )

    def __init__(self, *args, pemda, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(pemda=pemda)
        self.fields["district"].queryset = regions.filter(level=Region.Level.DISTRICT)
        self.fields["village"].queryset = regions.filter(level=Region.Level.VILLAGE)
        self.fields["village"].label_from_instance = lambda r: f"{r.name} ({r.parent.name})"
        styled(self)

    def clean(self):
        data = super().clean()
        village, district = data.get("village"), data.get("district")
        if village and district and village.parent_id != district.pk:
            self.add_error("village", _("This kelurahan is not in the chosen kecamatan."))
        return data


class SupportForm(ProtectedForm):
    email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("We send a link to count your support; the address is not stored."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class FollowForm(ProtectedForm):
    email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("Only to send you the news; deleted when you unfollow (link in each e-mail)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class ReportSummaryForm(StyledForm):
    text = forms.CharField(
        label=_("Public summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What changed in this period, in plain words for citizens; no names, e-mail "
            "addresses, phone numbers or NIK. The Pemda admin reviews it before it is public."
        ),
    )


class FeedbackForm(ProtectedForm):
    satisfaction = forms.TypedChoiceField(
        label=Feedback._meta.get_field("satisfaction").verbose_name,
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = very dissatisfied, 5 = very satisfied"),
    )
    changed = forms.ChoiceField(
        label=Feedback._meta.get_field("changed").verbose_name,
        choices=Feedback.Changed.choices,
        widget=forms.RadioSelect,
    )
    recommend = forms.TypedChoiceField(
        label=Feedback._meta.get_field("recommend").verbose_name,
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=Feedback._meta.get_field("comment").verbose_name,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


# --- Staff: moderation -------------------------------------------------------------------


class RouteForm(StyledForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, pemda_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pemda_id=pemda_id, is_active=True)


class MergeForm(StyledForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    note = forms.CharField(label=_("Reason (published)"), required=False)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(pemda_id=proposal.pemda_id)
            .exclude(pk=proposal.pk)
            .exclude(status__in=[Proposal.Status.UNCONFIRMED, Proposal.Status.MERGED])
        )


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Answer (published)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    register = forms.BooleanField(
        label=_("Register it as an innovation of the agency (initiator: citizen)"),
        required=False,
    )
