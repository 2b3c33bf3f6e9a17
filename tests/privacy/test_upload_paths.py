"""Every image upload path of the project stores pixels only: network logos, verification documents,
message attachments (clinical case photos: tests/discussions/test_case_photos.py). Each path is fed a
JPEG and a PNG carrying GPS EXIF, XMP, an ICC profile and comments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Message
from entrepairs.networks.models import Network
from entrepairs.professionals.models import DocumentSubmission, Profession, Specialty
from tests import factories as f
from tests.image_metadata import assert_no_metadata, has_gps, jpeg_with_everything, png_with_everything

SAMPLES = pytest.mark.parametrize(
    ("name", "sample"), [("photo.jpg", jpeg_with_everything), ("scan.png", png_with_everything)]
)


def _stored(field) -> bytes:
    with field.open("rb") as stored:
        return stored.read()


@SAMPLES
def test_network_logo_is_stored_without_metadata(login, world, name, sample):
    original = sample()
    assert has_gps(original)
    form = {"name": "Réseau Logo", "slug": "reseau-logo", "kind": "patients", "language": "fr",
            "theme_color": "#123456", "join_policy": "open", "admin_email": world.stranger.email}  # fmt: skip
    response = login(world.operator).post(
        reverse("operator"), {**form, "logo": SimpleUploadedFile(name, original)}
    )
    assert response.status_code == 302
    assert_no_metadata(_stored(Network.objects.get(slug="reseau-logo").logo))


@SAMPLES
def test_verification_document_is_stored_without_metadata(login, world, name, sample):
    data = {"form": "document", "last_name": "Martin", "first_name": "Claire", "profession": Profession.objects.get(code="10").pk,
            "specialty": Specialty.objects.get(code="SM04").pk, "document": SimpleUploadedFile(name, sample())}  # fmt: skip
    assert login(world.stranger).post(reverse("professionals:mine"), data).status_code == 302
    assert_no_metadata(_stored(DocumentSubmission.objects.get(user=world.stranger).file))


@SAMPLES
def test_message_attachment_is_stored_and_served_without_metadata(login, world, name, sample):
    colleague_user = f.UserFactory()
    qualification = f.qualification_factory(colleague_user, profession_code="10", specialty_code="SM04")
    colleague = f.member_factory(world.cardio, user=colleague_user, qualification=qualification)
    conversation = messaging.start_direct(world.cardiologist, colleague)
    messaging.send_message(world.cardiologist, conversation, body="", client_id="photo-1",
                           attachment=SimpleUploadedFile(name, sample()))  # fmt: skip
    message = Message.objects.get(conversation=conversation, client_id="photo-1")
    assert_no_metadata(_stored(message.attachment))
    url = reverse("messaging:file", kwargs={"slug": "cardio", "message_id": message.pk})
    response = login(colleague_user).get(url)
    assert_no_metadata(b"".join(response.streaming_content))


def _bomb(name="bomb.png"):
    from tests.privacy.test_images import _rgba_png_claiming

    return SimpleUploadedFile(name, _rgba_png_claiming(6300, 6300), content_type="image/png")


def test_every_image_path_refuses_a_decompression_bomb_by_its_header(login, world, monkeypatch):
    """Logos, verification documents and message attachments (case photos: test_case_photos.py):
    a clear refusal, nothing stored, and no pixel decoded."""
    from PIL import ImageFile

    from entrepairs.errors import ActionRefused
    from entrepairs.messaging import attachments
    from entrepairs.networks import images as logos
    from entrepairs.professionals import documents

    def refuse_to_load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_load)
    for clean, code in [
        (attachments.clean, "attachment_image_too_large"),
        (logos.clean_logo, "logo_too_large"),
        (documents._clean_image, "document_too_large"),
    ]:
        with pytest.raises(ActionRefused) as refused:
            clean(_bomb())
        assert refused.value.code == code
        assert "trop grande pour être traitée" in refused.value.message
    data = {"form": "document", "last_name": "Martin", "first_name": "Claire", "profession": Profession.objects.get(code="10").pk,
            "specialty": Specialty.objects.get(code="SM04").pk, "document": _bomb()}  # fmt: skip
    response = login(world.stranger).post(reverse("professionals:mine"), data)
    assert response.status_code == 200 and "trop grande pour être traitée" in response.content.decode()
    assert not DocumentSubmission.objects.filter(user=world.stranger).exists()
