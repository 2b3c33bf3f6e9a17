"""Editing a published survey: anything until the first answer; then only the closing date (never in
the past, never reopening a closed survey) and corrections of wording, each refusal with a clear
code and nothing changed. Written answers and the editors' wording pass the privacy guard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.errors import ActionRefused
from entrepairs.privacy.models import Confirmation
from entrepairs.privacy.services import PrivacyRefused
from entrepairs.surveys import services
from entrepairs.surveys.models import Answer, Question, Response, Survey
from tests.api_client import error_of
from tests.health.factories import with_consent
from tests.surveys.test_surveys import QUESTIONS, answers_for, survey_factory

PHONE = "06 12 34 56 78"


def _current(survey) -> dict:
    return {
        "title": survey.title, "description": survey.description, "opens_at": survey.opens_at,
        "closes_at": survey.closes_at, "anonymous": survey.anonymous,
        "questions": [
            {"kind": q.kind, "text": q.text, "choices": q.choices, "scale_max": q.scale_max, "required": q.required}
            for q in survey.questions.all()
        ],
    }  # fmt: skip


def _snapshot(survey):
    survey = Survey.objects.get(pk=survey.pk)
    return _current(survey)


def _update(editor, survey, **changes):
    return services.update_survey(editor, survey, **{**_current(survey), **changes})


def _refused(code, field, call, *args, **kwargs):
    with pytest.raises(ActionRefused) as refusal:
        call(*args, **kwargs)
    assert (refusal.value.code, refusal.value.field) == (code, field), refusal.value.message
    return refusal.value


@pytest.fixture
def answered(world):
    survey = survey_factory(world.admin)
    services.answer_survey(with_consent(world.patient), survey, answers_for(survey))
    return survey


def test_before_any_answer_everything_may_change(world):
    survey = survey_factory(world.admin)
    questions = [
        *QUESTIONS[:2],
        {"kind": "single", "text": "Depuis quand ?", "choices": ["< 1 an", "> 1 an"]},
    ]
    questions[0] = {**questions[0], "choices": [*questions[0]["choices"], "Autre raison"]}
    later = timezone.now() + datetime.timedelta(days=30)
    _update(
        world.admin, survey, title="Nouvelle enquête", questions=questions, closes_at=later, anonymous=True
    )
    survey.refresh_from_db()
    assert (survey.title, survey.closes_at, survey.anonymous) == ("Nouvelle enquête", later, True)
    assert [q.text for q in survey.questions.all()] == [q["text"] for q in questions]
    assert survey.questions.first().choices[-1] == "Autre raison"
    sooner = timezone.now() + datetime.timedelta(days=1)
    _update(world.admin, survey, closes_at=sooner)  # shortened too
    survey.refresh_from_db()
    assert survey.closes_at == sooner


def test_once_answered_the_closing_date_moves_and_typos_are_fixed(world, answered):
    later = answered.closes_at + datetime.timedelta(days=10)
    questions = _current(answered)["questions"]
    questions[0] = {**questions[0], "text": "Pourquoi avez vous rejoint le reseau?"}  # accents, punctuation
    questions[1] = {**questions[1], "choices": ["Famile", "Amis", "Soignants"]}  # one letter
    _update(world.admin, answered, closes_at=later, title="Pourquoi nous avons rejoint.", questions=questions)
    answered.refresh_from_db()
    assert answered.closes_at == later and answered.title == "Pourquoi nous avons rejoint."
    assert answered.questions.get(position=1).choices[0] == "Famile"
    assert Answer.objects.count() == 4  # the answers stay, still pointing at their questions


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: {"title": "Pourquoi nous sommes partis"}, "title"),
        (lambda s: {"questions": s["questions"][:3]}, "questions"),
        (lambda s: {"questions": [*s["questions"], {"kind": "text", "text": "Autre ?"}]}, "questions"),
        (
            lambda s: {
                "questions": [
                    {**s["questions"][0], "choices": [*s["questions"][0]["choices"], "Autre"]},
                    *s["questions"][1:],
                ]
            },
            "questions.0.choices",
        ),  # fmt: skip
        (
            lambda s: {
                "questions": [
                    {**s["questions"][0], "text": "Pourquoi avez-vous quitté le réseau ?"},
                    *s["questions"][1:],
                ]
            },
            "questions.0.text",
        ),  # fmt: skip
        (
            lambda s: {
                "questions": [*s["questions"][:2], {**s["questions"][2], "scale_max": 10}, s["questions"][3]]
            },
            "questions.2.choices",
        ),  # fmt: skip
        (
            lambda s: {
                "questions": [
                    s["questions"][0],
                    {**s["questions"][1], "choices": ["Famille", "Voisins", "Soignants"]},
                    *s["questions"][2:],
                ]
            },
            "questions.1.choices",
        ),  # fmt: skip
        (lambda s: {"anonymous": True}, "anonymous"),
        (lambda s: {"opens_at": s["opens_at"] - datetime.timedelta(days=3)}, "opens_at"),
    ],
)
def test_once_answered_changes_of_meaning_are_refused_and_nothing_changes(world, answered, change, field):
    before = _snapshot(answered)
    _refused("survey_answered", field, _update, world.admin, answered, **change(before))
    assert _snapshot(answered) == before


def test_once_answered_the_closing_date_is_never_in_the_past(world, answered):
    before = _snapshot(answered)
    past = timezone.now() - datetime.timedelta(hours=1)
    _refused("closes_in_past", "closes_at", _update, world.admin, answered, closes_at=past)
    _refused("close_before_open", "closes_at", _update, world.admin, answered,
             closes_at=answered.opens_at - datetime.timedelta(days=1))  # fmt: skip
    assert _snapshot(answered) == before


def test_a_closed_answered_survey_never_reopens(world, answered):
    services.close_survey(world.admin, answered)
    answered.refresh_from_db()
    before = _snapshot(answered)
    later = timezone.now() + datetime.timedelta(days=5)
    refusal = _refused("survey_answered", "closes_at", _update, world.admin, answered, closes_at=later)
    assert refusal.status == 409
    assert _snapshot(answered) == before


def test_members_cannot_edit_surveys(world, answered):
    _refused("forbidden", None, _update, world.patient, answered, title="X")


def test_wording_fix_rules():
    fix = services.is_wording_fix
    assert fix("Votre moral ?", "votre  moral?") and fix("Quels soutiens ?", "Quels soutients ?")
    assert fix("Êtes-vous satisfait ?", "Etes vous satisfiat ?")  # swapped letters
    assert not fix("Êtes-vous satisfait ?", "Êtes-vous insatisfait ?")
    assert not fix("Êtes-vous satisfait ?", "N'êtes-vous pas satisfait ?")
    assert not fix("un deux trois", "un doux trais tris")


# --- Pages and API ------------------------------------------------------------------------------------
def test_the_edit_page_keeps_the_input_and_says_what_is_refused(login, world, answered):
    client = login(world.admin.user)
    url = reverse("surveys:edit", kwargs={"slug": "breast", "survey_id": answered.pk})
    page = client.get(url)
    assert page.status_code == 200 and "data-answered-survey" in page.content.decode()
    local = timezone.localtime
    fields = {
        "title": "Une toute autre enquête", "description": "",
        "opens_at": local(answered.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": local(answered.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "slots": "4",
    }  # fmt: skip
    for index, question in enumerate(_current(answered)["questions"]):
        fields |= {f"q{index}_text": question["text"], f"q{index}_kind": question["kind"],
                   f"q{index}_choices": "\n".join(question["choices"]), f"q{index}_scale_max": question["scale_max"] or 5}  # fmt: skip
    refused = client.post(url, fields)
    body = refused.content.decode()
    assert refused.status_code == 200 and "Une toute autre enquête" in body and "field-invalid" in body
    assert Survey.objects.get().title == "Pourquoi nous avons rejoint"
    later = local(answered.closes_at + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert (
        client.post(url, {**fields, "title": "Pourquoi nous avons rejoint !", "closes_at": later}).status_code
        == 302
    )
    answered.refresh_from_db()
    assert answered.title == "Pourquoi nous avons rejoint !"
    assert local(answered.closes_at).strftime("%Y-%m-%dT%H:%M") == later
    assert login(world.patient.user).get(url).status_code == 403


def test_the_api_patches_a_survey(api_for, world, answered):
    api = api_for(world.admin)
    later = (answered.closes_at + datetime.timedelta(days=2)).isoformat()
    patched = api.patch(f"/surveys/{answered.pk}", {"closes_at": later})
    assert patched.status_code == 200, patched.content
    body = error_of(
        api.patch(f"/surveys/{answered.pk}", {"title": "Autre chose entièrement"}), 409, "survey_answered"
    )
    assert body["field"] == "title"
    answered.refresh_from_db()
    assert answered.title == "Pourquoi nous avons rejoint"
    assert api_for(world.patient).patch(f"/surveys/{answered.pk}", {"closes_at": later}).status_code == 403


# --- Privacy of written answers and of the editors' words -------------------------------------------
def test_a_written_answer_with_a_phone_is_asked_to_be_confirmed(world):
    survey = survey_factory(world.admin)
    member = with_consent(world.patient)
    with pytest.raises(PrivacyRefused) as refusal:
        services.answer_survey(member, survey, answers_for(survey, text=f"Appelez-moi au {PHONE}"))
    text_question = survey.questions.get(kind="text")
    assert refusal.value.field == f"answers.{text_question.pk}" and refusal.value.confirm_kinds == ["PHONE"]
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
    response = services.answer_survey(member, survey, answers_for(survey, text=f"Appelez-moi au {PHONE}"),
                                      confirm_privacy=["PHONE"])  # fmt: skip
    assert Confirmation.objects.get(object_id=response.pk).kinds == ["PHONE"]


def test_an_anonymous_answer_keeps_no_confirmation_naming_its_member(world):
    survey = survey_factory(world.admin, anonymous=True)
    services.answer_survey(with_consent(world.patient), survey, answers_for(survey, text=f"Au {PHONE}"),
                           confirm_privacy=["PHONE"])  # fmt: skip
    assert Response.objects.get().member_id is None and not Confirmation.objects.exists()


def test_the_answer_page_keeps_the_draft_and_asks_to_confirm(login, world):
    survey = survey_factory(world.admin)
    member = with_consent(world.patient)
    q = {question.kind: question.pk for question in survey.questions.all()}
    url = reverse("surveys:survey", kwargs={"slug": "breast", "survey_id": survey.pk})
    form = {f"q{q['single']}": "1", f"q{q['multiple']}": ["0"], f"q{q['scale']}": "4",
            f"q{q['text']}": f"Mon numéro : {PHONE}"}  # fmt: skip
    client = login(member.user)
    page = client.post(url, form)
    assert page.status_code == 200 and PHONE in page.content.decode()
    assert 'name="confirm_privacy" value="PHONE"' in page.content.decode()
    assert Response.objects.count() == 0
    assert client.post(url, {**form, "confirm_privacy": "PHONE"}).status_code == 302
    assert Answer.objects.get(question_id=q["text"]).text.endswith(PHONE)


def test_the_api_answer_with_a_phone_is_422_then_confirmed(api_for, world):
    survey = survey_factory(world.admin)
    api = api_for(with_consent(world.patient))
    answers = {str(key): value for key, value in answers_for(survey, text=f"Au {PHONE}").items()}
    body = error_of(
        api.post(f"/surveys/{survey.pk}/answers", {"answers": answers}), 422, "privacy_confirm_required"
    )
    assert body["confirm_kinds"] == ["PHONE"] and Response.objects.count() == 0
    confirmed = api.post(f"/surveys/{survey.pk}/answers", {"answers": answers, "confirm_privacy": ["PHONE"]})
    assert confirmed.status_code == 201


def test_a_question_with_a_phone_is_asked_to_be_confirmed(world):
    questions = [{"kind": "text", "text": f"Qui a appelé le {PHONE} ?"}]
    with pytest.raises(PrivacyRefused) as refusal:
        survey_factory(world.admin, questions=questions)
    assert refusal.value.field == "questions.0.text"
    assert (Survey.objects.count(), Question.objects.count()) == (0, 0)
