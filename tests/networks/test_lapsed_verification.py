"""A lapsed verification closes professional networks (content stays); a new one reopens them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from entrepairs.networks.models import Membership
from entrepairs.professionals.models import Qualification
from tests import factories as f


def _lapse(qualification):
    Qualification.objects.filter(pk=qualification.pk).update(
        verified_until=timezone.now() - timedelta(days=1)
    )


def test_lapsed_professional_cannot_enter_but_stays_member(login, world):
    _lapse(world.cardiologist.qualification)
    client = login(world.cardiologist.user)
    response = client.get(reverse("networks:home", kwargs={"slug": "cardio"}))
    assert response.status_code == 403
    assert reverse("professionals:mine") in response.content.decode()
    api = client.get("/api/v1/networks/cardio/members")
    assert api.status_code == 403 and api.json()["code"] == "verification_lapsed"
    world.cardiologist.refresh_from_db()
    assert world.cardiologist.status == Membership.Status.ACTIVE  # membership and content are kept


def test_a_new_verification_reopens_the_network(login, world):
    _lapse(world.cardiologist.qualification)
    Qualification.objects.filter(pk=world.cardiologist.qualification_id).delete()
    renewed = f.qualification_factory(world.cardiologist.user, profession_code="10", specialty_code="SM04")
    response = login(world.cardiologist.user).get(reverse("networks:home", kwargs={"slug": "cardio"}))
    assert response.status_code == 200
    world.cardiologist.refresh_from_db()
    assert world.cardiologist.qualification == renewed


def test_patient_networks_do_not_depend_on_verification(login, world):
    assert (
        login(world.patient.user).get(reverse("networks:home", kwargs={"slug": "breast"})).status_code == 200
    )
