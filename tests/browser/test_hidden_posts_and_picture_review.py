"""In a real browser (issue 16): a patient hides her old messages in one step and another member sees
them as "Message masqué par son auteur." in the thread; a patient's picture of a name badge is boxed,
masked in one click, then shown to the others. Screenshots under test-artifacts/screenshots/."""

import io
import shutil
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from entrepairs.discussions.models import Post
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.discussions.factories import thread_factory
from tests.document_samples import BOLD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def patients(browser, live_server, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Endométriose — entraide", slug="endometriose", kind="patients")
    author = f.member_factory(network, display_name="Mésange Tranquille")
    reader = f.member_factory(network, display_name="Héron Curieux")
    contexts = []

    def open_page(member, width=1280, height=900, *, mobile=False):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                      viewport={"width": width, "height": height}, is_mobile=mobile)  # fmt: skip
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, member.user.email, f.PASSWORD)
        return page

    yield network, author, reader, open_page
    for context in contexts:
        context.close()


def test_old_messages_hidden_in_one_step_stay_in_the_thread(patients, screenshot):
    network, author, reader, open_page = patients
    thread = thread_factory(author, title="Mon parcours à Plouguenast", replies=1, repliers=[reader])
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(days=40))
    page = open_page(author)
    page.goto(f"/n/{network.slug}/persona/")
    # The form's live privacy check runs once on load and may show its panel above the link: a click
    # aimed before it moved the link landed beside it (seen once, on a loaded CI machine).
    page.wait_for_load_state("networkidle")
    page.locator("a[data-hide-old-posts-link]").click()
    page.locator("main button[value=hide]").click()
    page.wait_for_load_state()
    assert page.locator("[data-hidden-count]").count() == 1
    screenshot(page, "hide-old-posts-done")

    other = open_page(reader, 390, 844, mobile=True)
    other.goto(f"/n/{network.slug}/t/{thread.pk}/")
    body = other.locator("main").inner_text()
    assert "Plouguenast" not in body and "Premier message." not in body
    assert "Message masqué par son auteur." in body and "Sujet masqué par son auteur" in body
    assert "Réponse 0" in body  # the reply keeps its place
    assert other.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(other, "hide-old-posts-seen-by-another-member-390")


def _name_badge() -> bytes:
    image = Image.new("RGB", (256, 150), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.text((10, 25), "Sophie Lambert", fill=(20, 20, 30), font=ImageFont.truetype(BOLD, 24))
    draw.text((10, 85), "06 12 34 56 78", fill=(20, 20, 30), font=ImageFont.truetype(BOLD, 24))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract-ocr is not installed")
def test_a_picture_with_a_name_is_boxed_and_masked_before_others_see_it(patients, screenshot):
    network, author, reader, open_page = patients
    page = open_page(author)
    page.goto(f"/n/{network.slug}/persona/")
    page.set_input_files(
        "input[name=picture]", files=[{"name": "badge.png", "mimeType": "image/png", "buffer": _name_badge()}]
    )
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    review = page.locator("[data-picture-review]")
    assert review.locator("svg.picture-boxes rect[data-kind=PHONE]").count() == 1
    assert review.locator("svg.picture-boxes rect[data-kind=PERSON]").count() >= 1
    screenshot(page, "picture-review-boxes")

    picture_url = f"/n/{network.slug}/members/{author.pk}/picture.png"
    other = open_page(reader)
    assert other.request.get(picture_url).status == 404  # not before the owner chose

    review.locator("button[value=mask]").click()
    page.wait_for_load_state()
    assert page.locator("[data-picture-review]").count() == 0
    screenshot(page, "picture-review-masked")
    assert other.request.get(picture_url).status == 200
