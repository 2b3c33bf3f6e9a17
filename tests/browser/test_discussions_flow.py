"""In a real browser: write a thread, another member replies, the author sees the notification,
then searches and finds the thread."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_write_reply_get_notified_and_search(browser, live_server, screenshot, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Maladies chroniques", slug="maladies-chroniques")
    author = f.member_factory(network, display_name="Colibri Serein")
    replier = f.member_factory(network, display_name="Loutre Paisible")

    def new_page():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return context, page

    author_context, page = new_page()
    sign_in(page, author.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/d/")
    page.get_by_role("link", name=re.compile("Nouvelle discussion")).first.click()
    page.locator("a[data-kind=question]").click()
    page.wait_for_url(re.compile(r"kind=question"))
    page.fill("input[name=title]", "Gérer la fatigue de l'après-midi")
    page.fill("textarea[name=body]", "Vers 15 h je n'ai plus d'énergie. **Des idées ?**")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/t/\d+/$"))
    thread_url = page.url
    assert page.locator(".post-body strong").inner_text() == "Des idées ?"

    replier_context, other = new_page()
    sign_in(other, replier.user.email, f.PASSWORD)
    other.goto(thread_url)
    other.fill("textarea[name=body]", "Une courte sieste et une marche m'aident beaucoup.")
    other.locator("#reply button[type=submit]").click()
    expect(other.locator(".post-body").last).to_contain_text("Une courte sieste")
    replier_context.close()

    page.goto(f"/n/{network.slug}/")
    bell = page.locator("a.bell")
    assert bell.locator(".count-badge").inner_text() == "1"
    bell.click()
    # a click only waits for the next page to start loading: assertions that wait for it
    page.wait_for_url(re.compile(r"/notifications/$"))
    expect(page.locator("main")).to_contain_text("Loutre Paisible a répondu")
    screenshot(page, "notifications")
    page.get_by_role("link", name=re.compile("Loutre Paisible a répondu")).click()
    page.wait_for_url(re.compile(r"/t/\d+/"))
    expect(page.locator(".post-body").last).to_contain_text("Une courte sieste")

    page.goto(f"/n/{network.slug}/search/?q=fatigue")
    result = page.locator(".thread-list h3 a").first
    assert result.inner_text() == "Gérer la fatigue de l'après-midi"
    assert result.locator("mark").inner_text().lower() == "fatigue"
    assert page.locator("mark").count() >= 1
    screenshot(page, "search")
    author_context.close()
