from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.professionals.identifiers import IdentifierType
from entrepairs.professionals.models import Profession


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
