"""Moderators, administrators and operators must have two-factor authentication."""

from django.urls import reverse

from entrepairs.networks.models import Invitation
from tests import factories as f


def test_moderator_without_mfa_is_sent_to_set_it_up(login, world):
    moderator = f.member_factory(world.breast, role="moderator", display_name="Modo Sans MFA")
    client = login(moderator.user)
    response = client.get(reverse("networks:manage_requests", kwargs={"slug": "breast"}))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("mfa_index")
    created = client.post(
        reverse("networks:manage_invitations", kwargs={"slug": "breast"}), {"days": 3, "max_uses": 1}
    )
    assert created.status_code == 302
    assert not Invitation.objects.filter(network=world.breast).exists()


def test_non_member_still_gets_404_before_any_mfa_question(login, world):
    response = login(world.stranger).get(reverse("networks:manage_requests", kwargs={"slug": "breast"}))
    assert response.status_code == 404


def test_moderator_with_mfa_reaches_the_tools(login, world):
    assert (
        login(world.moderator.user)
        .get(reverse("networks:manage_requests", kwargs={"slug": "breast"}))
        .status_code
        == 200
    )


def test_staff_without_mfa_cannot_open_admin_or_operator_page(login, world):
    staff = f.UserFactory(is_staff=True, is_superuser=True)
    client = login(staff)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("operator")).headers["Location"] == reverse("mfa_index")
    assert login(world.operator).get(reverse("admin:index")).status_code == 200


def test_demo_mode_can_turn_the_requirement_off(login, world, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    moderator = f.member_factory(world.breast, role="moderator", display_name="Modo Démo")
    assert (
        login(moderator.user).get(reverse("networks:manage_requests", kwargs={"slug": "breast"})).status_code
        == 200
    )


def test_user_can_list_their_sessions(login, world):
    response = login(world.stranger).get(reverse("usersessions_list"))
    assert response.status_code == 200


def test_deactivated_account_loses_its_session(login, world):
    client = login(world.patient.user)
    assert client.get(reverse("account")).status_code == 200
    world.patient.user.is_active = False
    world.patient.user.save()
    assert client.get(reverse("account")).status_code == 302
    assert client.get(reverse("networks:home", kwargs={"slug": "breast"})).status_code == 302
