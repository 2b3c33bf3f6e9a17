"""The health and surveys API: the same rules as the pages, refusals as JSON with a stable code."""

import datetime

from django.utils import timezone

from entrepairs.health.models import Condition, SymptomLog, Treatment
from entrepairs.surveys.models import Response
from tests import factories as f
from tests.api_client import error_of
from tests.health.factories import profile_factory, with_consent


def test_a_member_writes_and_reads_their_profile(api_for, world):
    api = api_for(with_consent(world.patient))
    assert api.post("/health/conditions", {"code": "c504", "diagnosis_year": 2020}).json()["code"] == "C50.4"
    treatment = api.post(
        "/health/treatments",
        {
            "name": "Tamoxifène",
            "started_on": "2023-01-05",
            "side_effects": [{"name": "Fatigue", "severity": 2}],
        },
    ).json()
    assert treatment["side_effects"] == [{"name": "Fatigue", "severity": 2}]
    stopped = api.patch(
        f"/health/treatments/{treatment['id']}", {"stopped_on": "2024-01-05", "stop_reason": "completed"}
    )
    assert stopped.status_code == 200 and stopped.json()["stopped_on"] == "2024-01-05"
    assert api.post("/health/symptoms", {"symptom": "fatigue", "severity": 3}).status_code == 201
    profile = api.patch("/health/profile", {"conditions_visibility": "network", "birth_year": 1970}).json()
    assert profile["visibility"]["conditions"] == "network" and profile["birth_year"] == 1970
    assert len(api.get("/health/symptoms").json()["items"]) == 1
    assert api.get("/health/export").json()["treatments"][0]["name"] == "Tamoxifène"


def test_bad_input_is_a_json_error_and_nothing_is_saved(api_for, world):
    api = api_for(with_consent(world.patient))
    error_of(api.post("/health/conditions", {"code": "ZZZ"}), 400, "unknown_code")
    error_of(api.post("/health/treatments", {"name": "X", "started_on": "2024-02-01", "stopped_on": "2024-01-01"}),
             400, "stop_before_start")  # fmt: skip
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    error_of(
        api.post("/health/symptoms", {"symptom": "pain", "severity": 2, "logged_on": tomorrow}),
        400,
        "date_in_future",
    )
    assert api.post("/health/symptoms", {"symptom": "pain", "severity": 5}).status_code == 422
    api.post("/health/conditions", {"code": "E10"})
    error_of(api.post("/health/conditions", {"code": "E10"}), 409, "already_recorded")
    assert (Condition.objects.count(), Treatment.objects.count(), SymptomLog.objects.count()) == (1, 0, 0)


def test_without_consent_nothing_is_written(api_for, world):
    error_of(api_for(world.patient).post("/health/conditions", {"code": "E10"}), 403, "consent_required")
    assert Condition.objects.count() == 0


def test_another_members_profile_shows_only_what_they_share(api_for, world):
    patient = profile_factory(with_consent(world.patient), treatments=["Tamoxifène"]).member
    api_for(patient).patch("/health/profile", {"treatments_visibility": "network"})
    view = api_for(world.moderator).get(f"/health/members/{patient.pk}").json()
    assert view["conditions"] is None and view["treatments"][0]["name"] == "Tamoxifène"


def test_another_network_is_404_everywhere(api_for, world):
    profile_factory(with_consent(world.patient), visibility="network")
    api = api_for(world.outsider, slug="breast")
    for path in ("/health/profile", f"/health/members/{world.patient.pk}", "/health/insights", "/surveys"):
        error_of(api.get(path), 404, "not_found")


def test_insights_through_the_api(api_for, world):
    for _ in range(6):
        profile_factory(
            with_consent(f.member_factory(world.breast)), treatments=["Létrozole"], visibility="network"
        )
    data = api_for(world.patient).get("/health/insights").json()
    assert data["k"] == 5 and data["condition"] == "C50" and data["population"] == 6
    assert data["treatments"] == [{"label": "Létrozole", "count": 6, "percent": 100}]


def test_surveys_through_the_api(api_for, world):
    now = timezone.now()
    body = {
        "title": "Enquête", "opens_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "closes_at": (now + datetime.timedelta(days=2)).isoformat(),
        "questions": [{"kind": "single", "text": "Pourquoi ?", "choices": ["A", "B"]}], "anonymous": True,
    }  # fmt: skip
    error_of(api_for(world.patient).post("/surveys", body), 403, "forbidden")
    survey = api_for(world.admin).post("/surveys", body).json()
    question = survey["questions"][0]["id"]
    member = api_for(with_consent(world.patient))
    assert member.post(f"/surveys/{survey['id']}/answers", {"answers": {str(question): 1}}).status_code == 201
    error_of(
        member.post(f"/surveys/{survey['id']}/answers", {"answers": {str(question): 0}}),
        409,
        "already_answered",
    )
    assert Response.objects.get().member_id is None
    assert member.get(f"/surveys/{survey['id']}/results").json() == {
        "k": 5, "closed": False, "respondents": None, "questions": [],
    }  # fmt: skip
    closed = api_for(world.admin).post(f"/surveys/{survey['id']}/close").json()
    assert closed["is_closed"]
    error_of(
        member.post(f"/surveys/{survey['id']}/answers", {"answers": {str(question): 0}}), 409, "survey_closed"
    )
    assert member.get(f"/surveys/{survey['id']}/results").json()["respondents"] is None  # 1 < k


def test_the_anonymity_threshold_is_at_least_three(api_for, world):
    assert api_for(world.admin).put("/anonymity", {"k": 2}).status_code == 422
    assert api_for(world.admin).put("/anonymity", {"k": 3}).json() == {"k": 3}
    assert api_for(world.patient).get("/anonymity").json() == {"k": 3}
    assert api_for(world.patient).put("/anonymity", {"k": 4}).status_code == 403
