"""Moderators, administrators and operators must have two-factor authentication."""

import pytest
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


# Issue 10 (a): moderator powers reached from member pages asked for nothing; now the services do.
def _without_mfa(user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    return user


def test_moderator_without_mfa_cannot_delete_someone_elses_post_from_the_thread_page(login, world):
    from entrepairs.discussions.models import Post
    from tests.discussions.factories import thread_factory

    post = thread_factory(world.patient, replies=1).posts.order_by("id").last()
    client = login(_without_mfa(world.moderator.user))
    response = client.post(
        reverse("discussions:delete_post", kwargs={"slug": "breast", "post_id": post.pk}),
        {"reason": "Hors charte", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("mfa_index")
    assert Post.objects.get(pk=post.pk).deleted_at is None


def test_moderator_with_mfa_deletes_someone_elses_post(login, world):
    from entrepairs.discussions.models import Post
    from tests.discussions.factories import thread_factory

    post = thread_factory(world.patient, replies=1).posts.order_by("id").last()
    login(world.moderator.user).post(
        reverse("discussions:delete_post", kwargs={"slug": "breast", "post_id": post.pk}),
        {"reason": "Hors charte", "confirm": "on"},
    )
    assert Post.objects.get(pk=post.pk).deleted_at is not None


def test_member_without_mfa_still_deletes_their_own_post(login, world):
    from entrepairs.discussions.models import Post
    from tests.discussions.factories import thread_factory

    post = thread_factory(world.moderator, replies=0).posts.get()
    login(_without_mfa(world.moderator.user)).post(
        reverse("discussions:delete_post", kwargs={"slug": "breast", "post_id": post.pk}), {"confirm": "on"}
    )
    assert Post.objects.get(pk=post.pk).deleted_at is not None


def test_admin_without_mfa_cannot_change_message_settings(login, world):
    client = login(_without_mfa(world.admin.user))
    url = reverse("messaging:settings", kwargs={"slug": "breast"})
    response = client.post(url, {"allow_private_messages": "on"})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("mfa_index")
    world.breast.refresh_from_db()
    assert world.breast.allow_private_messages is False


def test_service_refuses_a_moderator_power_without_mfa_before_any_change(world):
    from entrepairs.accounts.mfa import MfaRequired
    from entrepairs.networks import services
    from entrepairs.networks.models import Membership

    _without_mfa(world.moderator.user)
    with pytest.raises(MfaRequired):
        services.approve_request(world.moderator, world.breast_pending)
    assert Membership.objects.get(pk=world.breast_pending.pk).status == "pending"


def test_api_answers_mfa_required_for_a_moderator_power(client, world):
    from tests.api_client import ApiClient

    api = ApiClient(client, _without_mfa(world.moderator.user))
    response = api.post(f"/networks/breast/requests/{world.breast_pending.pk}/approve")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_ending_a_membership_is_refused_to_a_moderator_without_mfa_before_any_change(world):
    from entrepairs.accounts.mfa import MfaRequired
    from entrepairs.networks import lifecycle
    from entrepairs.networks.models import Membership

    _without_mfa(world.moderator.user)
    for end in (lifecycle.remove_member, lifecycle.ban_member):
        with pytest.raises(MfaRequired):
            end(world.moderator, world.patient, reason="Messages publicitaires")
    assert Membership.objects.get(pk=world.patient.pk).status == "active"
