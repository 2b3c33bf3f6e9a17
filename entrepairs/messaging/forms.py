import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.messaging.services import MAX_BODY_CHARS
from entrepairs.privacy.forms import ConfirmPrivacyField
from entrepairs.web.widgets import Textarea


class ComposeForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MAX_BODY_CHARS,
        widget=Textarea(attrs={"rows": 3, "data-composer-body": ""}),
    )
    attachment = forms.FileField(label=_("Attach an image or a PDF"), required=False)
    # A fresh id per form: submitting the same form twice (double click, retry) sends one message.
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    confirm_privacy = ConfirmPrivacyField()
    # Hidden until the server found faces or personal data on the file (attachments.review_refusal).
    attachment_choice = forms.ChoiceField(
        label=_("What to do with this file"),
        choices=[
            ("", "-"),
            ("mask", _("Mask what was found (recommended)")),
            ("as_is", _("Send it as it is")),
        ],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", f"form-{uuid.uuid4().hex}")
        super().__init__(*args, **kwargs)

    def offer_attachment_choices(self, choices: list[str]) -> None:
        """After a 422 `attachment_review`: the choices, the first one ticked; the file is chosen again."""
        field = self.fields["attachment_choice"]
        field.choices = [(value, label) for value, label in field.choices if value in choices]
        field.widget = forms.RadioSelect(choices=field.choices)
        field.initial = choices[0]
        self.data = self.data.copy()
        self.data["attachment_choice"] = choices[0]
        self._bound_fields_cache.pop("attachment_choice", None)


class EditForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY_CHARS, widget=Textarea(attrs={"rows": 4}))
    confirm_privacy = ConfirmPrivacyField()


class DirectForm(forms.Form):
    member = forms.CharField(
        label=_("Member's name"), max_length=40, help_text=_("Their name as shown in this network.")
    )


def split_names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r"[\n,;]", text or "") if name.strip()]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=80)
    members = forms.CharField(
        label=_("Members"),
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("Their names as shown in this network, one per line or separated by commas."),
    )


class AddMembersForm(forms.Form):
    members = forms.CharField(
        label=_("Add members"),
        widget=Textarea(attrs={"rows": 2}),
        help_text=_("Names as shown in this network, one per line or separated by commas."),
    )


class BlockForm(forms.Form):
    member = forms.CharField(label=_("Member's name"), max_length=40)


class PrivateMessagesForm(forms.Form):
    allow_private_messages = forms.BooleanField(label=_("Members may write private messages"), required=False)
