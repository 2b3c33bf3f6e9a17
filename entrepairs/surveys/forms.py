"""Survey forms: they parse; surveys.services validates and refuses (shown on the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.privacy.forms import ConfirmPrivacyField
from entrepairs.surveys.models import Question

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
QUESTION_SLOTS = 6


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Introduction"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME)
    anonymous = forms.BooleanField(
        label=_("Anonymous answers (no one, editors included, sees who answered what)"), required=False
    )

    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, slots: int = QUESTION_SLOTS, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for index in range(slots):
            self.fields[f"q{index}_text"] = forms.CharField(
                label=_("Question %(n)d") % {"n": index + 1}, max_length=300, required=False
            )
            self.fields[f"q{index}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=Question.Kind.choices, required=False
            )
            self.fields[f"q{index}_choices"] = forms.CharField(
                label=_("Options, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields[f"q{index}_scale_max"] = forms.IntegerField(
                label=_("Scale from 1 to"), required=False, initial=5
            )

    def question_blocks(self):
        return [
            [self[f"q{index}_{name}"] for name in ("text", "kind", "choices", "scale_max")]
            for index in range(self.slots)
        ]

    def questions(self) -> list[dict]:
        data, found = self.cleaned_data, []
        for index in range(self.slots):
            text = data.get(f"q{index}_text", "")
            if not text:
                continue
            found.append(
                {
                    "kind": data.get(f"q{index}_kind") or Question.Kind.SINGLE,
                    "text": text,
                    "choices": [
                        line.strip()
                        for line in (data.get(f"q{index}_choices") or "").splitlines()
                        if line.strip()
                    ],
                    "scale_max": data.get(f"q{index}_scale_max") or 5,
                }
            )
        return found


def initial_of(survey, questions) -> dict:
    """A published survey as SurveyForm's initial values (its editing page)."""
    from django.utils import timezone

    initial = {
        "title": survey.title, "description": survey.description, "anonymous": survey.anonymous,
        "opens_at": timezone.localtime(survey.opens_at), "closes_at": timezone.localtime(survey.closes_at),
    }  # fmt: skip
    for index, question in enumerate(questions):
        initial |= {
            f"q{index}_text": question.text, f"q{index}_kind": question.kind,
            f"q{index}_choices": "\n".join(question.choices or []), f"q{index}_scale_max": question.scale_max or 5,
        }  # fmt: skip
    return initial


class AnswerForm(forms.Form):
    """One field per question, named by the question's id."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            name, required = f"q{question.pk}", question.required
            if question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=list(enumerate(question.choices)),
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=required,
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=list(enumerate(question.choices)), coerce=int, widget=forms.CheckboxSelectMultiple,
                    required=required,
                )  # fmt: skip
            elif question.kind == Question.Kind.SCALE:
                values = range(1, (question.scale_max or 5) + 1)
                field = forms.TypedChoiceField(
                    choices=[(v, str(v)) for v in values],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=required,
                )
            else:
                field = forms.CharField(
                    max_length=500, required=required, widget=forms.Textarea(attrs={"rows": 2})
                )
            field.label = question.text
            self.fields[name] = field
        # Written answers pass the privacy guard (surveys.services.answer_survey).
        self.fields["confirm_privacy"] = ConfirmPrivacyField()
        self.questions = list(questions)

    def answers(self) -> dict:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}


class ThresholdForm(forms.Form):
    k = forms.IntegerField(
        label=_("Smallest group shown in aggregates"),
        help_text=_("Counts from fewer members are hidden. At least 3; 5 by default."),
    )
