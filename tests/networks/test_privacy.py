"""A network's privacy policy page (its administrators choose block / confirm / allow per kind), and
the persona's fields going through that policy like any post."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from entrepairs.audit.models import AuditEvent
from entrepairs.privacy import policy
from entrepairs.privacy.findings import KINDS
from entrepairs.privacy.models import Confirmation
from tests import factories as f

PHONE = "06 12 34 56 78"


def settings_url(slug="breast"):
    return reverse("networks:manage_privacy", kwargs={"slug": slug})


def every_cell(network_kind, contexts, **changes):
    """A complete POST of the settings form: the defaults, with `changes` ("text-PHONE": "allow")."""
    data = {
        f"{context}-{kind}": action
        for context in contexts
        for kind, action in policy.default_policy(network_kind, context).items()
    }
    return {**data, **{name.replace("__", "-"): action for name, action in changes.items()}}


# --- The settings page ---------------------------------------------------------------------------
def test_admin_sees_every_kind_with_its_action_and_the_defaults_marked(login, world):
    world.breast.privacy_overrides = {"text": {"PHONE": "allow"}}
    world.breast.save(update_fields=["privacy_overrides"])
    response = login(world.admin.user).get(settings_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('type="radio"') == 3 * len(KINDS)  # patient networks have no clinical cases
    assert "Cas cliniques" not in page
    assert page.count("(par défaut)") == len(KINDS)
    assert 'name="text-NIR" value="block" checked' in page
    assert 'name="text-PHONE" value="allow" checked' in page  # the network's own choice
    assert 'name="text-PHONE" value="confirm">' in page  # ...next to the default it replaced
    assert "visible par 4 membres" in page


def test_professional_networks_also_choose_for_clinical_cases(login, world):
    page = login(world.cardiologist.user).get(settings_url("cardio")).content.decode()
    assert "Cas cliniques" in page
    assert page.count('type="radio"') == 2 * 3 * len(KINDS)
    assert 'name="case-PERSON" value="block" checked' in page
    assert 'name="text-PERSON" value="allow" checked' in page


def test_an_admin_in_english_reads_the_page_and_the_persona_confirmation_in_english(login, world):
    world.admin.user.language = "en"
    world.admin.user.save()
    client = login(world.admin.user)
    page = client.get(settings_url()).content.decode()
    assert page.count("(default)") == len(KINDS)
    assert "Posts, messages and profiles" in page and "visible to 4 members" in page
    invalid = every_cell("patients", ["text"], text__PHONE="shout")
    assert "Choose an action for every kind." in client.post(settings_url(), invalid).content.decode()
    bio = f"Appelez le {PHONE}."
    page = client.post(persona_url(), {"display_name": "Admin Sereine", "bio": bio}).content.decode()
    assert "I know this will be visible to 4 members" in page


def test_saving_stores_only_the_changes_and_writes_an_audit_row(login, world):
    data = every_cell("patients", ["text"], text__PHONE="allow", text__NIR="confirm")
    response = login(world.admin.user).post(settings_url(), data)
    assert response.status_code == 302
    world.breast.refresh_from_db()
    assert world.breast.privacy_overrides == {"text": {"PHONE": "allow", "NIR": "confirm"}}
    event = AuditEvent.objects.get(action="network.privacy_policy")
    assert (event.actor, event.object_id, event.detail) == (
        world.admin.user, str(world.breast.pk), "text.PHONE=allow text.NIR=confirm"
    )  # fmt: skip
    # Back to the defaults: nothing stored.
    login(world.admin.user).post(settings_url(), every_cell("patients", ["text"]))
    world.breast.refresh_from_db()
    assert world.breast.privacy_overrides == {}


def test_an_incomplete_or_invalid_form_changes_nothing(login, world):
    data = every_cell("patients", ["text"], text__PHONE="shout")
    response = login(world.admin.user).post(settings_url(), data)
    assert response.status_code == 200
    assert "Choisissez une action pour chaque type." in response.content.decode()
    del data["text-PHONE"]
    assert login(world.admin.user).post(settings_url(), data).status_code == 200
    world.breast.refresh_from_db()
    assert world.breast.privacy_overrides == {}
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("actor", "status"), [("moderator", 403), ("patient", 403), ("outsider", 404)])
def test_only_the_networks_admins_change_its_policy(login, world, actor, status):
    data = every_cell("patients", ["text"], text__NIR="allow")
    assert login(getattr(world, actor).user).post(settings_url(), data).status_code == status
    world.breast.refresh_from_db()
    assert world.breast.privacy_overrides == {}


def test_admin_of_another_network_gets_404(login, world):
    response = login(world.cardiologist.user).post(settings_url(), every_cell("patients", ["text"]))
    assert response.status_code == 404


def test_moderation_tabs_link_the_privacy_page_for_admins_only(login, world):
    invitations = reverse("networks:manage_invitations", kwargs={"slug": "breast"})
    assert settings_url() in login(world.admin.user).get(invitations).content.decode()
    assert settings_url() not in login(world.moderator.user).get(invitations).content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_settings_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(world.breast)
    client = login(world.admin.user)
    client.get(settings_url())  # the first request of a session also checks its second factor
    # session, user, membership (network) (among my personas, the header's), MFA authenticators, active member count,
    # unread notifications and messages (header)
    with django_assert_num_queries(6):
        assert client.get(settings_url()).status_code == 200


def test_operators_overrides_are_validated_like_the_admins(world):
    world.breast.privacy_overrides = {"text": {"PHONE": "sometimes"}}
    with pytest.raises(ValidationError):
        world.breast.full_clean()
    world.breast.privacy_overrides = {"text": {"PHONE": "allow"}, "case": {"PERSON": "confirm"}}
    world.breast.full_clean()


# --- The persona ---------------------------------------------------------------------------------
def persona_url(slug="breast"):
    return reverse("networks:persona", kwargs={"slug": slug})


def test_a_phone_number_in_the_bio_asks_for_confirmation_then_saves(login, world):
    client = login(world.patient.user)
    bio = f"Écrivez-moi ou appelez le {PHONE}."
    response = client.post(persona_url(), {"display_name": "Rose des Vents", "bio": bio})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Je sais que ce sera visible par 4 membres" in page and escape(bio) in page
    world.patient.refresh_from_db()
    assert world.patient.bio == ""
    data = {"display_name": "Rose des Vents", "bio": bio, "confirm_privacy": "PHONE"}
    assert client.post(persona_url(), data).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.bio == bio
    assert Confirmation.objects.get().target == world.patient


def test_a_pseudonym_that_reads_as_a_real_name_is_confirmed_once_and_a_phone_number_in_it_too(login, world):
    client = login(world.patient.user)
    # "Julie Sereine" reads as a first and last name: the live check asks, so the server does too.
    assert client.post(persona_url(), {"display_name": "Julie Sereine", "bio": ""}).status_code == 200
    data = {"display_name": "Julie Sereine", "bio": "", "confirm_privacy": "PERSON"}
    assert client.post(persona_url(), data).status_code == 302
    response = client.post(persona_url(), {"display_name": f"Julie {PHONE}", "bio": ""})
    assert "Je sais que ce sera visible par 4 membres" in response.content.decode()
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Julie Sereine"


def test_an_unchanged_bio_is_not_asked_about_again(login, world):
    world.patient.bio = f"Appelez le {PHONE}"  # saved earlier (confirmed, or before the policy)
    world.patient.save(update_fields=["bio"])
    data = {"display_name": "Loutre Paisible", "bio": world.patient.bio}
    assert login(world.patient.user).post(persona_url(), data).status_code == 302


def test_api_persona_update_answers_422_then_saves_with_confirm_privacy(api_for, world):
    api = api_for(world.patient)
    refused = api.patch("/persona", {"bio": f"Tél {PHONE}"})
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"], refused.json()["kinds"]) == (
        "privacy_confirm_required", "bio", ["PHONE"]
    )  # fmt: skip
    saved = api.patch("/persona", {"bio": f"Tél {PHONE}", "confirm_privacy": ["PHONE"]})
    assert saved.status_code == 200
    assert saved.json()["bio"] == f"Tél {PHONE}"
