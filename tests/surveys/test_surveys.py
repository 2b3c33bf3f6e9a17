"""Surveys: written by editors, answered once by each member (anonymously if the survey says so),
results k-anonymous and only once closed; bad input refused with nothing half saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.errors import ActionRefused
from entrepairs.surveys import queries, services
from entrepairs.surveys.models import Answer, Question, Response, Survey
from tests import factories as f
from tests.health.factories import with_consent

NOW = timezone.now()
QUESTIONS = [
    {"kind": "single", "text": "Pourquoi avez-vous rejoint le réseau ?", "choices": ["Rompre l'isolement", "M'informer", "Aider"]},
    {"kind": "multiple", "text": "Quels soutiens ?", "choices": ["Famille", "Amis", "Soignants"]},
    {"kind": "scale", "text": "Votre moral ?", "scale_max": 5},
    {"kind": "text", "text": "Un mot ?"},
]  # fmt: skip


def survey_factory(editor, *, anonymous=False, questions=QUESTIONS, opens=-1, closes=7):
    return services.create_survey(
        editor, title="Pourquoi nous avons rejoint", questions=questions, anonymous=anonymous,
        opens_at=NOW + datetime.timedelta(days=opens), closes_at=NOW + datetime.timedelta(days=closes),
    )  # fmt: skip


def _refused(expected, call, *args, **kwargs):
    with pytest.raises(ActionRefused) as refusal:
        call(*args, **kwargs)
    assert refusal.value.code == expected, refusal.value.message
    return refusal.value


def answers_for(survey, single=0, multiple=(0,), scale=3, text="Merci"):
    q = {question.kind: question.pk for question in survey.questions.all()}
    return {q["single"]: single, q["multiple"]: list(multiple), q["scale"]: scale, q["text"]: text}


def test_only_editors_and_administrators_write_surveys(world):
    assert _refused("forbidden", survey_factory, world.patient).status == 403
    assert _refused("forbidden", survey_factory, world.moderator).status == 403
    editor = f.member_factory(world.breast, role="editor", user=f.with_totp(f.UserFactory()))
    assert survey_factory(editor).questions.count() == 4
    assert survey_factory(world.admin).questions.count() == 4


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"questions": []}, "no_questions"),
        ({"questions": [{"kind": "single", "text": "?", "choices": ["Oui"]}]}, "invalid_choices"),
        ({"questions": [{"kind": "single", "text": "?", "choices": ["Oui", "oui"]}]}, "duplicate"),
        ({"questions": [{"kind": "scale", "text": "?", "scale_max": 20}]}, "invalid_scale"),
        ({"questions": [{"kind": "poll", "text": "?"}]}, "invalid_choice"),
        ({"questions": [{"kind": "text", "text": ""}]}, "required"),
        ({"closes": -2}, "close_before_open"),
        ({"opens": -5, "closes": -1}, "closes_in_past"),
    ],
)
def test_bad_surveys_are_refused_and_nothing_is_saved(world, changes, code):
    _refused(code, survey_factory, world.admin, **changes)
    assert (Survey.objects.count(), Question.objects.count()) == (0, 0)


def test_one_answer_per_member(world):
    survey = survey_factory(world.admin)
    member = with_consent(world.patient)
    services.answer_survey(member, survey, answers_for(survey))
    assert (
        _refused("already_answered", services.answer_survey, member, survey, answers_for(survey)).status
        == 409
    )
    assert (Response.objects.count(), Answer.objects.count()) == (1, 4)


def test_an_anonymous_answer_is_stored_without_its_member_and_still_only_once(world):
    survey = survey_factory(world.admin, anonymous=True)
    member = with_consent(world.patient)
    services.answer_survey(member, survey, answers_for(survey))
    response = Response.objects.get()
    assert response.member_id is None and str(member.pk) not in response.respondent_key
    assert queries.has_answered(member, survey)
    _refused("already_answered", services.answer_survey, member, survey, answers_for(survey))


def test_answering_a_closed_or_future_survey_is_refused(world):
    member = with_consent(world.patient)
    future = survey_factory(world.admin, opens=2, closes=5)
    assert (
        _refused("survey_not_open", services.answer_survey, member, future, answers_for(future)).status == 409
    )
    survey = survey_factory(world.admin)
    services.close_survey(world.admin, survey)
    _refused("survey_closed", services.answer_survey, member, survey, answers_for(survey))
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"single": 9}, "invalid_choice"), ({"multiple": [7]}, "invalid_choice"), ({"scale": 6}, "out_of_range"),
     ({"single": None}, "required"), ({"text": "x" * 501}, "too_long")],
)  # fmt: skip
def test_bad_answers_are_refused_with_nothing_half_saved(world, changes, code):
    survey = survey_factory(world.admin)
    _refused(
        code, services.answer_survey, with_consent(world.patient), survey, answers_for(survey, **changes)
    )
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_answering_needs_the_health_data_consent_in_patient_networks(world):
    survey = survey_factory(world.admin)
    assert (
        _refused(
            "consent_required", services.answer_survey, world.patient, survey, answers_for(survey)
        ).status
        == 403
    )


def _answered_by(network, survey, count, **answer):
    for _ in range(count):
        services.answer_survey(with_consent(f.member_factory(network)), survey, answers_for(survey, **answer))


def test_results_only_once_closed_and_only_groups_of_k(world):
    survey = survey_factory(world.admin)
    _answered_by(world.breast, survey, 6, single=0, multiple=(0, 1), scale=4)
    _answered_by(world.breast, survey, 2, single=1, multiple=(1,), scale=2)
    assert queries.results(world.patient, survey, 5) is None  # still open: no result to compare
    services.close_survey(world.admin, survey)
    survey.refresh_from_db()
    results = queries.results(world.patient, survey, 5)
    single, multiple, scale, text = results["questions"]
    assert results["respondents"] == 8
    assert [cell.count for cell in single["cells"]] == [None, None, None]  # 6 shown would reveal the 2
    assert [cell.count for cell in multiple["cells"]] == [None, 8, None]  # 8 − 6 = 2 without "Famille"
    assert [cell.count for cell in scale["cells"]] == [None] * 5
    assert text["texts"] is None  # members never read the written answers
    assert queries.results(world.admin, survey, 5)["questions"][3]["texts"] == ["Merci"] * 8


def test_a_survey_answered_by_fewer_than_k_members_shows_nothing(world):
    survey = survey_factory(world.admin)
    _answered_by(world.breast, survey, 4)
    services.close_survey(world.admin, survey)
    survey.refresh_from_db()
    assert queries.results(world.patient, survey, 5)["too_few"]


def test_answering_through_the_page(login, world):
    survey = survey_factory(world.admin)
    member = with_consent(world.patient)
    q = {question.kind: question.pk for question in survey.questions.all()}
    url = reverse("surveys:survey", kwargs={"slug": "breast", "survey_id": survey.pk})
    client = login(member.user)
    form = {
        f"q{q['single']}": "1",
        f"q{q['multiple']}": ["0", "2"],
        f"q{q['scale']}": "4",
        f"q{q['text']}": "Bien",
    }
    assert client.post(url, form).status_code == 302
    again = client.post(url, form)
    assert again.status_code == 200 and Response.objects.count() == 1


def test_editors_create_a_survey_through_the_page_and_keep_their_input_when_refused(login, world):
    client = login(world.admin.user)
    url = reverse("surveys:new", kwargs={"slug": "breast"})
    fields = {
        "title": "Notre enquête", "opens_at": "2026-01-01T10:00", "closes_at": "2025-01-01T10:00",
        "q0_text": "Pourquoi ?", "q0_kind": "single", "q0_choices": "A\nB", "slots": "6",
    }  # fmt: skip
    refused = client.post(url, fields)
    assert (
        refused.status_code == 200
        and "Notre enquête" in refused.content.decode()
        and Survey.objects.count() == 0
    )
    fields["closes_at"] = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, fields).status_code == 302
    assert Survey.objects.get().questions.get().choices == ["A", "B"]


def test_members_cannot_open_the_editor_form_and_outsiders_see_no_survey(login, world):
    survey = survey_factory(world.admin)
    assert login(world.patient.user).get(reverse("surveys:new", kwargs={"slug": "breast"})).status_code == 403
    url = reverse("surveys:survey", kwargs={"slug": "breast", "survey_id": survey.pk})
    assert login(world.outsider.user).get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_survey_list_runs_constant_queries(login, world, django_assert_num_queries, count):
    for _ in range(count):
        survey_factory(world.admin)
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), surveys with their question counts, my answers, header badges
    with django_assert_num_queries(6):
        assert client.get(reverse("surveys:index", kwargs={"slug": "breast"})).status_code == 200


def test_results_count_every_respondent_whatever_the_mix_of_answers(world):
    survey = survey_factory(world.admin)
    _answered_by(world.breast, survey, 7, single=0, multiple=(0, 1), scale=4)
    _answered_by(world.breast, survey, 6, single=1, multiple=(2,), scale=2)
    _answered_by(world.breast, survey, 5, single=2, multiple=(0, 2), scale=1)
    services.close_survey(world.admin, survey)
    survey.refresh_from_db()
    results = queries.results(world.patient, survey, 5)
    single, multiple, scale, _text = results["questions"]
    assert results["respondents"] == 18 and single["answered"] == 18
    assert [cell.count for cell in single["cells"]] == [7, 6, 5]
    assert [cell.count for cell in multiple["cells"]] == [12, 7, 11]
    # severity 3 and 5 were never chosen: the shown cells add up to 18, so they read 0
    assert [cell.count for cell in scale["cells"]] == [5, 6, 0, 7, 0]
