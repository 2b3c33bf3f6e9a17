from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs import activity
from entrepairs.push.models import Preference

KIND_CHOICES = [
    (activity.MESSAGE, _("New messages in my conversations (not muted)")),
    (activity.MENTION, _("Mentions of my pseudonym")),
    (activity.REPLY, _("Replies in threads I follow")),
    (activity.ACCEPTED, _("My answer accepted")),
    (activity.MODERATION, _("Moderators' decisions about me")),
    (activity.REPORT, _("New reports (moderators)")),
]


class PreferenceForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Notify me of"), choices=KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    show_sender = forms.BooleanField(
        label=_("Show the sender's pseudonym in notifications"),
        required=False,
        help_text=_("Off by default: anyone who sees your lock screen would see it."),
    )
    quiet_from = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_until = forms.TimeField(
        label=_("until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, preference: Preference, moderator: bool = False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "kinds": [kind for kind in activity.KINDS if preference.wants(kind)],
                "show_sender": preference.show_sender,
                "quiet_from": preference.quiet_from,
                "quiet_until": preference.quiet_until,
            },
        )
        super().__init__(*args, **kwargs)
        if not moderator:  # reports reach moderators only: members are not offered the switch
            self.fields["kinds"].choices = [choice for choice in KIND_CHOICES if choice[0] != activity.REPORT]


class NetworkPolicyForm(forms.Form):
    minimal_only = forms.BooleanField(
        label=_("Notifications say only “Entrepairs — new activity”"),
        required=False,
        help_text=_(
            "Neither the network's name, nor the kind of activity, nor any pseudonym, whatever members choose."
        ),
    )
