"""Display names are unique among active personas only (docs/decisions/0006): whether a name is free
must not reveal a pending, refused, departed, removed or banned persona."""

import pytest
from django.urls import reverse

from entrepairs.errors import ActionRefused
from entrepairs.networks import services
from entrepairs.networks.models import Membership
from tests import factories as f
from tests.api_client import ApiClient

HIDDEN_STATUSES = ["pending", "refused", "left", "removed", "banned"]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_renaming_to_a_hidden_personas_name_succeeds(world, status):
    f.member_factory(world.breast, status=status, display_name="Ombre Cachée")
    renamed = services.update_persona(world.patient, display_name="ombre cachée")
    assert Membership.objects.get(pk=renamed.pk).display_name == "ombre cachée"


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_persona_page_answers_a_hidden_name_like_a_never_used_one(login, world, status):
    f.member_factory(world.breast, status=status, display_name="Ombre Cachée")
    client = login(world.patient.user)
    url = reverse("networks:persona", kwargs={"slug": "breast"})
    response = client.post(url, {"display_name": "Ombre Cachée", "bio": ""})
    assert response.status_code == 302  # saved, exactly as for a name nobody ever had
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Ombre Cachée"


def test_renaming_to_an_active_members_name_answers_display_name_taken(world):
    with pytest.raises(ActionRefused) as refused:
        services.update_persona(world.patient, display_name="frère attentif")
    assert refused.value.code == "display_name_taken"
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"


def test_api_rename_to_a_pending_name_succeeds_and_to_an_active_name_is_refused(client, world):
    api = ApiClient(client, world.patient.user)
    pending_name = world.breast_pending.display_name
    assert api.patch("/networks/breast/persona", {"display_name": pending_name}).status_code == 200
    refused = api.patch("/networks/breast/persona", {"display_name": world.relative.display_name})
    assert refused.status_code == 400
    assert refused.json()["code"] == "display_name_taken"


def test_approving_a_request_whose_name_was_taken_gives_a_variant_and_tells_them(login, world):
    services.update_persona(world.patient, display_name="Demande en Cours")  # the pending request's name
    approved = services.approve_request(world.moderator, world.breast_pending)
    assert approved.status == "active"
    assert approved.display_name == "Demande en Cours 2"
    client = login(world.breast_pending.user)
    page = client.get(reverse("networks:home", kwargs={"slug": "breast"}))
    assert "Demande en Cours 2" in page.content.decode()
    assert "un autre membre a pris le nom" in page.content.decode()
    # Told once.
    assert Membership.objects.get(pk=approved.pk).name_taken_on_return == ""


def test_approving_a_request_whose_name_is_free_keeps_it(world):
    approved = services.approve_request(world.moderator, world.breast_pending)
    assert approved.display_name == "Demande en Cours"
    assert approved.name_taken_on_return == ""


def test_two_pending_requests_with_one_name_both_get_a_name_of_their_own(world):
    twin = f.member_factory(world.breast, status="pending", display_name="demande en cours")
    first = services.approve_request(world.moderator, world.breast_pending)
    second = services.approve_request(world.moderator, twin)
    assert first.display_name == "Demande en Cours"
    assert second.display_name == "demande en cours 2"


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_joining_with_a_hidden_personas_name_succeeds(world, status):
    f.member_factory(world.diabetes, status=status, display_name="Hibou Calme")
    joined = services.join_network(
        world.stranger, world.diabetes, display_name="Hibou Calme", consent_given=True
    )
    assert joined.status == "active"
    assert joined.display_name == "Hibou Calme"


def test_joining_with_an_active_members_name_is_refused_and_saves_nothing(world):
    with pytest.raises(ActionRefused) as refused:
        services.join_network(
            world.stranger, world.diabetes, display_name="voisin curieux", consent_given=True
        )
    assert refused.value.code == "display_name_taken"
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_rejoining_after_leaving_with_a_name_now_taken_is_refused_like_any_join(world):
    services.leave_network(world.relative)
    services.update_persona(world.patient, display_name="Frère Attentif")  # free again once they left
    with pytest.raises(ActionRefused) as refused:
        services.join_network(
            world.relative.user, world.breast, display_name="Frère Attentif", member_type="relative",
            consent_given=True,
        )  # fmt: skip
    assert refused.value.code == "display_name_taken"
    rejoined = services.join_network(
        world.relative.user, world.breast, display_name="Frère Attentif 2", member_type="relative",
        consent_given=True,
    )  # fmt: skip
    assert rejoined.pk == world.relative.pk and rejoined.status == "active"


def test_free_variant_stays_within_the_maximum_length(world):
    long_name = "A" * 40
    f.member_factory(world.breast, display_name=long_name)
    variant = services.free_variant(world.breast.pk, long_name)
    assert len(variant) <= 40 and variant.endswith(" 2")


def test_a_former_members_posts_are_marked_former_member(login, world):
    from tests.discussions.factories import thread_factory

    thread = thread_factory(world.relative, replies=0)
    services.leave_network(world.relative)
    page = login(world.patient.user).get(
        reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    )
    assert "data-former-member" in page.content.decode()
