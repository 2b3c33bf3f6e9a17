"""The professional's page: verify by directory match, then enter the professional network."""

import pytest
from django.urls import reverse

from entrepairs.professionals.directory import import_directory
from entrepairs.professionals.models import Profession, Qualification
from tests.professionals.test_directory_import import sample_lines


@pytest.fixture
def directory(db):
    return import_directory(sample_lines(), source_name="sample")


def _form(**overrides):
    data = {"form": "directory", "profession": Profession.objects.get(code="10").pk, "identifier_type": "rpps",
            "identifier": "10900000018", "last_name": "dupont exemple", "first_name": "jean-pierre"}  # fmt: skip
    return {**data, **overrides}


def test_directory_match_verifies_and_opens_the_network(login, world, directory):
    client = login(world.stranger)
    response = client.post(reverse("professionals:mine"), _form())
    assert response.status_code == 302
    qualification = Qualification.objects.get(user=world.stranger, status="verified")
    assert qualification.specialty.code == "SM04"  # from the directory
    page = client.get(reverse("professionals:mine")).content.decode()
    assert "10900000018" not in page  # the badge, never the identifier
    join = client.get(reverse("networks:join", kwargs={"slug": "cardio"}))
    assert join.status_code == 200


def test_typo_in_the_number_is_a_form_error_keeping_the_input(login, world, directory):
    response = login(world.stranger).post(reverse("professionals:mine"), _form(identifier="10900000019"))
    assert response.status_code == 200
    assert 'value="10900000019"' in response.content.decode()
    assert not Qualification.objects.filter(user=world.stranger).exists()


def test_name_mismatch_is_refused(login, world, directory):
    response = login(world.stranger).post(reverse("professionals:mine"), _form(last_name="Autre"))
    assert response.status_code == 200
    assert not Qualification.objects.filter(user=world.stranger, status="verified").exists()


def test_not_eligible_page_points_to_verification(login, world):
    html = login(world.unverified).get(reverse("networks:join", kwargs={"slug": "cardio"})).content.decode()
    assert reverse("professionals:mine") in html


def test_directory_verification_through_the_api(api_as, world, directory):
    api = api_as(world.stranger)
    body = {"profession": "10", "identifier_type": "rpps", "identifier": "10900000018",
            "last_name": "DUPONT-EXEMPLE", "first_name": "Jean-Pierre"}  # fmt: skip
    response = api.post("/me/verification/directory", body)
    assert response.status_code == 200, response.content
    assert response.json()[0]["specialty"] == "SM04"
    refused = api.post("/me/verification/directory", {**body, "identifier": "10900000019"})
    assert refused.status_code == 400 and refused.json()["field"] == "identifier"
    listed = api.get("/me/qualifications").json()
    assert [q["status"] for q in listed] == ["verified"]
