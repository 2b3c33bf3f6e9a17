"""Network pages: refusals answer the right status and change nothing; invitation and moderation flows
end to end through HTTP; nobody's email or real name reaches another member."""

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.networks import services
from entrepairs.networks.models import Invitation, Membership, Network

# --- Anonymous visitors learn nothing --------------------------------------------------------------

MEMBER_PAGES = ["networks:home", "networks:members", "networks:persona", "networks:leave"]


@pytest.mark.parametrize("url_name", MEMBER_PAGES + ["networks:join", "networks:manage_requests"])
def test_anonymous_visitor_is_sent_to_login_whether_the_network_exists_or_not(client, world, url_name):
    existing = client.get(reverse(url_name, kwargs={"slug": "breast"}))
    missing = client.get(reverse(url_name, kwargs={"slug": "no-such-network"}))
    assert existing.status_code == missing.status_code == 302
    assert existing.url.startswith(reverse("account_login"))
    assert missing.url.startswith(reverse("account_login"))


# --- Join states -----------------------------------------------------------------------------------


def test_member_opening_join_sees_they_are_already_in_and_nothing_changes(login, world):
    client = login(world.patient.user)
    url = reverse("networks:join", kwargs={"slug": "breast"})
    assert reverse("networks:home", kwargs={"slug": "breast"}) in client.get(url).content.decode()
    response = client.post(url, {"display_name": "Second Visage", "consent": "on"})
    assert response.status_code == 200
    assert Membership.objects.filter(user=world.patient.user, network=world.breast).count() == 1
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"


def test_pending_member_opening_join_sees_the_request_waits(login, world):
    response = login(world.pending.user).get(reverse("networks:join", kwargs={"slug": "chu"}))
    assert response.status_code == 200
    assert "attend" in response.content.decode()  # "Votre demande attend un modérateur"


def test_invitation_only_network_cannot_be_joined_without_a_link(login, world):
    client = login(world.stranger)
    response = client.post(
        reverse("networks:join", kwargs={"slug": "secret"}), {"display_name": "Curieux", "consent": "on"}
    )
    assert response.status_code == 404  # not even listed: same as a missing network
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_relative_joins_as_relative_where_relatives_are_allowed(login, world):
    client = login(world.stranger)
    url = reverse("networks:join", kwargs={"slug": "breast"})
    assert 'value="relative"' in client.get(url).content.decode()
    client.post(url, {"display_name": "Mésange Présente", "consent": "on", "member_type": "relative"})
    membership = Membership.objects.get(user=world.stranger, network=world.breast)
    assert membership.member_type == "relative"


def test_no_relative_choice_where_relatives_are_not_allowed(login, world):
    html = login(world.stranger).get(reverse("networks:join", kwargs={"slug": "diabetes"})).content.decode()
    assert 'value="relative"' not in html


def test_consent_box_starts_unticked(login, world):
    html = login(world.stranger).get(reverse("networks:join", kwargs={"slug": "breast"})).content.decode()
    box = (
        html.split('name="consent"')[0].rsplit("<input", 1)[1] + html.split('name="consent"')[1].split(">")[0]
    )
    assert "checked" not in box


def test_suggested_pseudonym_is_prefilled(login, world):
    html = login(world.stranger).get(reverse("networks:join", kwargs={"slug": "breast"})).content.decode()
    value = html.split('name="display_name"')[1].split('value="')[1].split('"')[0]
    assert value.strip()


def test_request_message_reaches_the_moderators(login, world, client):
    login(world.stranger)
    client.post(
        reverse("networks:join", kwargs={"slug": "chu"}),
        {"display_name": "Patient Discret", "consent": "on", "request_message": "Suivie au service B"},
    )
    login(world.chu.memberships.get(role="admin").user)
    html = client.get(reverse("networks:manage_requests", kwargs={"slug": "chu"})).content.decode()
    assert "Suivie au service B" in html
    assert world.stranger.email not in html


# --- Invitations -----------------------------------------------------------------------------------


def test_invitation_link_used_up_by_one_person_is_gone_for_the_next(login, world, client):
    _invitation, token = services.create_invitation(world.admin, max_uses=1)
    url = reverse("invitation", kwargs={"token": token})
    login(world.stranger)
    client.post(url, {"display_name": "Première Venue", "consent": "on", "member_type": "patient"})
    assert Membership.objects.get(user=world.stranger, network=world.breast).status == "active"
    login(world.outsider.user)
    response = client.get(url)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=world.outsider.user, network=world.breast).exists()


def test_revoked_link_is_refused_even_mid_form(login, world, client):
    invitation, token = services.create_invitation(world.admin)
    url = reverse("invitation", kwargs={"token": token})
    login(world.stranger)
    assert client.get(url).status_code == 200
    services.revoke_invitation(world.admin, invitation)
    response = client.post(url, {"display_name": "Trop Tard", "consent": "on", "member_type": "patient"})
    assert response.status_code == 410
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_moderator_revokes_an_invitation(login, world):
    invitation, token = services.create_invitation(world.admin)
    client = login(world.moderator.user)
    response = client.post(
        reverse("networks:revoke_invitation", kwargs={"slug": "breast", "invitation_id": invitation.pk})
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert client.get(reverse("invitation", kwargs={"token": token})).status_code == 410


def test_invitation_list_tells_used_expired_and_revoked_apart(login, world):
    used, _ = services.create_invitation(world.admin, max_uses=1, note="utilisée")
    expired, _ = services.create_invitation(world.admin, note="expirée")
    revoked, _ = services.create_invitation(world.admin, note="révoquée")
    Invitation.objects.filter(pk=used.pk).update(use_count=1)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timezone.timedelta(days=1))
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    world.moderator.user.language = "en"  # the account's language wins over the cookie
    world.moderator.user.save(update_fields=["language"])
    client = login(world.moderator.user)
    html = client.get(reverse("networks:manage_invitations", kwargs={"slug": "breast"})).content.decode()
    rows = {
        note: html.split(f"<td>{note}</td>")[1].split("</tr>")[0]
        for note in ("utilisée", "expirée", "révoquée")
    }
    assert "Used" in rows["utilisée"]
    assert "Expired" in rows["expirée"]
    assert "Revoked" in rows["révoquée"]


def test_plain_member_cannot_create_an_invitation(login, world):
    response = login(world.patient.user).post(
        reverse("networks:manage_invitations", kwargs={"slug": "breast"}), {"days": 7, "max_uses": 5}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_plain_member_cannot_revoke_an_invitation(login, world):
    invitation, _ = services.create_invitation(world.admin)
    response = login(world.patient.user).post(
        reverse("networks:revoke_invitation", kwargs={"slug": "breast", "invitation_id": invitation.pk})
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_moderator_of_another_network_cannot_revoke(login, world):
    invitation, _ = services.create_invitation(world.admin)
    chu_admin = world.chu.memberships.get(role="admin")
    response = login(chu_admin.user).post(
        reverse("networks:revoke_invitation", kwargs={"slug": "chu", "invitation_id": invitation.pk})
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_bad_invitation_form_keeps_the_typed_note(login, world):
    response = login(world.moderator.user).post(
        reverse("networks:manage_invitations", kwargs={"slug": "breast"}),
        {"days": 900, "max_uses": 1, "note": "Atelier du jeudi"},
    )
    assert response.status_code == 200
    assert 'value="Atelier du jeudi"' in response.content.decode()
    assert not Invitation.objects.exists()


# --- Moderation of requests ------------------------------------------------------------------------


def test_moderator_refuses_a_request(login, world):
    client = login(world.moderator.user)
    response = client.post(
        reverse("networks:decide_request", kwargs={"slug": "breast", "member_id": world.breast_pending.pk}),
        {"decision": "refuse"},
    )
    assert response.status_code == 302
    world.breast_pending.refresh_from_db()
    assert world.breast_pending.status == "refused"


def test_plain_member_cannot_decide_a_request(login, world):
    response = login(world.patient.user).post(
        reverse("networks:decide_request", kwargs={"slug": "breast", "member_id": world.breast_pending.pk}),
        {"decision": "accept"},
    )
    assert response.status_code == 403
    world.breast_pending.refresh_from_db()
    assert world.breast_pending.status == "pending"


def test_a_decision_that_is_neither_accept_nor_refuse_changes_nothing(login, world):
    response = login(world.moderator.user).post(
        reverse("networks:decide_request", kwargs={"slug": "breast", "member_id": world.breast_pending.pk}),
        {"decision": "maybe"},
        follow=True,
    )
    assert response.status_code == 200
    world.breast_pending.refresh_from_db()
    assert world.breast_pending.status == "pending"


def test_deciding_an_already_decided_request_is_404(login, world):
    services.approve_request(world.moderator, world.breast_pending)
    response = login(world.moderator.user).post(
        reverse("networks:decide_request", kwargs={"slug": "breast", "member_id": world.breast_pending.pk}),
        {"decision": "refuse"},
    )
    assert response.status_code == 404
    world.breast_pending.refresh_from_db()
    assert world.breast_pending.status == "active"


def test_role_form_is_shown_to_admins(login, world):
    url = reverse("networks:member_role", kwargs={"slug": "breast", "member_id": world.relative.pk})
    html = login(world.admin.user).get(url).content.decode()
    assert 'name="role"' in html


def test_non_member_changing_a_role_gets_404(login, world):
    url = reverse("networks:member_role", kwargs={"slug": "breast", "member_id": world.relative.pk})
    assert login(world.outsider.user).post(url, {"role": "admin"}).status_code == 404
    world.relative.refresh_from_db()
    assert world.relative.role == "member"


def test_last_admin_cannot_step_down_and_is_told_why(login, world):
    url = reverse("networks:member_role", kwargs={"slug": "breast", "member_id": world.admin.pk})
    response = login(world.admin.user).post(url, {"role": "member"})
    assert response.status_code == 200
    assert "garde au moins un administrateur" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.role == "admin"


# --- Member pages ----------------------------------------------------------------------------------


def test_non_member_cannot_edit_a_persona_there(login, world):
    response = login(world.outsider.user).post(
        reverse("networks:persona", kwargs={"slug": "breast"}), {"display_name": "Intrus", "bio": ""}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(display_name="Intrus").exists()


def test_non_member_cannot_leave_a_network_they_are_not_in(login, world):
    response = login(world.outsider.user).post(reverse("networks:leave", kwargs={"slug": "breast"}))
    assert response.status_code == 404
    world.outsider.refresh_from_db()
    assert world.outsider.status == "active"


def test_leave_page_asks_for_confirmation_first(login, world):
    client = login(world.patient.user)
    response = client.get(reverse("networks:leave", kwargs={"slug": "breast"}))
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    world.patient.refresh_from_db()
    assert world.patient.status == "active"


def test_persona_page_never_shows_email_or_real_name(login, world):
    client = login(world.patient.user)
    for shown in (world.relative, world.moderator, world.admin, world.patient):
        html = client.get(
            reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": shown.pk})
        ).content.decode()
        assert shown.display_name in html
        assert shown.user.email not in html
        assert shown.user.last_name not in html


def test_pending_request_is_not_a_visible_member(login, world):
    client = login(world.patient.user)
    url = reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": world.breast_pending.pk})
    assert client.get(url).status_code == 404
    members = client.get(reverse("networks:members", kwargs={"slug": "breast"})).content.decode()
    assert world.breast_pending.display_name not in members


def test_network_home_shows_description_members_and_moderators(login, world):
    Network.objects.filter(pk=world.breast.pk).update(description="Un lieu calme pour échanger.")
    html = login(world.patient.user).get(reverse("networks:home", kwargs={"slug": "breast"})).content.decode()
    assert "Un lieu calme pour échanger." in html
    assert world.moderator.display_name in html
    assert world.admin.display_name in html
    assert reverse("networks:members", kwargs={"slug": "breast"}) in html


# --- Operator ----------------------------------------------------------------------------------------


def test_non_staff_cannot_create_a_network(login, world):
    response = login(world.admin.user).post(
        reverse("operator"),
        {"name": "Pirate", "slug": "pirate", "kind": "patients", "language": "fr",
         "theme_color": "#123456", "join_policy": "open"},
    )  # fmt: skip
    assert response.status_code == 404
    assert not Network.objects.filter(slug="pirate").exists()


def test_taken_slug_and_bad_colour_are_form_errors_that_keep_the_typed_name(login, world):
    response = login(world.operator).post(
        reverse("operator"),
        {"name": "Deuxième sein", "slug": "breast", "kind": "patients", "language": "fr",
         "theme_color": "rouge", "join_policy": "open"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Deuxième sein"' in html
    assert "#2f6f73" in html  # the colour error names the expected form
    assert Network.objects.filter(slug="breast").count() == 1


def test_operator_page_lists_every_network_with_its_member_count(login, world):
    html = login(world.operator).get(reverse("operator")).content.decode()
    for network in (world.breast, world.secret, world.cardio):
        assert network.name in html
    assert reverse("admin:index") in html
