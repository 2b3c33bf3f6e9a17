"""In a real browser (issue 16, details that identify together): a patient types a reply giving her
exact age, her profession, her small town, her rare condition and the date of her diagnosis; the
composer says that together these details could let someone recognise her and suggests what to say
instead; nothing is blocked, the reply is published as written."""

import re

import pytest

from tests.browser.test_privacy_composer import reply_page as reply_page_fixture
from tests.browser.test_privacy_composer import type_reply

reply_page = reply_page_fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

TEXT = "J'ai 47 ans, infirmière à Plouha, et on m'a diagnostiqué une maladie de Fabry le 12 mars 2024."


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)])
def test_the_composer_warns_about_details_that_identify_together(
    reply_page, screenshot, width, height, mobile
):  # noqa: F811
    page, errors = reply_page(width, height, mobile=mobile)
    type_reply(page, TEXT)
    warning = page.locator("#reply [data-privacy-combination]")
    warning.wait_for()
    text = warning.inner_text()
    assert "Ensemble, ces détails pourraient permettre de vous reconnaître" in text
    assert "une petite ville de Bretagne" in text and "la quarantaine" in text and "une maladie rare" in text
    kinds = warning.locator("[data-kind]").evaluate_all("items => items.map(item => item.dataset.kind)")
    assert {"AGE", "TOWN", "CONDITION", "EVENT_DATE"} <= set(kinds)
    if mobile:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#reply textarea[name=body]").evaluate("el => el.blur()")
    warning.scroll_into_view_if_needed()
    screenshot(page, f"privacy-combination-{width}")

    page.locator("#reply button[type=submit]").click()  # never blocks
    page.wait_for_url(re.compile(r"#post-\d+$"))
    assert "Plouha" in page.locator(".post-body").last.inner_text()
    assert errors == []
