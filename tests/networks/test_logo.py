from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entrepairs.networks.models import Network
from tests import factories as f
from tests.images import jpeg_with_gps

FORM = {"name": "Réseau Logo", "slug": "reseau-logo", "kind": "patients", "language": "fr",
        "theme_color": "#123456", "join_policy": "open"}  # fmt: skip


def test_logo_upload_loses_exif_and_gps(login, world):
    original = jpeg_with_gps()
    assert Image.open(__import__("io").BytesIO(original)).getexif().get(0x8825)  # the fixture really has GPS
    client = login(world.operator)
    upload = SimpleUploadedFile("photo.jpg", original, content_type="image/jpeg")
    response = client.post(reverse("operator"), {**FORM, "admin_email": world.stranger.email, "logo": upload})
    assert response.status_code == 302
    network = Network.objects.get(slug="reseau-logo")
    with network.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert not image.getexif()
        assert "exif" not in image.info
    served = client.get(reverse("networks:logo", kwargs={"slug": "reseau-logo"}))
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"


def test_non_image_logo_is_a_form_error_and_nothing_is_created(login, world):
    client = login(world.operator)
    upload = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(reverse("operator"), {**FORM, "admin_email": world.stranger.email, "logo": upload})
    assert response.status_code == 200
    assert "image" in response.content.decode()
    assert not Network.objects.filter(slug="reseau-logo").exists()


def test_logo_of_invitation_only_network_is_404_for_strangers(login, world):
    from django.core.files.base import ContentFile

    from tests.images import tiny_png

    world.secret.logo.save("x.png", ContentFile(tiny_png()), save=True)
    assert login(world.stranger).get(reverse("networks:logo", kwargs={"slug": "secret"})).status_code == 404
    network = f.network_factory()
    assert (
        login(world.stranger).get(reverse("networks:logo", kwargs={"slug": network.slug})).status_code == 404
    )
