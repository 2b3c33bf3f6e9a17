from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.professionals.identifiers import IdentifierType
from entrepairs.professionals.models import Profession, Specialty


class DirectoryVerificationForm(forms.Form):
    profession = forms.ModelChoiceField(label=_("Profession"), queryset=Profession.objects.all())
    identifier_type = forms.ChoiceField(
        label=_("Identifier"), choices=IdentifierType.choices, initial="rpps", widget=forms.RadioSelect
    )
    identifier = forms.CharField(
        label=_("Number"), max_length=32, help_text=_("RPPS: 11 digits. ADELI: 9 digits. NPI: 10 digits.")
    )
    last_name = forms.CharField(label=_("Last name as registered"), max_length=120)
    first_name = forms.CharField(label=_("First name as registered"), max_length=120)


class DocumentForm(forms.Form):
    last_name = forms.CharField(label=_("Last name as written on the document"), max_length=120)
    first_name = forms.CharField(label=_("First name as written on the document"), max_length=120)
    profession = forms.ModelChoiceField(label=_("Profession"), queryset=Profession.objects.all())
    specialty = forms.ModelChoiceField(
        label=_("Specialty (doctors)"),
        queryset=Specialty.objects.select_related("profession"),
        required=False,
    )
    document = forms.FileField(
        label=_("Proof (PDF, JPEG or PNG, 5 MB at most)"),
        help_text=_("Professional card, diploma or registration certificate. Only reviewers see it."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Approve or reject the document.")},
    )
    reason = forms.CharField(label=_("Reason (sent to the professional when rejecting)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)  # fmt: skip
