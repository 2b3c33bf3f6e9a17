"""Writing a health profile: only its owner, with the health-data consent, and bad input refused with
a clear code and nothing half saved."""

import datetime

import pytest

from entrepairs.errors import ActionRefused
from entrepairs.health import icd10, services
from entrepairs.health.models import Condition, HealthProfile, SideEffect, SymptomLog, Treatment
from tests.health.factories import with_consent

# In a parameter: tomorrow as the test runs (a date read at collection was today after midnight).
TOMORROW = object()


@pytest.fixture
def patient(world):
    return with_consent(world.patient)


def _refused(expected, call, *args, **kwargs):
    with pytest.raises(ActionRefused) as refusal:
        call(*args, **kwargs)
    assert refusal.value.code == expected, refusal.value.message
    return refusal.value


def _counts():
    return tuple(
        model.objects.count() for model in (HealthProfile, Condition, Treatment, SideEffect, SymptomLog)
    )


def test_writing_health_data_needs_the_recorded_consent(world):
    # world.patient joined through a factory: no consent recorded, so nothing may be written.
    refusal = _refused("consent_required", services.add_condition, world.patient, code="C50")
    assert refusal.status == 403
    assert _counts() == (0, 0, 0, 0, 0)


def test_professional_networks_have_no_health_profile(world):
    from django.http import Http404

    with pytest.raises(Http404):
        services.add_condition(world.cardiologist, code="I10")


def test_a_condition_is_recorded_with_its_normalized_code(patient):
    condition = services.add_condition(patient, code=" c504 ", diagnosis_year=2021, stage="II")
    assert (condition.code, condition.diagnosis_year, condition.stage) == ("C50.4", 2021, "II")
    assert condition.network_id == patient.network_id
    assert icd10.label(condition.code).startswith("Tumeur maligne du sein")


@pytest.mark.parametrize("code", ["ZZZ", "C00-C97", "", "C50.77", "XX\x00"])
def test_unknown_codes_are_refused(patient, code):
    _refused("unknown_code", services.add_condition, patient, code=code)
    assert _counts() == (0, 0, 0, 0, 0)


def test_the_same_condition_twice_is_refused(patient):
    services.add_condition(patient, code="E10")
    assert _refused("already_recorded", services.add_condition, patient, code="e10").status == 409
    assert Condition.objects.count() == 1


def test_years_in_the_future_or_before_birth_are_refused(patient):
    services.update_profile(patient, birth_year=1980)
    _refused(
        "date_in_future",
        services.add_condition,
        patient,
        code="E10",
        diagnosis_year=services.today().year + 1,
    )
    _refused("before_birth", services.add_condition, patient, code="E10", diagnosis_year=1979)
    _refused("date_in_future", services.update_profile, patient, birth_year=services.today().year + 1)
    _refused("before_birth", services.update_profile, patient, birth_year=1850)
    assert Condition.objects.count() == 0


def test_a_birth_year_after_recorded_dates_is_refused(patient):
    services.add_condition(patient, code="E10", diagnosis_year=1990)
    _refused("before_birth", services.update_profile, patient, birth_year=2000)
    assert HealthProfile.objects.get().birth_year is None


def test_a_treatment_with_its_side_effects(patient):
    treatment = services.add_treatment(
        patient,
        name="Tamoxifène",
        dose="20 mg",
        started_on=datetime.date(2023, 5, 1),
        stopped_on=datetime.date(2024, 2, 1),
        stop_reason="side_effects",
        effectiveness=3,
        side_effects=[("Bouffées de chaleur", 2), ("Fatigue", 1)],
    )
    assert treatment.name_key == "tamoxifene"
    assert sorted(treatment.side_effects.values_list("name_key", "severity")) == [
        ("bouffees de chaleur", 2),
        ("fatigue", 1),
    ]


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"stopped_on": datetime.date(2023, 4, 1)}, "stop_before_start"),
        ({"started_on": TOMORROW}, "date_in_future"),
        ({"started_on": datetime.date(1960, 1, 1)}, "before_birth"),
        ({"effectiveness": 7}, "invalid_choice"),
        ({"stop_reason": "bored"}, "invalid_choice"),
        ({"stop_reason": "cost"}, "stop_date_required"),
        ({"side_effects": [("Fatigue", 4)]}, "invalid_choice"),
        ({"side_effects": [("Fatigue", 1), ("fatigue", 2)]}, "duplicate"),
        ({"name": "   "}, "required"),
        ({"name": "x" * 81}, "too_long"),
    ],
)
def test_bad_treatments_are_refused_and_nothing_is_half_saved(patient, values, code):
    services.update_profile(patient, birth_year=1970)
    before = _counts()
    arguments = {"name": "Létrozole", "started_on": datetime.date(2023, 5, 1), **values}
    arguments = {
        name: services.today() + datetime.timedelta(days=1) if value is TOMORROW else value
        for name, value in arguments.items()
    }
    _refused(code, services.add_treatment, patient, **arguments)
    assert _counts() == before


def test_updating_a_treatment_checks_the_dates_against_the_stored_ones(patient):
    treatment = services.add_treatment(patient, name="Insuline", started_on=datetime.date(2022, 1, 1))
    _refused(
        "stop_before_start",
        services.update_treatment,
        patient,
        treatment,
        stopped_on=datetime.date(2021, 1, 1),
    )
    services.update_treatment(patient, treatment, stopped_on=datetime.date(2023, 1, 1), stop_reason="doctor")
    treatment.refresh_from_db()
    assert (treatment.stopped_on, treatment.stop_reason) == (datetime.date(2023, 1, 1), "doctor")


@pytest.mark.parametrize("severity", [-1, 5, "3", True, None, 2.5])
def test_symptom_severity_out_of_range_is_refused(patient, severity):
    _refused("severity_out_of_range", services.log_symptom, patient, symptom="fatigue", severity=severity)
    assert SymptomLog.objects.count() == 0


def test_a_symptom_in_a_few_taps_defaults_to_today(patient):
    log = services.log_symptom(patient, symptom="fatigue", severity=3)
    assert (log.logged_on, log.symptom_key, log.severity) == (services.today(), "fatigue", 3)
    own = services.log_symptom(patient, symptom="  Vertiges  ", severity=1, note="après le repas")
    assert (own.symptom, own.symptom_key) == ("Vertiges", "vertiges")


def test_a_symptom_date_in_the_future_is_refused(patient):
    _refused(
        "date_in_future", services.log_symptom, patient, symptom="pain", severity=2,
        logged_on=services.today() + datetime.timedelta(days=1),
    )  # fmt: skip


def test_visibility_defaults_to_only_me_and_accepts_the_three_levels(patient):
    services.add_condition(patient, code="E10")
    profile = HealthProfile.objects.get()
    assert {profile.visibility(name) for name in ("conditions", "treatments", "symptoms", "age")} == {
        "only_me"
    }
    services.set_visibility(patient, conditions="network", treatments="like_me")
    profile.refresh_from_db()
    assert (profile.conditions_visibility, profile.treatments_visibility) == ("network", "like_me")
    _refused("invalid_choice", services.set_visibility, patient, symptoms="everyone")
    _refused("invalid_field", services.set_visibility, patient, email="network")


def test_only_relatives_mark_the_profile_about_the_person_they_accompany(world, patient):
    _refused("not_a_relative", services.update_profile, patient, about_accompanied=True)
    relative = with_consent(world.relative)
    profile = services.update_profile(relative, about_accompanied=True, birth_year=1948)
    assert profile.about_accompanied and profile.member == relative


def test_icd10_search_finds_codes_and_labels_without_accents():
    assert icd10.search("diabete")[0] == ("E10", "Diabète sucré de type 1")
    assert icd10.search("C50")[0][0] == "C50"
    assert ("K50", "Maladie de Crohn") in icd10.search("CROHN")
    assert icd10.search("Fibromyalgia", language="en")[0] == ("M79.7", "Fibromyalgia")
    assert icd10.search("x") == []
