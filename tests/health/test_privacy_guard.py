"""The member's own words in a health profile (treatment name, dose, side effects, symptom in their
words, note, stage or type) pass the privacy guard as a post does: a number that must never be
published is refused, other personal data is asked to be confirmed; the draft stays in the form and
nothing is written until then. Pages and API alike."""

import pytest
from django.urls import reverse

from entrepairs.health import services
from entrepairs.health.models import Condition, HealthProfile, SideEffect, SymptomLog, Treatment
from entrepairs.privacy.models import Confirmation
from entrepairs.privacy.services import PrivacyRefused
from tests.api_client import error_of
from tests.health.factories import with_consent

PHONE = "06 12 34 56 78"
NIR = "2 84 05 75 112 044 38"  # a valid key: blocked in every patient network by default


@pytest.fixture
def patient(world):
    return with_consent(world.patient)


def url(name, **kwargs):
    return reverse(f"health:{name}", kwargs={"slug": "breast", **kwargs})


def _nothing_written():
    return all(
        not model.objects.exists() for model in (Condition, Treatment, SideEffect, SymptomLog, Confirmation)
    )


# --- Services: every free-text field -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda m: services.add_treatment(m, name=f"Tamoxifène {PHONE}", started_on=services.today()),
            "name",
        ),
        (
            lambda m: services.add_treatment(
                m, name="Tamoxifène", dose=f"20 mg, Dr au {PHONE}", started_on=services.today()
            ),
            "dose",
        ),  # fmt: skip
        (
            lambda m: services.add_treatment(
                m, name="Tamoxifène", started_on=services.today(), side_effects=[(f"Appeler {PHONE}", 2)]
            ),
            "side_effects",
        ),  # fmt: skip
        (lambda m: services.log_symptom(m, symptom=f"douleur {PHONE}", severity=2), "symptom"),
        (
            lambda m: services.log_symptom(m, symptom="fatigue", severity=2, note=f"rappeler le {PHONE}"),
            "note",
        ),
        (lambda m: services.add_condition(m, code="C50.4", stage=f"II {PHONE}"), "stage"),
    ],
)
def test_personal_data_in_health_text_is_asked_to_be_confirmed_and_nothing_is_written(patient, call, field):
    with pytest.raises(PrivacyRefused) as refusal:
        call(patient)
    assert (refusal.value.code, refusal.value.field, refusal.value.confirm_kinds) == (
        "privacy_confirm_required", field, ["PHONE"]
    )  # fmt: skip
    assert _nothing_written()


def test_a_confirmed_phone_is_recorded_with_what_the_member_confirmed(patient):
    log = services.log_symptom(patient, symptom="fatigue", severity=2, note=f"rappeler le {PHONE}",
                               confirm_privacy=["PHONE"])  # fmt: skip
    assert log.note.endswith(PHONE)
    assert Confirmation.objects.get(object_id=log.pk).kinds == ["PHONE"]


def test_a_social_security_number_is_refused_even_when_confirmed(patient):
    treatment = services.add_treatment(patient, name="Insuline", started_on=services.today())
    with pytest.raises(PrivacyRefused) as refusal:
        services.update_treatment(patient, treatment, dose=f"sécu {NIR}", confirm_privacy=["NIR"])
    assert refusal.value.code == "privacy_blocked" and refusal.value.field == "dose"
    treatment.refresh_from_db()
    assert treatment.dose == ""


def test_common_symptoms_and_plain_words_pass_without_a_question(patient):
    services.log_symptom(patient, symptom="fatigue", severity=1, note="Mauvaise nuit")
    services.add_treatment(patient, name="Létrozole", dose="2,5 mg", started_on=services.today(),
                           side_effects=[("Bouffées de chaleur", 2)])  # fmt: skip
    services.add_condition(patient, code="C50.4", stage="Stade II, HER2+")
    assert not Confirmation.objects.exists()


# --- Pages: the finding is shown, the draft kept, one tick to publish ------------------------------
def test_the_symptom_page_keeps_the_note_and_asks_to_confirm(login, patient):
    client = login(patient.user)
    data = {"symptom": "fatigue", "severity": "2", "note": f"rappeler le {PHONE}"}
    response = client.post(url("log_symptom"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"rappeler le {PHONE}" in page  # the draft is kept
    assert 'name="confirm_privacy" value="PHONE"' in page
    assert not SymptomLog.objects.exists()
    assert client.post(url("log_symptom"), {**data, "confirm_privacy": "PHONE"}).status_code == 302
    assert SymptomLog.objects.get().note == f"rappeler le {PHONE}"


def test_the_treatment_page_keeps_the_draft_and_refuses_a_social_security_number(login, patient):
    client = login(patient.user)
    data = {"name": "Tamoxifène", "dose": f"20 mg {NIR}", "started_on": "2024-01-10",
            "side_effects": "Fatigue: 2"}  # fmt: skip
    response = client.post(url("add_treatment"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert NIR in page and "Fatigue: 2" in page  # what was typed stays in the form
    assert "field-invalid" in page
    assert (
        not Treatment.objects.exists() and not HealthProfile.objects.filter(conditions__isnull=False).exists()
    )


def test_the_condition_page_asks_to_confirm_a_phone_in_the_stage(login, patient):
    client = login(patient.user)
    data = {"code": "C50.4", "stage": f"II {PHONE}"}
    response = client.post(url("add_condition"), data)
    assert response.status_code == 200
    assert 'name="confirm_privacy" value="PHONE"' in response.content.decode()
    assert not Condition.objects.exists()
    assert client.post(url("add_condition"), {**data, "confirm_privacy": "PHONE"}).status_code == 302
    assert Condition.objects.get().stage == f"II {PHONE}"


# --- API: 422 with the kinds to confirm, then sent again ---------------------------------------------
def test_the_api_asks_to_confirm_then_saves(api_for, patient):
    api = api_for(patient)
    payload = {"name": "Tamoxifène", "started_on": "2024-01-10",
               "side_effects": [{"name": f"Appeler {PHONE}", "severity": 2}]}  # fmt: skip
    body = error_of(api.post("/health/treatments", payload), 422, "privacy_confirm_required")
    assert body["field"] == "side_effects" and body["confirm_kinds"] == ["PHONE"]
    assert _nothing_written()
    assert api.post("/health/treatments", {**payload, "confirm_privacy": ["PHONE"]}).status_code == 201
    body = error_of(api.post("/health/symptoms", {"symptom": "pain", "severity": 2, "note": f"sécu {NIR}"}),
                    422, "privacy_blocked")  # fmt: skip
    assert body["field"] == "note" and not SymptomLog.objects.exists()
    error_of(api.post("/health/conditions", {"code": "E10", "stage": f"type 1 {PHONE}"}),
             422, "privacy_confirm_required")  # fmt: skip
    assert not Condition.objects.exists()
