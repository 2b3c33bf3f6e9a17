"""The symptoms offered as one-tap buttons; a member may also type their own."""

from django.utils.translation import gettext_lazy as _

COMMON = {
    "fatigue": _("Fatigue"),
    "pain": _("Pain"),
    "nausea": _("Nausea"),
    "sleep": _("Poor sleep"),
    "anxiety": _("Anxiety"),
    "low_mood": _("Low mood"),
    "breathlessness": _("Breathlessness"),
    "appetite": _("Loss of appetite"),
    "joint_pain": _("Joint pain"),
    "headache": _("Headache"),
    "digestive": _("Digestive trouble"),
    "brain_fog": _("Brain fog"),
}


def symptom_label(symptom: str) -> str:
    return str(COMMON.get(symptom, symptom))
