"""Forms on every page: an operation's refusal shown on the form that asked for it."""

from django import forms

from entrepairs.privacy.forms import show_refusal
from entrepairs.privacy.services import PrivacyRefused


def apply_refusal(form: forms.Form, refusal) -> None:
    """Show an ActionRefused on the field it names (or the whole form); the typed values stay.
    A privacy refusal names each field where something was found and may ask for a confirmation."""
    if isinstance(refusal, PrivacyRefused):
        show_refusal(form, refusal)
        return
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)
