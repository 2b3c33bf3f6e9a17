"""A network created at /operator/ names its first administrator: an existing account becomes admin
at once; anyone else is invited by email, and the network stays closed until they join as admin.
Network admins then edit description, colour, logo, join policy and private messages."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entrepairs.audit.models import AuditEvent
from entrepairs.networks import access
from entrepairs.networks.models import Membership, Network
from tests import factories as f
from tests.images import jpeg_with_gps

FORM = {"name": "Apnée du sommeil", "slug": "apnee", "kind": "patients", "language": "fr",
        "theme_color": "#123456", "join_policy": "open"}  # fmt: skip


def test_network_without_an_administrator_is_refused_with_the_input_kept(login, world):
    response = login(world.operator).post(reverse("operator"), FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert "premier administrateur" in html
    assert 'value="Apnée du sommeil"' in html
    assert not Network.objects.filter(slug="apnee").exists()


def test_an_existing_account_becomes_administrator_at_once(login, world, mailoutbox):
    response = login(world.operator).post(
        reverse("operator"), {**FORM, "admin_email": world.stranger.email.upper()}
    )
    assert response.status_code == 302
    network = Network.objects.get(slug="apnee")
    admin = Membership.objects.get(network=network)
    assert (admin.user, admin.role, admin.status, network.is_active) == (
        world.stranger,
        "admin",
        "active",
        True,
    )
    assert AuditEvent.objects.filter(action="network.create").exists()
    # Its home page names a moderator, not "Aucun modérateur".
    home = login(world.stranger).get(reverse("networks:home", kwargs={"slug": "apnee"})).content.decode()
    assert admin.display_name in home


def test_an_invited_administrator_opens_the_network_by_joining(
    login, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.operator).post(
            reverse("operator"), {**FORM, "admin_email": "future.admin@example.test"}
        )
    assert response.status_code == 302
    network = Network.objects.get(slug="apnee")
    assert not network.is_active and not network.memberships.exists()
    # Not live: nobody discovers it or joins it meanwhile.
    assert network not in access.listed_networks()
    assert (
        login(world.patient.user).get(reverse("networks:join", kwargs={"slug": "apnee"})).status_code == 404
    )
    (email,) = mailoutbox
    assert email.to == ["future.admin@example.test"]
    link = re.search(r"https?://\S+/invite/\S+/", email.body).group(0)
    path = "/" + link.split("/", 3)[3]
    invitee = f.UserFactory(email="future.admin@example.test")
    client = login(invitee)
    assert client.get(path).status_code == 200
    joined = client.post(path, {"display_name": "Veilleur Calme", "member_type": "patient", "consent": "on"})
    assert joined.status_code == 302
    network.refresh_from_db()
    membership = Membership.objects.get(network=network, user=invitee)
    assert (membership.role, membership.status, network.is_active) == ("admin", "active", True)


def test_a_used_first_admin_invitation_cannot_make_a_second_admin(
    login, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.operator).post(reverse("operator"), {**FORM, "admin_email": "future.admin@example.test"})
    path = "/" + re.search(r"https?://\S+/invite/\S+/", mailoutbox[0].body).group(0).split("/", 3)[3]
    first = login(f.UserFactory())
    first.post(path, {"display_name": "Veilleur Calme", "member_type": "patient", "consent": "on"})
    second = login(f.UserFactory())
    response = second.post(path, {"display_name": "Intrus Malin", "member_type": "patient", "consent": "on"})
    assert response.status_code in (200, 410)
    assert Membership.objects.filter(network__slug="apnee").count() == 1


def _settings_url():
    return reverse("networks:manage_network", kwargs={"slug": "breast"})


def test_admin_edits_the_networks_settings(login, world):
    client = login(world.admin.user)
    assert client.get(_settings_url()).status_code == 200
    upload = SimpleUploadedFile("logo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(
        _settings_url(),
        {"description": "Un lieu d'entraide.", "theme_color": "#aa3366", "join_policy": "approval",
         "allow_private_messages": "on", "logo": upload},
    )  # fmt: skip
    assert response.status_code == 302
    world.breast.refresh_from_db()
    assert (world.breast.description, world.breast.theme_color, world.breast.join_policy) == (
        "Un lieu d'entraide.", "#aa3366", "approval",
    )  # fmt: skip
    assert world.breast.allow_private_messages
    with world.breast.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG" and not image.getexif()
    assert AuditEvent.objects.filter(action="network.settings").exists()


def test_bad_colour_is_a_form_error_that_keeps_the_input(login, world):
    response = login(world.admin.user).post(
        _settings_url(), {"description": "Texte gardé", "theme_color": "rouge", "join_policy": "open"}
    )
    assert response.status_code == 200
    assert "Texte gardé" in response.content.decode()
    world.breast.refresh_from_db()
    assert world.breast.description != "Texte gardé"


def test_moderators_and_members_cannot_edit_settings(login, world):
    for persona, status in ((world.moderator, 403), (world.patient, 403), (world.outsider, 404)):
        response = login(persona.user).post(
            _settings_url(), {"description": "x", "theme_color": "#000000", "join_policy": "open"}
        )
        assert response.status_code == status
    world.breast.refresh_from_db()
    assert world.breast.description != "x"


def test_professional_networks_have_no_messaging_switch(login, world):
    html = (
        login(world.cardiologist.user)
        .get(reverse("networks:manage_network", kwargs={"slug": "cardio"}))
        .content.decode()
    )
    assert 'name="allow_private_messages"' not in html
