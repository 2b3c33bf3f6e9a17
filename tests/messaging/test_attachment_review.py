"""Message attachments are looked at before anyone else sees them (issue 16, pictures of documents):
faces and personal data written on an image, personal data in a PDF's text layer. The sender is told
(422 `attachment_review`, nothing stored) and sends again masked or as it is."""

import io
import shutil
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entrepairs.errors import ActionRefused
from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from entrepairs.privacy import ocr
from tests import factories as f
from tests.document_samples import PATIENT, pdf_with_text, plain_picture, prescription_bytes
from tests.face_samples import cartoon_face, scene

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract-ocr is not installed")


@pytest.fixture
def team(world):
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    rhythm = f.member_factory(world.cardio, user=user, qualification=qualification, display_name="Dr Rythme")
    conversation = services.start_direct(world.cardiologist, rhythm)
    return SimpleNamespace(world=world, heart=world.cardiologist, rhythm=rhythm, conversation=conversation)


def _jpeg(image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=92)
    return output.getvalue()


def _send(team, content, name, *, choice="", client_id="c1"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return services.send_message(
        team.heart,
        team.conversation,
        body="",
        client_id=client_id,
        attachment=upload,
        attachment_choice=choice,
    )


@needs_tesseract
def test_a_photographed_prescription_is_held_until_the_sender_chooses_then_masked(team):
    content = prescription_bytes(photo=True, tilt=1.5)
    with pytest.raises(ActionRefused) as refused:
        _send(team, content, "IMG_1234.jpg")
    assert refused.value.code == "attachment_review" and refused.value.status == 422
    data = refused.value.client_data
    assert {"PERSON", "NIR", "PHONE"} <= set(data["kinds"]) and data["choices"] == ["mask", "as_is"]
    assert data["regions"] and all(
        set(region) == {"kind", "left", "top", "width", "height"} for region in data["regions"]
    )
    assert PATIENT not in str(data)  # where, never what
    assert not Message.objects.filter(conversation=team.conversation, kind="text").exists()

    message, _created = _send(team, content, "IMG_1234.jpg", choice="mask")
    with message.attachment.open("rb") as stored:
        text = " ".join(word.text for word in ocr.read_words(Image.open(stored).convert("RGB")))
    assert PATIENT.split()[1] not in text and "Doliprane" in text


@needs_tesseract
def test_as_it_is_keeps_the_text(team):
    message, _created = _send(team, prescription_bytes(), "ordonnance.jpg", choice="as_is")
    with message.attachment.open("rb") as stored:
        text = " ".join(word.text for word in ocr.read_words(Image.open(stored).convert("RGB")))
    assert PATIENT.split()[1] in text


def test_a_face_on_a_message_image_is_blurred_when_the_sender_masks(team):
    content = _jpeg(scene((cartoon_face(220), (300, 100))))
    with pytest.raises(ActionRefused) as refused:
        _send(team, content, "photo.jpg")
    assert refused.value.client_data["faces"] == 1
    message, _created = _send(team, content, "photo.jpg", choice="mask")
    from entrepairs.privacy import faces

    with message.attachment.open("rb") as stored:
        assert faces.detect_faces(Image.open(stored).convert("RGB")) == []


def test_an_image_with_nothing_to_hide_goes_at_once(team):
    message, created = _send(team, _jpeg(plain_picture()), "paysage.jpg")
    assert created and message.attachment


def test_a_pdf_with_personal_data_in_its_text_is_sent_only_as_it_is(team):
    content = pdf_with_text(["Compte rendu", f"Patiente : {PATIENT}", "NIR 2 84 05 75 112 044 38"])
    with pytest.raises(ActionRefused) as refused:
        _send(team, content, "cr.pdf")
    assert refused.value.client_data["kinds"] == ["NIR", "PERSON"]
    assert refused.value.client_data["choices"] == ["as_is"]
    with pytest.raises(ActionRefused):
        _send(team, content, "cr.pdf", choice="mask")
    message, _created = _send(team, content, "cr.pdf", choice="as_is")
    assert message.attachment_type == "application/pdf"


def test_a_pdf_without_personal_data_goes_at_once(team):
    message, _created = _send(team, pdf_with_text(["Compte rendu", "Tension normale"]), "cr.pdf")
    assert message.attachment_type == "application/pdf"


def test_the_page_offers_the_choice_and_keeps_the_text(team, login):
    client = login(team.heart.user)
    url = reverse(
        "messaging:conversation", kwargs={"slug": "cardio", "conversation_id": team.conversation.pk}
    )
    content = _jpeg(scene((cartoon_face(220), (300, 100))))
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    response = client.post(url, {"body": "Voici la photo", "client_id": "p1", "attachment": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="attachment_choice" value="mask"' in page and "Voici la photo" in page
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    data = {"body": "Voici la photo", "client_id": "p1", "attachment": upload, "attachment_choice": "mask"}
    assert client.post(url, data).status_code == 302
    assert Message.objects.filter(conversation=team.conversation, body="Voici la photo").count() == 1


def test_the_api_answers_attachment_review_then_takes_the_choice(team, api_for):
    api = api_for(team.heart)
    content = _jpeg(scene((cartoon_face(220), (300, 100))))
    path = f"/conversations/{team.conversation.pk}/attachments"
    refused = api.upload(path, {"client_id": "a1", "file": SimpleUploadedFile("photo.jpg", content)})
    assert refused.status_code == 422 and refused.json()["code"] == "attachment_review"
    from entrepairs.api.schemas import AttachmentReviewOut

    AttachmentReviewOut.model_validate(refused.json())  # the body the OpenAPI schema declares
    again = SimpleUploadedFile("photo.jpg", content)
    sent = api.upload(path, {"client_id": "a1", "attachment_choice": "mask", "file": again})
    assert sent.status_code == 201
