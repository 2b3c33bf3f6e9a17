"""The health pages: the member's own profile, a symptom in a few taps, the timeline, the picker,
and other members' profiles as their owners chose to show them. Another network: 404."""

import datetime

import pytest
from django.urls import reverse

from entrepairs.health.models import Condition, SymptomLog, Treatment
from tests import factories as f
from tests.health.factories import profile_factory, with_consent


def url(name, **kwargs):
    return reverse(f"health:{name}", kwargs={"slug": "breast", **kwargs})


@pytest.fixture
def patient(world):
    return with_consent(world.patient)


def test_the_profile_page_shows_the_chart_with_treatment_bands(login, patient):
    profile_factory(patient, treatments=["Tamoxifène"], symptoms=[("fatigue", 3, 2), ("pain", 1, 5)])
    response = login(patient.user).get(url("index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and "Tamoxifène</text>" in body
    assert "<polyline" not in body or "stroke=" in body
    assert "Tumeur maligne du sein" in body


def test_a_symptom_in_two_taps(login, patient):
    client = login(patient.user)
    response = client.post(url("log_symptom"), {"symptom": "fatigue", "severity": "3"})
    assert response.status_code == 302
    log = SymptomLog.objects.get()
    assert (log.symptom, log.severity, log.logged_on) == ("fatigue", 3, datetime.date.today())


def test_a_refused_symptom_keeps_what_was_typed(login, patient):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = login(patient.user).post(
        url("log_symptom"),
        {"other": "Vertiges du matin", "severity": "2", "logged_on": tomorrow, "note": "ma note"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vertiges du matin" in body and "ma note" in body and 'class="error"' in body
    assert SymptomLog.objects.count() == 0


def test_adding_a_condition_from_the_picker_or_by_code(login, patient):
    client = login(patient.user)
    search = client.get(url("icd_search"), {"query": "crohn"})
    assert b"K50" in search.content and "Maladie de Crohn" in search.content.decode()
    assert client.post(url("add_condition"), {"code": "K50", "diagnosis_year": "2015"}).status_code == 302
    assert client.post(url("add_condition"), {"code_typed": "e10"}).status_code == 302
    refused = client.post(url("add_condition"), {"code_typed": "QQQ", "stage": "II"})
    assert refused.status_code == 200 and "QQQ" in refused.content.decode()
    assert sorted(Condition.objects.values_list("code", flat=True)) == ["E10", "K50"]


def test_a_treatment_stopped_before_it_started_is_refused_with_the_form_kept(login, patient):
    response = login(patient.user).post(
        url("add_treatment"),
        {
            "name": "Létrozole",
            "started_on": "2024-03-01",
            "stopped_on": "2024-01-01",
            "side_effects": "Fatigue: 2",
        },
    )
    assert response.status_code == 200
    assert "Létrozole" in response.content.decode() and "Fatigue: 2" in response.content.decode()
    assert Treatment.objects.count() == 0


def test_another_member_sees_only_what_is_shared_with_the_network(login, world, patient):
    profile_factory(patient, treatments=["Tamoxifène"], visibility="only_me")
    from entrepairs.health import services

    services.set_visibility(patient, conditions="network")
    response = login(world.moderator.user).get(url("member", member_id=patient.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tumeur maligne du sein" in body and "Tamoxifène" not in body


def test_members_of_another_network_get_404_for_everything(login, world, patient):
    profile_factory(patient, visibility="network")
    client = login(world.outsider.user)
    for name, kwargs in [
        ("index", {}),
        ("member", {"member_id": patient.pk}),
        ("like_me", {}),
        ("export", {}),
    ]:
        assert client.get(url(name, **kwargs)).status_code == 404
    # and the outsider's own network does not reach breast's persona either
    other = reverse("health:member", kwargs={"slug": "diabetes", "member_id": patient.pk})
    assert client.get(other).status_code == 404


def test_professional_networks_have_no_health_pages(login, world):
    client = login(world.cardiologist.user)
    assert client.get(reverse("health:index", kwargs={"slug": "cardio"})).status_code == 404


def test_view_as_shows_exactly_what_each_audience_sees(login, world, patient):
    from entrepairs.health import services

    profile_factory(patient, treatments=["Tamoxifène"], symptoms=[("fatigue", 2, 1)])
    services.set_visibility(patient, conditions="like_me", treatments="network", symptoms="only_me")
    client = login(patient.user)
    like_me = client.get(url("preview"), {"as": "like_me"}).content.decode()
    network = client.get(url("preview"), {"as": "network"}).content.decode()
    assert "Tumeur maligne du sein" in like_me and "Tamoxifène" in like_me and "Fatigue" not in like_me
    assert "Tumeur maligne du sein" not in network and "Tamoxifène" in network
    # and what a member who is not "like me" really sees is the same as the "network" preview
    real = login(world.moderator.user).get(url("member", member_id=patient.pk)).content.decode()
    assert "Tumeur maligne du sein" not in real and "Tamoxifène" in real


@pytest.mark.parametrize("logs", [3, 60])
def test_the_profile_page_runs_constant_queries(login, patient, django_assert_max_num_queries, logs):
    profile_factory(patient, treatments=["A", "B"], symptoms=[("fatigue", 2, day) for day in range(logs)])
    client = login(patient.user)
    # session, user, membership, profile, conditions, treatments, side effects, chart logs, recent symptom
    # names, history, header badges, personas
    with django_assert_max_num_queries(14):
        assert client.get(url("index")).status_code == 200


def test_export_downloads_csv_and_json_of_ones_own_profile(login, patient):
    profile_factory(patient, treatments=[("=HYPERLINK(1)", ["Fatigue"])], symptoms=[("fatigue", 2, 1)])
    client = login(patient.user)
    data = client.get(url("export"), {"format": "json"}).json()
    assert data["conditions"][0]["code"] == "C50.4" and data["side_effects"][0]["name"] == "Fatigue"
    csv_response = client.get(url("export"), {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv") and csv_response["Cache-Control"] == "no-store"
    text = csv_response.content.decode()
    assert text.startswith("section,") and "'=HYPERLINK(1)" in text


def test_pending_members_and_strangers_get_nothing(login, world):
    f.member_factory(world.breast, status="pending")
    assert login(world.stranger).get(url("index")).status_code == 404


def test_view_as_one_named_member(login, world, patient):
    from entrepairs.health import services

    profile_factory(patient, codes=["C50.4"], treatments=["Tamoxifène"])
    services.set_visibility(patient, conditions="like_me", treatments="like_me")
    like = with_consent(world.relative)
    profile_factory(like, codes=["C50.9"])
    client = login(patient.user)
    as_like = client.get(url("preview"), {"name": like.display_name}).content.decode()
    as_other = client.get(url("preview"), {"name": world.moderator.display_name}).content.decode()
    assert "Tamoxifène" in as_like and "Tamoxifène" not in as_other
    assert "data-viewing-as" in as_other
    unknown = client.get(url("preview"), {"name": "Personne Inconnue"}).content.decode()
    assert 'role="alert"' in unknown


def test_view_as_is_chosen_from_a_list_with_the_member_picker(login, world, patient):
    client = login(patient.user)
    page = client.get(url("preview")).content.decode()
    for choice in ("like_me", "network", "member"):
        assert f'name="as" value="{choice}"' in page
    picker = reverse("networks:member_suggestions", kwargs={"slug": "breast"})
    assert f'data-member-picker="{picker}"' in page and "member_picker.js" in page
    assert 'value="network" checked' in page  # any member by default
    # a specific member chosen without their name typed in full: nothing to type but a word's start
    assert "Tapez le pseudonyme" in client.get(url("preview"), {"as": "member"}).content.decode()


def test_view_as_a_member_picked_without_accents_shows_exactly_what_they_see(login, world, patient):
    from entrepairs.health import queries, services

    profile_factory(patient, codes=["C50.4"], treatments=["Tamoxifène"], symptoms=[("fatigue", 2, 1)])
    services.set_visibility(patient, conditions="like_me", treatments="like_me", symptoms="network")
    relative = with_consent(world.relative)  # "Frère Attentif", who shares breast cancer: like me
    profile_factory(relative, codes=["C50.9"], visibility="like_me")
    client = login(patient.user)
    as_relative = client.get(url("preview"), {"as": "member", "name": "frere att"}).content.decode()
    assert "Frère Attentif" in as_relative and "data-viewing-as" in as_relative
    assert "Tamoxifène" in as_relative and "Fatigue" in as_relative
    # the same as what they get when they open my profile themselves
    seen = queries.member_profile_view(relative, patient.pk)
    previewed = queries.preview_for(patient, relative)
    assert (seen.audience, seen.hidden) == (previewed.audience, previewed.hidden)
    real = login(relative.user).get(url("member", member_id=patient.pk)).content.decode()
    assert "Tamoxifène" in real and "Fatigue" in real
    as_moderator = login(patient.user).get(url("preview"), {"as": "member", "name": "moderatrice"})
    body = as_moderator.content.decode()
    assert "Modératrice Douce" in body and "Tamoxifène" not in body and "Fatigue" in body


def test_view_as_a_name_matching_several_members_lists_them(login, world, patient):
    f.member_factory(world.breast, display_name="Rose Trémière")
    page = login(patient.user).get(url("preview"), {"as": "member", "name": "ros"}).content.decode()
    # the member themself is never among the suggestions; one match is chosen at once
    assert "Rose Trémière" in page and "data-candidates" not in page
    f.member_factory(world.breast, display_name="Rosée du Matin")
    page = login(patient.user).get(url("preview"), {"as": "member", "name": "ros"}).content.decode()
    assert "data-candidates" in page and "Rose Trémière" in page and "Rosée du Matin" in page
    assert "data-viewing-as" not in page
    outsider_name = login(patient.user).get(url("preview"), {"as": "member", "name": "Voisin Curieux"})
    assert 'role="alert"' in outsider_name.content.decode()  # another network's member is nobody here


def test_another_member_sees_the_latest_symptoms_first(login, world, patient):
    from entrepairs.health import services

    profile_factory(patient, symptoms=[("fatigue", 1, day) for day in range(40, 10, -1)] + [("nausea", 4, 0)])
    services.set_visibility(patient, symptoms="network")
    page = login(world.moderator.user).get(url("member", member_id=patient.pk)).content.decode()
    # the page lists 15 logs: today's is among them, the oldest (40 days ago) is not
    assert "Nausées <strong>4/4</strong>" in page
    oldest = (datetime.date.today() - datetime.timedelta(days=40)).strftime("%d/%m/%Y")
    assert oldest not in page
