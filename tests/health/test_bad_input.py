"""The issue's "Bad input", case by case, in the browser forms and through the API: dates in the future
or before the year of birth, a stop before the start, severities out of range, unknown codes, a survey
answered twice, before it opens or after it closes. Each is refused with a clear message (the form
keeps what was typed; the API answers JSON with a code) and nothing is half saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.health import services
from entrepairs.health.models import Condition, HealthProfile, SideEffect, SymptomLog, Treatment
from entrepairs.surveys import services as surveys
from entrepairs.surveys.models import Answer, Response
from tests.api_client import error_of
from tests.health.factories import with_consent
from tests.surveys.test_surveys import answers_for, survey_factory

BIRTH_YEAR = 1980


@pytest.fixture
def patient(world):
    member = with_consent(world.patient)
    services.update_profile(member, birth_year=BIRTH_YEAR)
    return member


def url(name, **kwargs):
    return reverse(f"health:{name}", kwargs={"slug": "breast", **kwargs})


def _health_rows():
    return tuple(model.objects.count() for model in (Condition, Treatment, SideEffect, SymptomLog))


# (page, form data, text kept in the page, API method, API path, API body, API status, API code)
def _cases() -> dict:
    """The cases, with their dates read as the test runs: read at collection, a run that passed
    midnight sent "tomorrow" when it had become today."""
    today = services.today()
    next_year, tomorrow = today.year + 1, (today + datetime.timedelta(days=1)).isoformat()
    return {
        "diagnosis year in the future": (
            "add_condition", {"code_typed": "E10", "diagnosis_year": str(next_year), "stage": "type 1"}, "type 1",
            "post", "/health/conditions", {"code": "E10", "diagnosis_year": next_year}, 400, "date_in_future",
        ),
        "diagnosis year before birth": (
            "add_condition", {"code_typed": "E10", "diagnosis_year": "1975", "stage": "type 1"}, "type 1",
            "post", "/health/conditions", {"code": "E10", "diagnosis_year": 1975}, 400, "before_birth",
        ),
        "unknown code": (
            "add_condition", {"code_typed": "Q99.99", "stage": "II"}, "Q99.99",
            "post", "/health/conditions", {"code": "Q99.99"}, 400, "unknown_code",
        ),
        "treatment started tomorrow": (
            "add_treatment", {"name": "Létrozole", "started_on": tomorrow, "side_effects": "Fatigue: 2"}, "Fatigue: 2",
            "post", "/health/treatments", {"name": "Létrozole", "started_on": tomorrow}, 400, "date_in_future",
        ),
        "treatment started before birth": (
            "add_treatment", {"name": "Létrozole", "started_on": "1975-05-01"}, "Létrozole",
            "post", "/health/treatments", {"name": "Létrozole", "started_on": "1975-05-01"}, 400, "before_birth",
        ),
        "stopped before started": (
            "add_treatment", {"name": "Létrozole", "started_on": "2024-03-01", "stopped_on": "2024-01-01"}, "Létrozole",
            "post", "/health/treatments", {"name": "Létrozole", "started_on": "2024-03-01", "stopped_on": "2024-01-01"},
            400, "stop_before_start",
        ),
        "side effect severity out of range": (
            "add_treatment", {"name": "Létrozole", "started_on": "2024-03-01", "side_effects": "Fatigue: 4"}, "Fatigue: 4",
            "post", "/health/treatments",
            {"name": "Létrozole", "started_on": "2024-03-01", "side_effects": [{"name": "Fatigue", "severity": 4}]},
            422, None,
        ),
        "symptom severity out of range": (
            "log_symptom", {"other": "Vertiges", "severity": "7", "note": "le matin"}, "le matin",
            "post", "/health/symptoms", {"symptom": "Vertiges", "severity": 7}, 422, None,
        ),
        "symptom tomorrow": (
            "log_symptom", {"other": "Vertiges", "severity": "2", "logged_on": tomorrow, "note": "le matin"}, "le matin",
            "post", "/health/symptoms", {"symptom": "Vertiges", "severity": 2, "logged_on": tomorrow}, 400, "date_in_future",
        ),
        "symptom before birth": (
            "log_symptom", {"other": "Vertiges", "severity": "2", "logged_on": "1979-12-31", "note": "le matin"}, "le matin",
            "post", "/health/symptoms", {"symptom": "Vertiges", "severity": 2, "logged_on": "1979-12-31"}, 400, "before_birth",
        ),
        "birth year in the future": (
            "settings", {"birth_year": str(next_year), "conditions_visibility": "only_me",
                                 "treatments_visibility": "network", "symptoms_visibility": "only_me",
                                 "age_visibility": "only_me"}, str(next_year),
            "patch", "/health/profile", {"birth_year": next_year}, None, None,
        ),
    }  # fmt: skip


CASES = list(_cases())


@pytest.mark.parametrize("case", CASES)
def test_bad_input_in_the_page_is_refused_with_the_form_kept(login, patient, case):
    page, data, kept, *_api = _cases()[case]
    response = login(patient.user).post(url(page), data)
    body = response.content.decode()
    assert response.status_code == 200, case
    assert kept in body and 'class="error"' in body
    assert _health_rows() == (0, 0, 0, 0)
    profile = HealthProfile.objects.get(member=patient)
    assert (profile.birth_year, profile.treatments_visibility) == (
        BIRTH_YEAR,
        "only_me",
    )  # nothing half saved


@pytest.mark.parametrize("case", CASES)
def test_bad_input_through_the_api_is_a_json_error(api_for, patient, case):
    *_page, method, path, payload, status, code = _cases()[case]
    response = getattr(api_for(patient), method)(path, payload)
    if code:
        error_of(response, status, code)
    else:
        assert response.status_code in (400, 422) and response.json()["code"], response.content
    assert _health_rows() == (0, 0, 0, 0)
    assert HealthProfile.objects.get(member=patient).birth_year == BIRTH_YEAR


def test_changing_a_treatment_to_stop_before_it_started_changes_nothing(login, api_for, patient):
    treatment = services.add_treatment(patient, name="Insuline", started_on=datetime.date(2024, 3, 1),
                                       side_effects=[("Fatigue", 1)])  # fmt: skip
    error_of(api_for(patient).patch(f"/health/treatments/{treatment.pk}",
                                    {"stopped_on": "2024-01-01", "side_effects": []}), 400, "stop_before_start")  # fmt: skip
    page = login(patient.user).post(
        url("edit_treatment", treatment_id=treatment.pk),
        {
            "name": "Insuline rapide",
            "started_on": "2024-03-01",
            "stopped_on": "2024-01-01",
            "side_effects": "",
        },
    )
    assert page.status_code == 200 and "Insuline rapide" in page.content.decode()
    treatment.refresh_from_db()
    assert (treatment.name, treatment.stopped_on, treatment.side_effects.count()) == ("Insuline", None, 1)


# --- Surveys: twice, not open yet, closed ---------------------------------------------------------------
def _form(survey, **answer):
    return {f"q{key}": value for key, value in answers_for(survey, **answer).items()}


def test_a_survey_answered_twice_through_the_page_keeps_the_first_answer(login, world):
    survey = survey_factory(world.admin)
    client = login(with_consent(world.patient).user)
    assert client.post(reverse("surveys:survey", kwargs={"slug": "breast", "survey_id": survey.pk}),
                       _form(survey, scale=2)).status_code == 302  # fmt: skip
    again = client.post(reverse("surveys:survey", kwargs={"slug": "breast", "survey_id": survey.pk}),
                        _form(survey, scale=5))  # fmt: skip
    assert again.status_code == 200 and "data-answered" in again.content.decode()
    assert Response.objects.count() == 1 and Answer.objects.filter(scale=5).count() == 0


@pytest.mark.parametrize(("opens", "closes", "code"), [(2, 5, "survey_not_open"), (-3, -1, "survey_closed")])
def test_a_survey_not_open_or_closed_is_refused_on_the_page_and_the_api(
    login, api_for, world, opens, closes, code
):
    survey = survey_factory(world.admin, opens=min(opens, -1), closes=max(closes, 1))
    if closes < 0:
        surveys.close_survey(world.admin, survey)
    else:
        survey.opens_at = timezone.now() + datetime.timedelta(days=opens)
        survey.save(update_fields=["opens_at"])
    member = with_consent(world.patient)
    page = login(member.user).post(
        reverse("surveys:survey", kwargs={"slug": "breast", "survey_id": survey.pk}), _form(survey)
    )
    assert page.status_code in (200, 404)  # a survey not open yet is not listed to members at all
    answers = {str(key): value for key, value in answers_for(survey).items()}
    response = api_for(member).post(f"/surveys/{survey.pk}/answers", {"answers": answers})
    if response.status_code != 404:
        error_of(response, 409, code)
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_an_answer_to_an_unknown_question_or_option_is_refused_through_the_api(api_for, world):
    survey = survey_factory(world.admin)
    api = api_for(with_consent(world.patient))
    answers = {str(key): value for key, value in answers_for(survey).items()}
    error_of(
        api.post(f"/surveys/{survey.pk}/answers", {"answers": {**answers, "12345": 1}}),
        400,
        "unknown_question",
    )
    single = str(survey.questions.get(kind="single").pk)
    error_of(
        api.post(f"/surveys/{survey.pk}/answers", {"answers": {**answers, single: 9}}), 400, "invalid_choice"
    )
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
