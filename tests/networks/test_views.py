"""Network pages through HTTP: what each persona sees, refusals that change nothing, query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.accounts.models import ConsentRecord
from entrepairs.networks import services
from entrepairs.networks.models import Invitation, Membership, Network
from tests import factories as f
from tests.helpers import page_body


def test_home_lists_open_networks_but_not_invitation_only_ones(client, world):
    response = client.get("/")
    html = response.content.decode()
    assert world.breast.name in html
    assert world.cardio.name in html
    assert world.secret.name not in html


def test_non_member_gets_the_same_404_as_for_a_missing_network(login, world):
    client = login(world.outsider.user)
    foreign = client.get(reverse("networks:home", kwargs={"slug": "breast"}))
    missing = client.get(reverse("networks:home", kwargs={"slug": "does-not-exist"}))
    assert foreign.status_code == missing.status_code == 404
    assert page_body(foreign) == page_body(missing)


def test_foreign_member_id_reads_as_missing(login, world):
    client = login(world.patient.user)
    foreign = client.get(
        reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": world.outsider.pk})
    )
    missing = client.get(reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": 999999}))
    assert foreign.status_code == missing.status_code == 404
    assert page_body(foreign) == page_body(missing)


def test_invitation_only_network_about_page_is_404_for_strangers(login, world):
    client = login(world.stranger)
    assert client.get(reverse("networks:about", kwargs={"slug": "secret"})).status_code == 404


def test_join_patient_network_with_consent(login, world):
    client = login(world.stranger)
    url = reverse("networks:join", kwargs={"slug": "diabetes"})
    page = client.get(url)
    assert "consent" in page.content.decode()
    response = client.post(url, {"display_name": "Hibou Calme", "consent": "on", "member_type": "patient"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=world.stranger, network=world.diabetes)
    assert membership.status == "active"
    assert ConsentRecord.objects.filter(user=world.stranger, network=world.diabetes).count() == 1


def test_join_without_consent_keeps_the_typed_pseudonym(login, world):
    client = login(world.stranger)
    url = reverse("networks:join", kwargs={"slug": "diabetes"})
    response = client.post(url, {"display_name": "Hibou Calme", "member_type": "patient"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Hibou Calme"' in html
    assert "consentement explicite" in html  # French is the default language
    assert not Membership.objects.filter(user=world.stranger).exists()
    assert not ConsentRecord.objects.filter(user=world.stranger).exists()


def test_taken_pseudonym_is_a_form_error(login, world):
    client = login(world.stranger)
    response = client.post(
        reverse("networks:join", kwargs={"slug": "breast"}),
        {"display_name": "rose des vents", "consent": "on", "member_type": "patient"},
    )
    assert response.status_code == 200
    assert "déjà utilisé" in response.content.decode()
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_suggest_another_changes_only_the_pseudonym(login, world):
    client = login(world.stranger)
    response = client.post(
        reverse("networks:join", kwargs={"slug": "breast"}),
        {"display_name": "Mon Choix", "member_type": "relative", "suggest": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Mon Choix"' not in html
    assert 'value="relative" checked' in html or 'checked value="relative"' in html or "relative" in html
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_unverified_professional_is_told_why(login, world):
    client = login(world.unverified)
    response = client.get(reverse("networks:join", kwargs={"slug": "cardio"}))
    assert response.status_code == 403
    assert "professionnels vérifiés" in response.content.decode()


def test_approval_network_request_then_moderator_accepts(login, world, client):
    login(world.stranger)
    client.post(
        reverse("networks:join", kwargs={"slug": "chu"}),
        {
            "display_name": "Patient Discret",
            "consent": "on",
            "member_type": "patient",
            "request_message": "Bonjour",
        },
    )
    request = Membership.objects.get(user=world.stranger, network=world.chu)
    assert request.status == "pending"
    assert client.get(reverse("networks:home", kwargs={"slug": "chu"})).status_code == 404

    chu_admin = Membership.objects.get(network=world.chu, role="admin")
    login(chu_admin.user)
    response = client.post(
        reverse("networks:decide_request", kwargs={"slug": "chu", "member_id": request.pk}),
        {"decision": "accept"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "active"


def test_moderator_of_another_network_cannot_decide(login, world):
    client = login(world.moderator.user)  # moderator of breast, not of chu
    response = client.post(
        reverse("networks:decide_request", kwargs={"slug": "chu", "member_id": world.pending.pk}),
        {"decision": "accept"},
    )
    assert response.status_code == 404
    world.pending.refresh_from_db()
    assert world.pending.status == "pending"


def test_plain_member_cannot_open_moderation(login, world):
    client = login(world.patient.user)
    assert client.get(reverse("networks:manage_requests", kwargs={"slug": "breast"})).status_code == 403


def test_invitation_link_is_shown_once_and_stored_hashed(login, world):
    client = login(world.moderator.user)
    response = client.post(
        reverse("networks:manage_invitations", kwargs={"slug": "breast"}),
        {"days": 7, "max_uses": 2, "note": "Atelier"},
    )
    html = response.content.decode()
    invitation = Invitation.objects.get(network=world.breast)
    start = html.index("/invite/") + len("/invite/")
    token = html[start : html.index("/", start)]
    assert Invitation.hash(token) == invitation.token_hash
    assert token not in invitation.token_hash
    again = client.get(reverse("networks:manage_invitations", kwargs={"slug": "breast"}))
    assert token not in again.content.decode()


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"revoked_at": timezone.now()}, 410, "révoquée"),
        ({"expires_at": timezone.now() - timezone.timedelta(minutes=1)}, 410, "expiré"),
        ({"use_count": 1}, 410, "déjà été utilisée"),
    ],
)
def test_unusable_invitation_explains_why(login, world, change, status, message):
    invitation, token = services.create_invitation(world.admin, max_uses=1)
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    response = login(world.stranger).get(reverse("invitation", kwargs={"token": token}))
    assert response.status_code == status
    assert message in response.content.decode()


def test_garbage_invitation_token_is_404(login, world):
    response = login(world.stranger).get(reverse("invitation", kwargs={"token": "x" * 500}))
    assert response.status_code == 404


def test_invitation_opens_invite_only_network(login, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    _invitation, token = services.create_invitation(admin)
    client = login(world.stranger)
    url = reverse("invitation", kwargs={"token": token})
    assert world.secret.name in client.get(url).content.decode()
    response = client.post(
        url, {"display_name": "Invité Discret", "consent": "on", "invitation_token": token}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=world.stranger, network=world.secret).status == "active"


def test_visitor_with_invitation_is_asked_to_sign_in(client, world):
    _invitation, token = services.create_invitation(world.admin)
    response = client.get(reverse("invitation", kwargs={"token": token}))
    assert response.status_code == 200
    assert reverse("account_signup") in response.content.decode()


def test_members_page_never_shows_emails_or_real_names(login, world):
    client = login(world.patient.user)
    html = client.get(reverse("networks:members", kwargs={"slug": "breast"})).content.decode()
    for membership in Membership.objects.filter(network=world.breast).select_related("user"):
        assert membership.user.email not in html
        assert membership.user.last_name not in html
    assert "Rose des Vents" in html


def test_verified_badge_shows_profession_not_identifier(login, world):
    client = login(world.cardiologist.user)
    html = client.get(reverse("networks:members", kwargs={"slug": "cardio"})).content.decode()
    assert "Cardiologue" in html or "Cardiologist" in html


def test_persona_edit_and_refusal_keeps_typed_text(login, world):
    client = login(world.patient.user)
    url = reverse("networks:persona", kwargs={"slug": "breast"})
    response = client.post(url, {"display_name": "Frère Attentif", "bio": "Mon histoire"})
    assert response.status_code == 200
    assert "Mon histoire" in response.content.decode()
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"
    assert client.post(url, {"display_name": "Loutre Nouvelle", "bio": "Bonjour"}).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Loutre Nouvelle"


def test_leave_network(login, world):
    client = login(world.patient.user)
    response = client.post(reverse("networks:leave", kwargs={"slug": "breast"}))
    assert response.status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.status == "left"
    assert client.get(reverse("networks:home", kwargs={"slug": "breast"})).status_code == 404


def test_last_admin_leaving_is_refused_with_message(login, world):
    client = login(world.admin.user)
    response = client.post(reverse("networks:leave", kwargs={"slug": "breast"}), follow=True)
    assert "vous êtes le dernier" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.status == "active"


def test_admin_gives_role_moderator_cannot(login, world, client):
    url = reverse("networks:member_role", kwargs={"slug": "breast", "member_id": world.relative.pk})
    login(world.moderator.user)
    assert client.post(url, {"role": "admin"}).status_code == 403
    world.relative.refresh_from_db()
    assert world.relative.role == "member"
    login(world.admin.user)
    assert client.post(url, {"role": "moderator"}).status_code == 302
    world.relative.refresh_from_db()
    assert world.relative.role == "moderator"


def test_operator_creates_network_and_bad_input_is_a_form_error(login, world):
    client = login(world.operator)
    url = reverse("operator")
    bad = client.post(url, {"name": "Sans pro", "slug": "sans-pro", "kind": "professionals", "language": "fr",
                            "theme_color": "#123456", "join_policy": "open", "admin_email": world.stranger.email})  # fmt: skip
    assert bad.status_code == 200
    assert "au moins une profession" in bad.content.decode()
    assert not Network.objects.filter(slug="sans-pro").exists()
    good = client.post(url, {"name": "Sages-femmes", "slug": "sages-femmes", "kind": "professionals", "language": "fr",
                             "theme_color": "#123456", "join_policy": "approval", "admin_email": world.stranger.email,
                             "professions": [f.profession("50").pk]})  # fmt: skip
    assert good.status_code == 302
    network = Network.objects.get(slug="sages-femmes")
    assert list(network.professions.values_list("code", flat=True)) == ["50"]


def test_switcher_lists_only_my_personas(login, world):
    other = f.member_factory(world.diabetes, user=world.patient.user, display_name="Autre Visage")
    client = login(world.patient.user)
    html = client.get(reverse("networks:home", kwargs={"slug": "breast"})).content.decode()
    assert "Autre Visage" in html
    assert reverse("networks:home", kwargs={"slug": "diabetes"}) in html
    assert world.cardio.name not in html.split("persona-switcher")[1].split("</details>")[0]
    assert other.pk


# --- Constant query counts -----------------------------------------------------------------------


def _grow(world, count):
    for _ in range(count):
        network = f.network_factory()
        f.member_factory(network)
        f.member_factory(world.breast)


@pytest.mark.parametrize("extra", [3, 30])
def test_home_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    _grow(world, extra)
    client = login(world.patient.user)
    # session, user, networks with counts, professions prefetch, specialties prefetch,
    # my memberships (page), my personas (header)
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_network_home_queries_are_constant(login, world, django_assert_num_queries, extra):
    _grow(world, extra)
    client = login(world.admin.user)
    # session, user, membership+network (among my personas, the header's), member count, moderators, newcomers, pending count, first
    # steps (one query for every step), the panels of discussions (followed threads, latest activity,
    # unanswered questions, suggestions), unread notifications (bell)
    with django_assert_num_queries(13):
        assert client.get(reverse("networks:home", kwargs={"slug": "breast"})).status_code == 200


@pytest.mark.parametrize("extra", [3, 60])
def test_member_list_queries_are_constant(login, world, django_assert_num_queries, extra):
    _grow(world, extra)
    client = login(world.patient.user)
    # session, user, membership+network (among my personas, the header's), one page of members (with qualifications),
    # unread notifications (bell)
    with django_assert_num_queries(5):
        assert client.get(reverse("networks:members", kwargs={"slug": "breast"})).status_code == 200


def test_member_list_paginates_by_keyset(login, world, settings):
    settings.MEMBER_LIST_PAGE_SIZE = 3
    client = login(world.patient.user)
    url = reverse("networks:members", kwargs={"slug": "breast"})
    seen = []
    next_url = url
    for _page in range(10):
        html = client.get(next_url).content.decode()
        seen += [m.display_name for m in Membership.objects.filter(network=world.breast, status="active")
                 if f">{m.display_name}</a>" in html]  # fmt: skip
        if 'rel="next"' not in html:
            break
        cursor = html.split('href="?after=')[1].split('"')[0]
        next_url = f"{url}?after={cursor}"
    active = Membership.objects.filter(network=world.breast, status="active").count()
    assert len(seen) == len(set(seen)) == active


def test_malformed_cursor_reads_as_first_page(login, world):
    client = login(world.patient.user)
    response = client.get(reverse("networks:members", kwargs={"slug": "breast"}) + "?after=%%%not-base64")
    assert response.status_code == 200
