from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.moderation.models import Decision, ModerationSettings, Report, WatchedWord
from entrepairs.moderation.services import NOTE_MAX, REASON_MAX


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the network's moderators read it. The author is never told who reported."),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Decision.Action.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Told to the author (not to the reporters). Required except to dismiss or approve."),
    )
    until = forms.DateField(
        label=_("Until (suspension, or a ban for a period)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    redacted_text = forms.CharField(
        label=_("The text without the personal data (to edit it out)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The original is kept for the audit only."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm this action (hiding, editing, warning, suspending, removing or banning)."),
        required=False,
    )

    def until_moment(self):
        day = self.cleaned_data.get("until")
        return timezone.make_aware(datetime.combine(day, time.min)) if day else None


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = [
            "code_of_conduct",
            "country",
            "crisis_resources",
            "first_posts_needing_approval",
            "admit_experts",
        ]
        widgets = {
            "code_of_conduct": forms.Textarea(attrs={"rows": 12}),
            "crisis_resources": forms.Textarea(attrs={"rows": 4}),
        }


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ["word", "action", "replacement"]
