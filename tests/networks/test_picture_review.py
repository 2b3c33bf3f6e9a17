"""A persona's picture goes through the privacy guard like case photos and message images (issue 16):
written personal data or a face found → its owner sees the boxes and masks it, keeps it or removes
it, and nobody else sees the picture until then."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from entrepairs.networks import avatars, services
from entrepairs.privacy import ocr
from tests.document_samples import BOLD, plain_picture

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")


def name_badge() -> bytes:
    """A photographed name badge: a name and a phone number, large enough to read at 256 px."""
    image = Image.new("RGB", (256, 150), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.text((10, 25), "Sophie Lambert", fill=(20, 20, 30), font=ImageFont.truetype(BOLD, 24))
    draw.text((10, 85), "06 12 34 56 78", fill=(20, 20, 30), font=ImageFont.truetype(BOLD, 24))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def landscape() -> bytes:
    output = io.BytesIO()
    plain_picture().save(output, format="PNG")
    return output.getvalue()


def persona_url():
    return reverse("networks:persona", kwargs={"slug": "breast"})


def picture_url(member):
    return reverse("networks:picture", kwargs={"slug": "breast", "member_id": member.pk})


def upload(client, member, data: bytes):
    return client.post(
        persona_url(),
        {"display_name": member.display_name, "bio": "", "picture": SimpleUploadedFile("moi.png", data)},
    )


def test_a_picture_with_a_name_and_a_phone_waits_for_its_owner(world, login):
    client = login(world.relative.user)
    response = upload(client, world.relative, name_badge())
    assert response.status_code == 302 and response["Location"] == persona_url()
    world.relative.refresh_from_db()
    kinds = {region["kind"] for region in world.relative.avatar_review["text"]}
    assert {"PERSON", "PHONE"} <= kinds
    # The owner sees the boxes and the choices.
    page = client.get(persona_url()).content.decode()
    assert "data-picture-review" in page and 'data-kind="PHONE"' in page
    assert client.get(picture_url(world.relative)).status_code == 200
    # Nobody else sees the picture meanwhile: the file is 404 and the pages draw the generated one.
    other = login(world.patient.user)
    assert other.get(picture_url(world.relative)).status_code == 404
    profile = reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": world.relative.pk})
    assert picture_url(world.relative) not in other.get(profile).content.decode()


def test_masking_fills_what_was_found_and_shows_the_picture(world, login):
    client = login(world.relative.user)
    upload(client, world.relative, name_badge())
    world.relative.refresh_from_db()
    regions = [ocr.TextRegion.from_dict(region) for region in world.relative.avatar_review["text"]]
    response = client.post(reverse("networks:picture_review", kwargs={"slug": "breast"}), {"choice": "mask"})
    assert response.status_code == 302
    world.relative.refresh_from_db()
    assert world.relative.avatar_review == {}
    with world.relative.avatar.open("rb") as handle:
        image = Image.open(handle).convert("L")
        image.load()
    for region in regions:  # the boxes are black now
        box = image.crop((region.left, region.top, region.left + region.width, region.top + region.height))
        assert max(box.getdata()) < 40
    assert login(world.patient.user).get(picture_url(world.relative)).status_code == 200


def test_keeping_or_removing_it(world):
    member = services.update_persona(
        world.relative,
        display_name=world.relative.display_name,
        picture=SimpleUploadedFile("b.png", name_badge()),
    )
    assert member.avatar_review
    services.review_picture(member, choice="keep")
    member.refresh_from_db()
    assert member.avatar and member.avatar_review == {} and avatars.shown_to_others(member)
    member = services.update_persona(
        member, display_name=member.display_name, picture=SimpleUploadedFile("b.png", name_badge())
    )
    services.review_picture(member, choice="remove")
    member.refresh_from_db()
    assert not member.avatar and member.avatar_review == {}


def test_a_picture_without_anything_is_shown_at_once(world):
    member = services.update_persona(
        world.relative,
        display_name=world.relative.display_name,
        picture=SimpleUploadedFile("l.png", landscape()),
    )
    assert member.avatar and member.avatar_review == {}


# --- Images published without a review step: logos and the magazine's pictures ------------------
def test_a_network_logo_with_a_name_and_a_phone_is_refused(world):
    from entrepairs.errors import ActionRefused
    from entrepairs.networks import images

    with pytest.raises(ActionRefused) as refused:
        images.clean_logo(SimpleUploadedFile("logo.png", name_badge()))
    assert refused.value.code == "image_personal_data" and refused.value.field == "logo"
    assert images.clean_logo(SimpleUploadedFile("logo.png", landscape()))


def test_a_magazine_picture_of_a_prescription_is_refused(world):
    from entrepairs.errors import ActionRefused
    from entrepairs.magazine import services as magazine
    from tests.document_samples import prescription_bytes

    with pytest.raises(ActionRefused) as refused:
        magazine._clean_cover(SimpleUploadedFile("ordonnance.jpg", prescription_bytes()), field="image")
    assert refused.value.code == "image_personal_data" and refused.value.field == "image"
    assert magazine._clean_cover(SimpleUploadedFile("paysage.png", landscape()))
