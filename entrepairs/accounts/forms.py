from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("For example: “My phone”."))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("fr", "Français"), ("en", "English")])
