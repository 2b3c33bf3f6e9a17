"""The health pages' forms: they parse; health.services validates and refuses (shown on the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.health.models import VISIBLE_FIELDS, SymptomLog, Treatment, Visibility
from entrepairs.health.symptoms import COMMON
from entrepairs.privacy.forms import ConfirmPrivacyField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SymptomForm(forms.Form):
    symptom = forms.ChoiceField(label=_("Symptom"), required=False, widget=forms.RadioSelect)
    other = forms.CharField(label=_("Or in your words"), max_length=60, required=False)
    severity = forms.TypedChoiceField(
        label=_("How strong?"), choices=SymptomLog.Severity.choices, coerce=int, widget=forms.RadioSelect
    )
    logged_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note (only you see it)"), max_length=300, required=False)
    # The member's own words pass the privacy guard as a post does (health.services._guard).
    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, recent=(), **kwargs):
        super().__init__(*args, **kwargs)
        keys = list(dict.fromkeys([*recent, *COMMON]))[:12]
        self.fields["symptom"].choices = [(key, str(COMMON.get(key, key))) for key in keys]

    def clean(self):
        data = super().clean()
        if not data.get("other") and not data.get("symptom"):
            self.add_error("symptom", _("Choose a symptom or write it."))
        data["chosen"] = data.get("other") or data.get("symptom")
        return data


class ConditionForm(forms.Form):
    query = forms.CharField(label=_("Search by name or ICD-10 code"), max_length=60, required=False)
    code = forms.CharField(label=_("ICD-10 code"), max_length=8)
    diagnosis_year = forms.IntegerField(label=_("Year of diagnosis"), required=False)
    stage = forms.CharField(label=_("Stage or type (if relevant)"), max_length=40, required=False)
    confirm_privacy = ConfirmPrivacyField()


class TreatmentForm(forms.Form):
    name = forms.CharField(label=_("Treatment"), max_length=80)
    dose = forms.CharField(label=_("Dose"), max_length=80, required=False)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    stopped_on = forms.DateField(label=_("Stopped on"), required=False, widget=DATE)
    stop_reason = forms.ChoiceField(
        label=_("Reason stopped"), choices=[("", "—"), *Treatment.StopReason.choices], required=False
    )
    effectiveness = forms.TypedChoiceField(
        label=_("How well does it work for you?"),
        choices=[("", "—"), *Treatment.Effectiveness.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    side_effects = forms.CharField(
        label=_("Side effects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, with its severity after a colon: 1 mild, 2 moderate, 3 severe (e.g. Fatigue: 2)."
        ),
    )
    confirm_privacy = ConfirmPrivacyField()

    def clean_side_effects(self):
        pairs = []
        for line in self.cleaned_data["side_effects"].splitlines():
            if not line.strip():
                continue
            name, _colon, severity = line.rpartition(":")
            if not name:
                name, severity = severity, "1"
            if severity.strip() not in {"1", "2", "3"}:
                raise forms.ValidationError(_("Give each side effect a severity of 1, 2 or 3."))
            pairs.append((name.strip(), int(severity)))
        return pairs

    @staticmethod
    def side_effects_text(treatment) -> str:
        return "\n".join(f"{effect.name}: {effect.severity}" for effect in treatment.side_effects.all())


class SettingsForm(forms.Form):
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    about_accompanied = forms.BooleanField(
        label=_("This profile is about the person I accompany, not about me"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "conditions": _("Conditions"),
            "treatments": _("Treatments and side effects"),
            "symptoms": _("Symptoms"),
            "age": _("Age band"),
        }
        for name in VISIBLE_FIELDS:
            self.fields[f"{name}_visibility"] = forms.ChoiceField(
                label=labels[name], choices=Visibility.choices, widget=forms.RadioSelect
            )
