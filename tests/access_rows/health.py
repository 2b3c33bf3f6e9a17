"""Health pages: every member of a patient network reaches their own profile; another member's
objects answer 404 (they are not yours); actions that change something are POST only (405 for GET)."""

import datetime

from tests.access_rows import MEMBERS, Row, statuses

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
POST_ONLY = statuses(405)
FRAGMENT = statuses(404, member=200, moderator=200, admin=200)  # htmx: no login page to swap in
OWN_ONLY = statuses(404, anonymous=302, member=200)


def _patient_profile(world):
    from entrepairs.health import services
    from tests.health.factories import with_consent

    patient = with_consent(world.patient)
    condition = services.add_condition(patient, code="C50.4")
    treatment = services.add_treatment(patient, name="Tamoxifène", started_on=datetime.date(2024, 1, 1))
    log = services.log_symptom(patient, symptom="fatigue", severity=2)
    return {"condition": condition.pk, "treatment": treatment.pk, "log": log.pk}


def _condition(world):
    return {"slug": world.breast.slug, "condition_id": _patient_profile(world)["condition"]}


def _treatment(world):
    return {"slug": world.breast.slug, "treatment_id": _patient_profile(world)["treatment"]}


def _log(world):
    return {"slug": world.breast.slug, "log_id": _patient_profile(world)["log"]}


def _patient(world):
    _patient_profile(world)
    return {"slug": world.breast.slug, "member_id": world.patient.pk}


TREATMENT = {"name": "Létrozole", "started_on": "2024-02-01"}
ROWS = {
    "health:index": Row(MEMBERS, BREAST),
    "health:log_symptom": Row(MEMBERS, BREAST, write={"symptom": "fatigue", "severity": "2"}),
    "health:delete_symptom": Row(POST_ONLY, _log),
    "health:add_condition": Row(MEMBERS, BREAST, write={"code": "E10"}),
    "health:icd_search": Row(FRAGMENT, BREAST, query="?query=sein"),
    "health:delete_condition": Row(POST_ONLY, _condition),
    "health:add_treatment": Row(MEMBERS, BREAST, write=TREATMENT),
    "health:edit_treatment": Row(OWN_ONLY, _treatment, write=TREATMENT),
    "health:delete_treatment": Row(POST_ONLY, _treatment),
    "health:settings": Row(
        MEMBERS,
        BREAST,
        write={
            "birth_year": "1970",
            "conditions_visibility": "network",
            "treatments_visibility": "only_me",
            "symptoms_visibility": "only_me",
            "age_visibility": "only_me",
        },  # fmt: skip
    ),
    "health:preview": Row(MEMBERS, BREAST, query="?as=like_me"),
    "health:member": Row(MEMBERS, _patient),
    "health:like_me": Row(MEMBERS, BREAST),
    "health:export": Row(MEMBERS, BREAST, query="?format=json"),
}

API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
NOT_A_GET = statuses(405)
PROFILE = {"conditions_visibility": "network"}
SYMPTOM = {"symptom": "fatigue", "severity": 2}


def _api_condition(world):
    return {"slug": world.breast.slug, "condition_id": _patient_profile(world)["condition"]}


def _api_treatment(world):
    return {"slug": world.breast.slug, "treatment_id": _patient_profile(world)["treatment"]}


def _api_log(world):
    return {"slug": world.breast.slug, "log_id": _patient_profile(world)["log"]}


API_ROWS = {
    # One path, two operations (GET reads, PATCH or POST writes): both names walk the GET.
    "api:get_health_profile": Row(API_MEMBERS, BREAST, write=PROFILE),
    "api:update_health_profile": Row(API_MEMBERS, BREAST, write=PROFILE),
    "api:add_condition": Row(NOT_A_GET, BREAST, write={"code": "E10"}),
    "api:remove_condition": Row(NOT_A_GET, _api_condition),
    "api:add_treatment": Row(NOT_A_GET, BREAST, write={"name": "Létrozole", "started_on": "2024-02-01"}),
    "api:update_treatment": Row(NOT_A_GET, _api_treatment, write={"stopped_on": "2024-06-01"}),
    "api:remove_treatment": Row(NOT_A_GET, _api_treatment, write={"stopped_on": "2024-06-01"}),
    "api:list_symptoms": Row(API_MEMBERS, BREAST, write=SYMPTOM),
    "api:log_symptom": Row(API_MEMBERS, BREAST, write=SYMPTOM),
    "api:remove_symptom": Row(NOT_A_GET, _api_log),
    "api:search_icd10": Row(API_MEMBERS, BREAST, query="?query=sein"),
    "api:get_member_health": Row(API_MEMBERS, _patient),
    "api:preview_health_profile": Row(API_MEMBERS, BREAST),
    "api:members_like_me": Row(API_MEMBERS, BREAST),
    "api:get_health_insights": Row(API_MEMBERS, BREAST),
    "api:export_health": Row(API_MEMBERS, BREAST),
}
ROWS.update(API_ROWS)
