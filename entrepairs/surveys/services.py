"""Writing surveys (the network's editors and administrators) and answering them (every member).

Everything is checked before anything is written, in one transaction: a refused survey or answer
leaves nothing half saved. Answering needs the health-data consent in patient networks (an answer
may be health data), an open survey (409 `survey_not_open`, `survey_closed`), and no earlier answer
by the same member (409 `already_answered`, held by a unique key even for anonymous surveys)."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.audit import services as audit
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership
from entrepairs.surveys.models import Answer, Question, Response, Survey

MAX_QUESTIONS = 30
MAX_CHOICES = 12
EDITOR_ROLES = (Membership.Role.EDITOR, Membership.Role.ADMIN)


def respondent_key(survey_id: int, member_id: int) -> str:
    """A keyed HMAC (never a plain hash, which anyone could compute from the two numbers)."""
    message = f"survey-response:{survey_id}:{member_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def require_editor(member: Membership) -> None:
    if member.role not in EDITOR_ROLES or not member.is_active:
        raise ActionRefused("forbidden", _("Only the network's editors write surveys."), status=403)
    require_mfa_for_role(member)


def _text(value, field: str, *, max_length: int, required: bool = True) -> str:
    value = str(value or "").strip()
    if "\x00" in value:
        raise ActionRefused(
            "invalid_text", _("This text holds a character that is not allowed."), field=field
        )
    if required and not value:
        raise ActionRefused("required", _("This field is required."), field=field)
    if len(value) > max_length:
        raise ActionRefused(
            "too_long", _("At most %(count)d characters.") % {"count": max_length}, field=field
        )
    return value


def _questions(items) -> list[dict]:
    if not items:
        raise ActionRefused("no_questions", _("Add at least one question."), field="questions")
    if len(items) > MAX_QUESTIONS:
        raise ActionRefused(
            "too_many", _("At most %(count)d questions.") % {"count": MAX_QUESTIONS}, field="questions"
        )
    cleaned = []
    for index, item in enumerate(items):
        field = f"questions.{index}"
        kind = item.get("kind")
        if kind not in Question.Kind.values:
            raise ActionRefused("invalid_choice", _("Unknown kind of question."), field=f"{field}.kind")
        question = {"kind": kind, "text": _text(item.get("text"), f"{field}.text", max_length=300)}
        question["required"] = bool(item.get("required", kind != Question.Kind.TEXT))
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            choices = [
                _text(choice, f"{field}.choices", max_length=120) for choice in item.get("choices") or []
            ]
            if not 2 <= len(choices) <= MAX_CHOICES:
                raise ActionRefused(
                    "invalid_choices",
                    _("A choice question needs 2 to %(count)d options.") % {"count": MAX_CHOICES},
                    field=f"{field}.choices",
                )
            if len({choice.casefold() for choice in choices}) != len(choices):
                raise ActionRefused("duplicate", _("Each option once."), field=f"{field}.choices")
            question["choices"] = choices
        if kind == Question.Kind.SCALE:
            scale_max = item.get("scale_max") or 5
            if isinstance(scale_max, bool) or not isinstance(scale_max, int) or not 3 <= scale_max <= 10:
                raise ActionRefused(
                    "invalid_scale", _("A scale goes from 1 to 3–10."), field=f"{field}.scale_max"
                )
            question["scale_max"] = scale_max
        cleaned.append(question)
    return cleaned


@transaction.atomic
def create_survey(
    editor: Membership,
    *,
    title: str,
    questions: list[dict],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    description: str = "",
    anonymous: bool = False,
) -> Survey:
    """`questions`: [{"kind": single|multiple|scale|text, "text", "choices": [...], "scale_max": 5}]."""
    require_editor(editor)
    title = _text(title, "title", max_length=120)
    description = _text(description, "description", max_length=2000, required=False)
    if not isinstance(opens_at, datetime.datetime) or not isinstance(closes_at, datetime.datetime):
        raise ActionRefused("invalid_date", _("Enter a valid date."), field="closes_at")
    if closes_at <= opens_at:
        raise ActionRefused(
            "close_before_open", _("The survey must close after it opens."), field="closes_at"
        )
    if closes_at <= timezone.now():
        raise ActionRefused("closes_in_past", _("This closing date has passed."), field="closes_at")
    cleaned = _questions(questions)
    survey = Survey.objects.create(
        network=editor.network, created_by=editor, title=title, description=description,
        opens_at=opens_at, closes_at=closes_at, anonymous=bool(anonymous),
    )  # fmt: skip
    Question.objects.bulk_create(
        Question(network=editor.network, survey=survey, position=index, **question)
        for index, question in enumerate(cleaned)
    )
    audit.record(editor.user, "survey.create", survey)
    return survey


def close_survey(editor: Membership, survey: Survey) -> Survey:
    """Closes now (its results appear, k-anonymous)."""
    require_editor(editor)
    now = timezone.now()
    if survey.closes_at > now:
        survey.closes_at = max(now, survey.opens_at)
        survey.save(update_fields=["closes_at"])
        audit.record(editor.user, "survey.close", survey)
    return survey


@transaction.atomic
def delete_survey(editor: Membership, survey: Survey) -> None:
    require_editor(editor)
    audit.record(editor.user, "survey.delete", survey)
    survey.delete()


def _answer(question: Question, value) -> dict | None:
    field = f"answers.{question.pk}"
    empty = value in (None, "", [])
    if empty:
        if question.required:
            raise ActionRefused("required", _("Answer this question."), field=field)
        return None
    if question.kind == Question.Kind.SINGLE:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(question.choices):
            raise ActionRefused("invalid_choice", _("Choose one of the options."), field=field)
        return {"choices": [value]}
    if question.kind == Question.Kind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        if any(
            isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < len(question.choices)
            for v in values
        ):
            raise ActionRefused("invalid_choice", _("Choose among the options."), field=field)
        return {"choices": sorted(set(values))}
    if question.kind == Question.Kind.SCALE:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= (question.scale_max or 5)
        ):
            raise ActionRefused("out_of_range", _("Choose a value on the scale."), field=field)
        return {"scale": value}
    return {"text": _text(value, field, max_length=500)}


def answer_survey(member: Membership, survey: Survey, answers: dict) -> Response:
    """`answers`: {question id: option index | [indexes] | scale value | text}."""
    if member.network.is_patient_network and member.consent_id is None:
        raise ActionRefused(
            "consent_required",
            _("Answering needs your explicit consent to the processing of health data in this network."),
            status=403,
        )
    now = timezone.now()
    if now < survey.opens_at:
        raise ActionRefused("survey_not_open", _("This survey is not open yet."), status=409)
    if survey.is_closed(now):
        raise ActionRefused("survey_closed", _("This survey is closed."), status=409)
    questions = list(survey.questions.all())
    known = {str(question.pk) for question in questions}
    if set(map(str, answers)) - known:
        raise ActionRefused("unknown_question", _("This survey has no such question."), field="answers")
    by_id = {str(key): value for key, value in answers.items()}
    cleaned = [(question, _answer(question, by_id.get(str(question.pk)))) for question in questions]
    try:
        with transaction.atomic():
            response = Response.objects.create(
                network=member.network,
                survey=survey,
                member=None if survey.anonymous else member,
                respondent_key=respondent_key(survey.pk, member.pk),
            )
            Answer.objects.bulk_create(
                Answer(network=member.network, response=response, question=question, **values)
                for question, values in cleaned
                if values is not None
            )
    except IntegrityError:
        raise ActionRefused("already_answered", _("You already answered this survey."), status=409) from None
    return response
