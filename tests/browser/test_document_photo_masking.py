"""In a real browser (issue 16, pictures of documents): a cardiologist attaches a photographed
prescription (synthetic: an invented patient's name and NIR) to a clinical case, sees red boxes over
what was read on it, masks them in one click, publishes; a colleague sees the photo with the name
masked. Screenshots under test-artifacts/screenshots/."""

import re
import shutil

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from entrepairs.discussions.models import CasePhoto
from entrepairs.privacy import ocr
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.browser.test_case_photos_review import _cardiologist, _loaded, one_request_at_a_time  # noqa: F401
from tests.document_samples import PATIENT, prescription_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "one_request_at_a_time"),
    pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract-ocr is not installed"),
]


def test_a_photographed_prescription_has_its_name_masked_before_publishing(
    browser,
    live_server,
    page,
    mobile_page,
    screenshot,
    settings,  # noqa: F811
):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Cardiologues", slug="cardiologues", kind="professionals",
                                professions=[f.profession("10")], specialties=[f.specialty("SM04")])  # fmt: skip
    author = _cardiologist(network, "Dr Systole")
    colleague = _cardiologist(network, "Dr Diastole")
    document = {"name": "ordonnance.jpg", "mimeType": "image/jpeg",
                "buffer": prescription_bytes(photo=True, tilt=1.5)}  # fmt: skip

    sign_in(page, author.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/d/new/?kind=case")
    page.fill("input[name=title]", "Interaction médicamenteuse ?")
    page.select_option("select[name=age_band]", "40-49")
    page.fill("textarea[name=context]", "Patiente sous paracétamol au long cours, voir l'ordonnance jointe.")
    page.fill("textarea[name=question]", "Faut-il adapter la posologie ?")
    page.set_input_files("input[name=photos]", files=[document])
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/t/\d+/photos/"))
    review_url = page.url

    review = page.locator("article.photo-review").first
    boxes = review.locator("svg.text-boxes rect")
    assert boxes.count() >= 3  # the patient's name, the NIR, the phone number (and the doctor's)
    assert review.locator("svg.text-boxes rect[data-kind=PERSON]").count() >= 1
    assert review.locator("svg.text-boxes rect[data-kind=NIR]").count() == 1
    # The boxes sit over the picture: the first box is inside the image's rectangle.
    image_box = review.locator(".photo-frame img").bounding_box()
    first_box = boxes.first.bounding_box()
    assert image_box["x"] <= first_box["x"] <= image_box["x"] + image_box["width"]
    assert image_box["y"] <= first_box["y"] <= image_box["y"] + image_box["height"]
    screenshot(page, "document-photo-boxes-desktop")
    sign_in(mobile_page, author.user.email, f.PASSWORD)
    mobile_page.goto(review_url)
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile_page, "document-photo-boxes-390")

    review.locator("button[value=mask_text]").click()  # the one click
    page.wait_for_load_state()
    review = page.locator("article.photo-review").first
    assert review.locator("svg.text-boxes").count() == 0
    assert _loaded(page, "article.photo-review .photo-frame img")
    screenshot(page, "document-photo-masked-desktop")
    photo = CasePhoto.objects.get(case__thread__author=author)
    assert photo.text_masked and photo.status == CasePhoto.Status.PENDING
    with default_storage.open(photo.original.name, "rb") as stored:
        text = " ".join(word.text for word in ocr.read_words(Image.open(stored).convert("RGB")))
    assert PATIENT.split()[1] not in text and "Doliprane" in text

    review.locator("button[value=publish_original]").click()
    page.wait_for_load_state()
    assert page.locator("article.photo-review").count() == 0

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    other = context.new_page()
    sign_in(other, colleague.user.email, f.PASSWORD)
    other.goto(review_url.replace("photos/", ""))
    assert other.locator(".case-photos .photo-grid img").count() == 1
    assert _loaded(other, ".case-photos .photo-grid img >> nth=0")
    screenshot(other, "document-photo-on-the-case")
    context.close()
