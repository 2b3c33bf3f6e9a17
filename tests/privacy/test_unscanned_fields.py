"""Fields the guard did not read before issue 16: display names (a real name must be confirmed, as the
live check says), the note of a join request, space and group names, attachment file names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs.discussions import services as discussions
from entrepairs.discussions.models import Space
from entrepairs.errors import ActionRefused
from entrepairs.messaging import attachments
from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Conversation
from entrepairs.networks import services as networks
from entrepairs.networks.models import Membership
from entrepairs.privacy.filenames import neutral_filename
from entrepairs.privacy.models import Confirmation
from entrepairs.privacy.services import PrivacyRefused

PHONE = "06 12 34 56 78"


def persona_url(slug="breast"):
    return reverse("networks:persona", kwargs={"slug": slug})


# --- Display names --------------------------------------------------------------------------------
def test_a_real_name_as_display_name_is_not_saved_until_confirmed(login, world):
    client = login(world.patient.user)
    response = client.post(persona_url(), {"display_name": "Sophie Martin", "bio": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Sophie Martin"' in page  # the draft is kept
    assert 'name="confirm_privacy" value="PERSON"' in page
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"
    data = {"display_name": "Sophie Martin", "bio": "", "confirm_privacy": "PERSON"}
    assert client.post(persona_url(), data).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Sophie Martin"
    assert Confirmation.objects.get(object_id=world.patient.pk).kinds == ["PERSON"]


def test_a_pseudonym_is_saved_without_a_question(login, world):
    client = login(world.patient.user)
    assert client.post(persona_url(), {"display_name": "Loutre Paisible 12", "bio": ""}).status_code == 302


def test_the_api_refuses_a_real_display_name_without_confirmation(api_for, world):
    api = api_for(world.patient)
    refused = api.patch("/persona", {"display_name": "Marie Dupont"})
    assert refused.status_code == 422
    body = refused.json()
    assert (body["code"], body["field"], body["confirm_kinds"]) == (
        "privacy_confirm_required", "display_name", ["PERSON"]
    )  # fmt: skip
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"
    saved = api.patch("/persona", {"display_name": "Marie Dupont", "confirm_privacy": ["PERSON"]})
    assert saved.status_code == 200


def test_colleagues_names_stay_allowed_in_a_professional_network(world):
    networks.update_persona(world.cardiologist, display_name="Claire Martin")
    world.cardiologist.refresh_from_db()
    assert world.cardiologist.display_name == "Claire Martin"


# --- Joining --------------------------------------------------------------------------------------
def test_joining_under_a_real_name_asks_for_confirmation(login, world):
    client = login(world.stranger)
    url = reverse("networks:join", kwargs={"slug": "diabetes"})
    data = {"display_name": "Sophie Martin", "consent": "on", "member_type": "patient"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="confirm_privacy" value="PERSON"' in page and 'value="Sophie Martin"' in page
    assert not Membership.objects.filter(user=world.stranger).exists()
    assert client.post(url, {**data, "confirm_privacy": "PERSON"}).status_code == 302
    joined = Membership.objects.get(user=world.stranger)
    assert joined.display_name == "Sophie Martin"
    assert Confirmation.objects.get(object_id=joined.pk).kinds == ["PERSON"]


def test_the_note_of_a_join_request_is_scanned(login, world):
    client = login(world.stranger)
    url = reverse("networks:join", kwargs={"slug": "chu"})
    note = f"Rappelez-moi au {PHONE} svp"
    data = {"display_name": "Hibou Calme", "consent": "on", "member_type": "patient", "request_message": note}
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'name="confirm_privacy" value="PHONE"' in response.content.decode()
    assert not Membership.objects.filter(user=world.stranger).exists()
    assert client.post(url, {**data, "confirm_privacy": "PHONE"}).status_code == 302
    assert Membership.objects.get(user=world.stranger).request_message == note


def test_a_social_security_number_in_the_note_is_refused(world):
    with pytest.raises(PrivacyRefused) as refused:
        networks.join_network(
            world.stranger, world.chu, display_name="Hibou Calme", consent_given=True,
            request_message="mon numéro 2 84 05 75 112 044 38", confirm_privacy=["NIR"],
        )  # fmt: skip
    assert refused.value.code == "privacy_blocked" and refused.value.field == "request_message"
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_the_api_join_takes_confirm_privacy(api_for, world, client):
    client.force_login(world.stranger)
    url = "/api/v1/networks/chu/join"
    payload = {"display_name": "Hibou Calme", "consent": True, "message": f"Tél {PHONE}"}
    refused = client.post(url, payload, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["confirm_kinds"] == ["PHONE"]
    ok = client.post(url, {**payload, "confirm_privacy": ["PHONE"]}, content_type="application/json")
    assert ok.status_code == 201


# --- Names of shared places -----------------------------------------------------------------------
def test_a_space_name_with_a_real_name_is_refused(world):
    discussions.ensure_default_spaces(world.breast)
    before = Space.objects.filter(network=world.breast).count()
    with pytest.raises(PrivacyRefused) as refused:
        discussions.create_space(world.admin, name="Les amis de Marie Dupont")
    assert refused.value.field == "name"
    with pytest.raises(PrivacyRefused):
        discussions.create_space(world.admin, name="Entraide", description=f"Appelez le {PHONE}")
    assert Space.objects.filter(network=world.breast).count() == before
    assert discussions.create_space(world.admin, name="Entraide et soutien").name == "Entraide et soutien"


def test_renaming_a_space_is_scanned_too(world):
    space = discussions.create_space(world.admin, name="Entraide")
    with pytest.raises(PrivacyRefused):
        discussions.update_space(world.admin, space, name="Chez Sophie Martin", description="", position=0)
    space.refresh_from_db()
    assert space.name == "Entraide"


def test_a_group_name_with_a_phone_number_is_refused(world):
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    with pytest.raises(ActionRefused) as refused:
        messaging.create_group(world.patient, f"Groupe {PHONE}", [world.relative])
    assert refused.value.code == "privacy_blocked" and refused.value.field == "name"
    assert not Conversation.objects.filter(kind="group").exists()


# --- Attachment file names ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("ordonnance_Sophie_Martin.pdf", "attachment.pdf"),
        ("ordonnance_DUPONT_Marie.pdf", "attachment.pdf"),
        ("SophieMartin-IRM.pdf", "attachment.pdf"),
        ("scan 0612345678.png", "attachment.png"),
        ("marie.dupont@gmail.com.pdf", "attachment.pdf"),
        ("compte-rendu.pdf", "compte-rendu.pdf"),
        ("IRM-genou-2024.png", "IRM-genou-2024.png"),
        ("IMG_20240312_101522.jpg", "IMG_20240312_101522.jpg"),
    ],
)
def test_attachment_names_lose_personal_data(name, shown):
    assert neutral_filename(name, "attachment") == shown


def test_an_attachment_named_after_the_patient_reaches_participants_under_a_neutral_name(settings):
    settings.LANGUAGE_CODE = "fr"
    pdf = SimpleUploadedFile("ordonnance_Sophie_Martin.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    _content, kind, name = attachments.clean(pdf)
    assert kind == "application/pdf" and name == "piece-jointe.pdf"


# --- Expert notes (read by every member under the post) ------------------------------------------
def test_an_expert_note_with_a_phone_number_asks_for_confirmation_and_keeps_the_draft(login, world):
    from entrepairs.discussions.models import ExpertNote
    from tests.discussions.factories import thread_factory

    post = thread_factory(world.patient).posts.get()
    note = "Appelez le centre au 06 12 34 56 78 pour un rendez-vous."
    with pytest.raises(PrivacyRefused):
        discussions.add_expert_note(world.moderator, post, body=note, source="HAS, recommandations 2024")
    url = reverse("discussions:expert_note", kwargs={"slug": "breast", "post_id": post.pk})
    response = login(world.moderator.user).post(url, {"body": note, "source": "HAS, recommandations 2024"})
    assert response.status_code == 200 and note in response.content.decode()
    assert not ExpertNote.objects.exists()
    discussions.add_expert_note(
        world.moderator, post, body=note, source="HAS, recommandations 2024", confirm_privacy=["PHONE"]
    )
    assert ExpertNote.objects.count() == 1
