"""Writing surveys (the network's editors and administrators) and answering them (every member).

Everything is checked before anything is written, in one transaction: a refused survey or answer
leaves nothing half saved. Answering needs the health-data consent in patient networks (an answer
may be health data), an open survey (409 `survey_not_open`, `survey_closed`), and no earlier answer
by the same member (409 `already_answered`, held by a unique key even for anonymous surveys)."""

import datetime
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.audit import services as audit
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership
from entrepairs.privacy import services as privacy
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


def _guard_wording(editor: Membership, title: str, description: str, questions: list[dict], confirmed):
    """The editors' words pass the privacy guard as a post does (fields named as the API names them)."""
    fields = {"title": title, "description": description}
    for index, question in enumerate(questions):
        fields[f"questions.{index}.text"] = question["text"]
        fields[f"questions.{index}.choices"] = "\n".join(question.get("choices") or [])
    return privacy.check(editor, {name: text for name, text in fields.items() if text}, confirmed=confirmed)


def _check_dates(opens_at, closes_at) -> None:
    if not isinstance(opens_at, datetime.datetime) or not isinstance(closes_at, datetime.datetime):
        raise ActionRefused("invalid_date", _("Enter a valid date."), field="closes_at")
    if closes_at <= opens_at:
        raise ActionRefused(
            "close_before_open", _("The survey must close after it opens."), field="closes_at"
        )
    if closes_at <= timezone.now():
        raise ActionRefused("closes_in_past", _("This closing date has passed."), field="closes_at")


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
    confirm_privacy: Iterable[str] = (),
) -> Survey:
    """`questions`: [{"kind": single|multiple|scale|text, "text", "choices": [...], "scale_max": 5}]."""
    require_editor(editor)
    title = _text(title, "title", max_length=120)
    description = _text(description, "description", max_length=2000, required=False)
    _check_dates(opens_at, closes_at)
    cleaned = _questions(questions)
    clearance = _guard_wording(editor, title, description, cleaned, confirm_privacy)
    survey = Survey.objects.create(
        network=editor.network, created_by=editor, title=title, description=description,
        opens_at=opens_at, closes_at=closes_at, anonymous=bool(anonymous),
    )  # fmt: skip
    Question.objects.bulk_create(
        Question(network=editor.network, survey=survey, position=index, **question)
        for index, question in enumerate(cleaned)
    )
    privacy.record(editor, clearance, survey)
    audit.record(editor.user, "survey.create", survey)
    return survey


# --- Editing a published survey ----------------------------------------------------------------------
# Once someone has answered, the survey they answered must stay the survey whose results are shown:
# answers are stored as option indexes and read against the questions' wording. So only the closing
# date moves (never back into the past, never before the opening, never reopening a closed survey,
# whose results are out: results before and after one more answer would tell that answer), and the
# wording may only be corrected: case, accents, punctuation, spacing, and a typo of one letter in at
# most two words.
TYPO_WORDS = 2


def _fold_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.findall(r"\w+", plain)


def _one_edit_apart(first: str, second: str) -> bool:
    """One letter replaced, added or removed (or swapped with its neighbour)."""
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differ = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        return len(differ) == 1 or (
            len(differ) == 2 and differ[1] == differ[0] + 1 and first[differ[0]] == second[differ[1]]
            and first[differ[1]] == second[differ[0]]
        )  # fmt: skip
    shorter, longer = sorted((first, second), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def is_wording_fix(before: str, after: str) -> bool:
    """True when `after` says what `before` said: the same words once case, accents, punctuation and
    spacing are set aside, except a typo (one letter) in at most TYPO_WORDS words."""
    old, new = _fold_words(before), _fold_words(after)
    if len(old) != len(new):
        return False
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return len(changed) <= TYPO_WORDS and all(_one_edit_apart(a, b) for a, b in changed)


def _same_minute(first: datetime.datetime, second: datetime.datetime) -> bool:
    """Pages send dates to the minute: an unchanged date comes back without its seconds."""
    return abs(first - second) < datetime.timedelta(minutes=1) and first.minute == second.minute


def _refuse_change(field: str, message) -> None:
    raise ActionRefused("survey_answered", message, field=field, status=409)


def _check_answered_changes(survey: Survey, current: list[Question], *, title, description, opens_at,
                            closes_at, anonymous, questions) -> None:  # fmt: skip
    now = timezone.now()
    wording = _(
        "Members have answered: only corrections of wording (a typo, an accent, punctuation) are possible."
    )
    if not is_wording_fix(survey.title, title):
        _refuse_change("title", wording)
    if not is_wording_fix(survey.description, description):
        _refuse_change("description", wording)
    if opens_at != survey.opens_at:
        _refuse_change("opens_at", _("Members have answered: the opening date stays."))
    if bool(anonymous) != survey.anonymous:
        _refuse_change("anonymous", _("Members have answered under these terms: anonymity stays as it was."))
    if closes_at != survey.closes_at:
        if survey.is_closed(now):
            _refuse_change("closes_at", _("This survey is closed and its results are out: it cannot reopen."))
        if closes_at <= now:
            raise ActionRefused(
                "closes_in_past",
                _("Close it now with “Close now”; a closing date in the past is not possible."),
                field="closes_at",
            )
    if len(questions) != len(current):
        _refuse_change("questions", _("Members have answered: questions can no longer be added or removed."))
    for index, (question, before) in enumerate(zip(questions, current, strict=True)):
        field = f"questions.{index}"
        same_shape = (
            question["kind"] == before.kind
            and len(question.get("choices") or []) == len(before.choices or [])
            and question.get("scale_max") == before.scale_max
        )
        if not same_shape:
            _refuse_change(
                f"{field}.choices",
                _("Members have answered: a question's kind, options and scale can no longer change."),
            )
        if not is_wording_fix(before.text, question["text"]):
            _refuse_change(f"{field}.text", wording)
        for choice, choice_before in zip(question.get("choices") or [], before.choices or [], strict=True):
            if not is_wording_fix(choice_before, choice):
                _refuse_change(f"{field}.choices", wording)


@transaction.atomic
def update_survey(
    editor: Membership,
    survey: Survey,
    *,
    title: str,
    questions: list[dict],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    description: str = "",
    anonymous: bool = False,
    confirm_privacy: Iterable[str] = (),
) -> Survey:
    """Change a published survey. Before any answer, everything (as `create_survey` checks it); once
    someone answered, the closing date (not in the past, not reopening a closed survey) and wording
    fixes only (409 `survey_answered` on the field refused). The survey row is locked first: an answer
    arriving meanwhile waits, and is checked against the survey as changed."""
    require_editor(editor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk, network_id=editor.network_id)
    title = _text(title, "title", max_length=120)
    description = _text(description, "description", max_length=2000, required=False)
    if not isinstance(opens_at, datetime.datetime) or not isinstance(closes_at, datetime.datetime):
        raise ActionRefused("invalid_date", _("Enter a valid date."), field="closes_at")
    if closes_at <= opens_at:
        raise ActionRefused(
            "close_before_open", _("The survey must close after it opens."), field="closes_at"
        )
    cleaned = _questions(questions)
    current = list(survey.questions.all())
    answered = survey.responses.exists()
    opens_at = survey.opens_at if _same_minute(opens_at, survey.opens_at) else opens_at
    closes_at = survey.closes_at if _same_minute(closes_at, survey.closes_at) else closes_at
    if answered:
        _check_answered_changes(
            survey, current, title=title, description=description, opens_at=opens_at,
            closes_at=closes_at, anonymous=anonymous, questions=cleaned,
        )  # fmt: skip
    elif closes_at != survey.closes_at and closes_at <= timezone.now():
        raise ActionRefused("closes_in_past", _("This closing date has passed."), field="closes_at")
    clearance = _guard_wording(editor, title, description, cleaned, confirm_privacy)
    survey.title, survey.description = title, description
    survey.opens_at, survey.closes_at, survey.anonymous = opens_at, closes_at, bool(anonymous)
    survey.save(update_fields=["title", "description", "opens_at", "closes_at", "anonymous"])
    if answered:
        for question, before in zip(cleaned, current, strict=True):
            before.text, before.choices = question["text"], question.get("choices") or before.choices
            before.save(update_fields=["text", "choices"])
    else:
        survey.questions.all().delete()
        Question.objects.bulk_create(
            Question(network=editor.network, survey=survey, position=index, **question)
            for index, question in enumerate(cleaned)
        )
    privacy.record(editor, clearance, survey)
    audit.record(editor.user, "survey.update", survey)
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


def answer_survey(
    member: Membership, survey: Survey, answers: dict, *, confirm_privacy: Iterable[str] = ()
) -> Response:
    """`answers`: {question id: option index | [indexes] | scale value | text}. Written answers pass
    the privacy guard (field `answers.<question id>`); for an anonymous survey what the member
    confirmed is not kept, since keeping it would name the member beside the answer."""
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
    written = {
        f"answers.{question.pk}": values["text"]
        for question, values in cleaned
        if values and values.get("text")
    }
    clearance = privacy.check(member, written, confirmed=confirm_privacy) if written else privacy.Clearance()
    try:
        with transaction.atomic():
            # Waits for an editor changing the survey (update_survey), then reads it as changed.
            current = Survey.objects.select_for_update().filter(pk=survey.pk).first()
            if current is None or current.is_closed():
                raise ActionRefused("survey_closed", _("This survey is closed."), status=409)
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
            if not survey.anonymous:
                privacy.record(member, clearance, response)
    except IntegrityError:
        raise ActionRefused("already_answered", _("You already answered this survey."), status=409) from None
    return response
