"""Journeys of issue 13 in a real browser: a visitor signs up from a network's page and lands back on
its join page; a reply on page 1 of a long thread lands on the page holding it; a mention typed with
the autocomplete becomes a chip and notifies; opening the notification reads it; a conversation is
started from a member picker typed without accents."""

import re
from datetime import timedelta

import pytest
from django.db.models import F

from entrepairs.discussions.models import Notification, Post
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.discussions.factories import thread_factory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_sign_up_from_a_networks_page_lands_back_on_its_join_page(page, mailoutbox, screenshot):
    network = f.network_factory(name="Endométriose", slug="endometriose")
    page.goto(f"/n/{network.slug}/about/")
    page.locator("a[data-signup-to-join]").click()
    page.fill("input[name=email]", "visiteuse@example.test")
    page.fill("input[name=password1]", "un-mot-de-passe-solide")
    page.fill("input[name=password2]", "un-mot-de-passe-solide")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[-1].body).group(0)
    assert "next=" in link
    page.goto(link)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/n/{network.slug}/join/")
    assert page.locator("input[name=display_name]").count() == 1
    screenshot(page, "journey-join-after-sign-up")


def test_reply_on_page_one_lands_on_the_last_page_with_a_confirmation(
    browser, live_server, settings, screenshot
):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Maladies chroniques", slug="maladies-chroniques")
    author = f.member_factory(network, display_name="Colibri Serein")
    replier = f.member_factory(network, display_name="Loutre Paisible 12")
    thread = thread_factory(author, replies=120, repliers=[author], title="Fatigue au long cours")
    Post.objects.filter(thread=thread).update(created_at=F("created_at") - timedelta(hours=2))
    context, page = _context(browser, live_server)
    sign_in(page, replier.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/t/{thread.pk}/")
    assert page.locator(".page-indicator").first.inner_text() == "Page 1 sur 3"
    page.fill("#reply textarea[name=body]", "Merci à tous, je me sens moins seule.")
    page.locator("#reply button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?page=3#post-\d+$"))
    assert "Votre réponse a été publiée." in page.content()
    assert page.locator(".page-indicator").first.inner_text() == "Page 3 sur 3"
    post_id = page.url.rsplit("#post-", 1)[1]
    assert page.locator(f"#post-{post_id}").is_visible()
    page.locator('a[data-page="first"]').first.click()
    assert page.locator(".page-indicator").first.inner_text() == "Page 1 sur 3"
    screenshot(page, "journey-thread-pages")
    context.close()


def test_mention_with_autocomplete_becomes_a_chip_and_the_notification_is_read_on_opening(
    browser, live_server, settings, screenshot
):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Maladies chroniques", slug="maladies-chroniques")
    author = f.member_factory(network, display_name="Colibri Serein")
    otter = f.member_factory(network, display_name="Loutre Paisible 12")
    thread = thread_factory(author, title="Marcher avec une fatigue chronique")
    context, page = _context(browser, live_server)
    sign_in(page, author.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/t/{thread.pk}/")
    area = page.locator("#reply textarea[name=body]")
    area.click()
    area.press_sequentially("Qu'en penses-tu @lou", delay=20)
    choice = page.locator("button[data-member-name='Loutre Paisible 12']")
    choice.wait_for()
    screenshot(page, "journey-mention-autocomplete")
    choice.click()
    assert area.input_value() == "Qu'en penses-tu @[Loutre Paisible 12] "
    area.press_sequentially("?")
    # The live check never flags a member's pseudonym.
    page.wait_for_timeout(1500)
    assert page.locator("[data-privacy-finding]").count() == 0
    page.locator("#reply button[type=submit]").click()
    page.wait_for_load_state()
    chip = page.locator(".post-body a.mention")
    assert chip.inner_text() == "@Loutre Paisible 12"
    assert "@[" not in page.locator(".posts").inner_text()
    context.close()

    context, page = _context(browser, live_server)
    sign_in(page, otter.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/notifications/")
    page.get_by_role("link", name=re.compile("Colibri Serein vous a mentionné")).click()
    page.wait_for_url(re.compile(r"#post-\d+$"))
    assert not Notification.objects.filter(recipient=otter, read_at__isnull=True).exists()
    assert page.locator("a.bell .count-badge").count() == 0
    context.close()


def test_start_a_conversation_from_a_picker_typed_without_accents(browser, live_server, settings, screenshot):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Proches aidants", slug="proches-aidants", allow_private_messages=True)
    me = f.member_factory(network, display_name="Colibri Serein")
    f.member_factory(network, display_name="Écureuil Vif")
    context, page = _context(browser, live_server)
    sign_in(page, me.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/messages/new/")
    field = page.locator("input[name=member]")
    field.press_sequentially("ecu", delay=30)
    choice = page.locator("button[data-member-name='Écureuil Vif']")
    choice.wait_for()
    screenshot(page, "journey-member-picker")
    choice.click()
    assert field.input_value() == "Écureuil Vif"
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/messages/c/\d+/$"))
    context.close()
