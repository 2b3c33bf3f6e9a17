"""In a real browser: a cardiologist writes a clinical case with two photos (one with a drawn face),
reviews them (as taken next to blurred) at desktop and phone widths, publishes, and a colleague sees
the published photo on the case page. Screenshots under test-artifacts/screenshots/ (SCREENSHOT_DIR)."""

import io
import re
import threading

import pytest
from PIL import Image

from tests import factories as f
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.face_samples import cartoon_face, scene

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _cardiologist(network, name):
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    return f.member_factory(network, user=user, qualification=qualification, display_name=name)


def _jpeg(image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=90)
    return output.getvalue()


@pytest.fixture
def one_request_at_a_time(live_server):
    """In tests the live server's threads share one in-memory SQLite connection, and the two or four
    photos a page shows, requested at once, would use it together ("bad parameter or other API
    misuse"). Django handles one request at a time here; connections stay parallel. PostgreSQL and a
    file database, as in production, serve the photos in parallel."""
    server = live_server.thread.httpd
    application = server.get_app()
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            return application(environ, start_response)

    server.set_app(one_at_a_time)
    yield
    server.set_app(application)


def _loaded(page, selector) -> bool:
    """The image is shown: scrolled into view first (photos load lazily), then given time to arrive."""
    image = page.locator(selector)
    image.scroll_into_view_if_needed()
    image.element_handle().wait_for_element_state("visible")
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    return image.evaluate("image => image.complete && image.naturalWidth > 0")


def test_write_a_case_with_photos_review_and_publish(
    browser, live_server, one_request_at_a_time, page, mobile_page, screenshot, settings
):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Cardiologues", slug="cardiologues", kind="professionals",
                                professions=[f.profession("10")], specialties=[f.specialty("SM04")])  # fmt: skip
    author = _cardiologist(network, "Dr Systole")
    colleague = _cardiologist(network, "Dr Diastole")
    face = {"name": "visage.jpg", "mimeType": "image/jpeg",
            "buffer": _jpeg(scene((cartoon_face(220), (420, 80)), size=(1200, 800)))}  # fmt: skip
    plain = {
        "name": "peau.jpg",
        "mimeType": "image/jpeg",
        "buffer": _jpeg(Image.new("RGB", (800, 600), (214, 170, 150))),
    }

    sign_in(page, author.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/d/new/?kind=case")
    page.fill("input[name=title]", "Éruption du visage chez une adulte")
    page.select_option("select[name=age_band]", "30-39")
    page.fill("textarea[name=context]", "Éruption érythémateuse du visage depuis trois jours, sans fièvre.")
    page.fill("textarea[name=question]", "Quel diagnostic évoquez-vous ?")
    page.set_input_files("input[name=photos]", files=[face, plain])
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/t/\d+/photos/"))
    review_url = page.url

    assert page.locator("article.photo-review").count() == 2
    first = page.locator("article.photo-review").first
    assert first.locator("img").count() == 2  # as taken and blurred, side by side
    for index in range(2):
        assert first.locator("img").nth(index).evaluate("image => image.complete && image.naturalWidth > 0")
    screenshot(page, "case-photos-review-desktop")

    sign_in(mobile_page, author.user.email, f.PASSWORD)
    mobile_page.goto(review_url)
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the review page scrolls sideways on a phone ({width}px)"
    screenshot(mobile_page, "case-photos-review-390")
    mobile_page.locator("details.as-taken summary").first.click()  # the warning and its confirmation
    assert mobile_page.locator("details.as-taken input[name=confirm]").first.is_visible()
    mobile_page.locator("details.as-taken").first.screenshot(
        path=str(SCREENSHOTS / "case-photos-as-taken-390.png")
    )

    first.locator("button[value=publish_blurred]").click()
    page.wait_for_load_state()
    second = page.locator("article.photo-review").first
    second.locator("button[value=publish_original]").click()
    page.wait_for_load_state()
    assert page.locator("article.photo-review").count() == 0
    assert page.locator(".photo-grid img").count() == 2

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    other = context.new_page()
    sign_in(other, colleague.user.email, f.PASSWORD)
    other.goto(review_url.replace("photos/", ""))
    assert other.locator(".case-photos .photo-grid img").count() == 2
    assert _loaded(other, ".case-photos .photo-grid img >> nth=0")
    screenshot(other, "case-photos-on-the-case")
    assert other.goto(review_url).status == 404
    context.close()
