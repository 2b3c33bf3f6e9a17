"""The installable app on a weak connection, in Chromium through the real ASGI server (HTTP and the
websocket on one port): the service worker registers with scope /, a page asked for offline shows the
offline page, a message written offline waits in the conversation (marked as waiting) and is delivered
once when the connection returns. The app is photographed at phone width (SCREENSHOT_DIR)."""

import json
import re

import pytest
from playwright.sync_api import expect

from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.browser.test_messaging_live import asgi_url  # noqa: F401 the ASGI server fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def app(browser, asgi_url):  # noqa: F811 the fixture imported above
    network = f.network_factory(
        name="Maladies chroniques", slug="chroniques", allow_private_messages=True, theme_color="#7a2048"
    )
    colibri = f.member_factory(network, display_name="Colibri Serein")
    loutre = f.member_factory(network, display_name="Loutre Paisible")
    conversation = services.start_direct(colibri, loutre)
    context = browser.new_context(
        base_url=asgi_url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, colibri.user.email, f.PASSWORD)
    yield network, conversation, context, page
    context.close()


def _write(page, text):
    page.locator("[data-composer] textarea").fill(text)
    page.locator("[data-composer] textarea").press("Enter")


def test_offline_page_and_a_message_queued_offline_is_delivered_once(app, screenshot):
    network, conversation, context, page = app
    url = f"/n/{network.slug}/messages/c/{conversation.pk}/"
    page.goto(url)
    # The service worker installs (app shell cached) and takes control of the page.
    scope = page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", scope)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert page.evaluate("document.querySelector('meta[name=theme-color]').content") == "#7a2048"

    _write(page, "Premier message, en ligne")  # the socket is open: sent live
    expect(page.locator(".chat-message.is-mine:not(.is-pending)")).to_have_count(1)

    context.set_offline(True)
    # A page asked for without a connection: the offline page, from the service worker's cache.
    other = context.new_page()
    other.goto(f"/n/{network.slug}/")
    expect(other.locator("h1")).to_have_text("Vous êtes hors ligne")
    screenshot(other, "pwa-offline-page-phone")
    other.close()

    # Written offline: it waits in the page, marked as waiting, and the typed text is not lost.
    _write(page, "Écrit dans le tunnel")
    waiting = page.locator(".chat-message.is-waiting")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("en attente de connexion")
    expect(page.locator("#chat-status")).to_contain_text("Hors ligne")
    # The page keeps retrying (after 0.5-1 s, then 1-1.5 s): a retry failing offline does not
    # replace that with "Reconnecting…", which said nothing of the message waiting.
    page.wait_for_timeout(2_500)
    expect(page.locator("#chat-status")).to_contain_text("Hors ligne")
    screenshot(page, "pwa-message-waiting-phone")
    assert not Message.objects.filter(body="Écrit dans le tunnel").exists()

    context.set_offline(False)
    expect(page.locator(".chat-message.is-waiting")).to_have_count(0, timeout=15_000)
    expect(page.locator(".chat-message.is-mine:not(.is-pending)")).to_have_count(2)
    assert Message.objects.filter(body="Écrit dans le tunnel").count() == 1
    page.reload()
    expect(page.locator(".chat-body", has_text="Écrit dans le tunnel")).to_have_count(1)
    screenshot(page, "pwa-conversation-phone")


def test_the_devices_and_settings_pages_at_phone_width(app, screenshot, settings):
    from entrepairs.push import sender
    from entrepairs.push.models import Subscription

    network, conversation, _context, page = app
    settings.WEB_PUSH_VAPID_PRIVATE_KEY, settings.WEB_PUSH_VAPID_PUBLIC_KEY = sender.generate_keys()
    Subscription.objects.create(
        user=conversation.created_by.user, endpoint="https://push.example.org/1", p256dh="B" * 87, auth="a" * 22,
        label="Firefox, Android",
    )  # fmt: skip
    page.goto("/account/devices/")
    expect(page.locator("h1")).to_have_text("Notifications sur mes appareils")
    expect(page.locator("[data-push-status]")).not_to_contain_text("Vérification")
    expect(page.locator(".device-item")).to_contain_text("Firefox, Android")
    screenshot(page, "pwa-devices-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "pwa-devices-desktop")
    page.set_viewport_size(PHONE)
    page.goto(f"/n/{network.slug}/notifications/devices/")
    expect(page.locator("input[name=pref-kinds]")).to_have_count(5)  # reports: moderators only
    screenshot(page, "pwa-network-settings-phone")
    page.goto("/manifest.json")
    assert '"display": "standalone"' in page.content()


def test_the_service_worker_shows_a_pushed_notification_with_its_tag_and_badge(app):
    """A push as the push service delivers it (Chromium's DevTools protocol hands the payload to the
    service worker): one notification, the server's title, the collapse tag and the page to open."""
    network, conversation, context, page = app
    context.grant_permissions(["notifications"])
    page.goto(f"/n/{network.slug}/messages/c/{conversation.pk}/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    session = context.new_cdp_session(page)
    session.send("ServiceWorker.enable")
    registrations = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"])
    )
    for _ in range(100):  # the registrations are reported as events after enable
        if any(r["scopeURL"].endswith("/") for r in registrations):
            break
        page.wait_for_timeout(50)
    [registration] = [r for r in registrations if r["scopeURL"].endswith("/")]
    payload = {
        "title": "Nouveau message — Maladies chroniques",
        "body": "",
        "url": page.url,
        "tag": "t" * 32,
        "badge": 2,
    }
    origin = page.evaluate("location.origin")
    for _ in range(2):  # twice with one tag: the device keeps one notification
        session.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": origin, "registrationId": registration["registrationId"], "data": json.dumps(payload)},
        )
    page.wait_for_function(
        "navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((n) => n.length === 1)"
    )
    shown = page.evaluate(
        "navigator.serviceWorker.ready.then((r) => r.getNotifications())"
        ".then((n) => n.map((x) => ({title: x.title, tag: x.tag, url: x.data.url})))"
    )
    assert shown == [{"title": payload["title"], "tag": payload["tag"], "url": page.url}]
