from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.privacy.forms import ConfirmPrivacyField
from entrepairs.rights.models import ErasureRequest


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    posts = forms.ChoiceField(
        label=_("Your posts in the networks"),
        choices=ErasureRequest.Posts.choices,
        widget=forms.RadioSelect,
        initial=ErasureRequest.Posts.DELETE,
        help_text=_("Others' replies stay readable either way. Private messages are always deleted."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that after the grace period nothing can be recovered.")
    )


class WithdrawConsentForm(forms.Form):
    posts = forms.ChoiceField(
        label=_("What you wrote in this network"),
        choices=ErasureRequest.Posts.choices,
        widget=forms.RadioSelect,
        initial=ErasureRequest.Posts.DELETE,
        help_text=_("Private messages are always deleted. Others' replies stay readable."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that I leave this network and that this cannot be undone.")
    )


class RetentionForm(forms.Form):
    messages_days = forms.IntegerField(
        label=_("Keep private messages (days)"), required=False, min_value=1, max_value=36500
    )
    logs_days = forms.IntegerField(
        label=_("Keep notifications and privacy confirmations (days)"),
        required=False,
        min_value=1,
        max_value=36500,
    )
    audit_days = forms.IntegerField(
        label=_("Keep audit entries (days)"),
        required=False,
        min_value=30,
        max_value=36500,
        help_text=_("At least 30 days. Leave a field empty to keep for as long as the network exists."),
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actions=(), networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All"))] + [(a, a) for a in actions]
        if networks is not None:
            self.fields["network"] = forms.ChoiceField(
                label=_("Network"),
                required=False,
                choices=[("", _("All"))] + [(n.pk, n.name) for n in networks],
            )


class FreshStartForm(forms.Form):
    display_name = forms.CharField(label=_("Your new name in this network"), max_length=40)
    confirm = forms.BooleanField(
        label=_("Sign everything I wrote here until now as “Former member”. This cannot be undone.")
    )
    confirm_privacy = ConfirmPrivacyField()
