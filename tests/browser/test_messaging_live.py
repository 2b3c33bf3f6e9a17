"""Two members chat live in two real browsers, through the real ASGI server (uvicorn: HTTP and the
websocket on one port): what one writes appears for the other without a reload, the header's
Messages badge follows, and the typing indicator shows. The conversation screen is also
photographed at phone and desktop widths (SCREENSHOT_DIR, default test-artifacts/screenshots/)."""

import re

import pytest
from playwright.sync_api import expect

from entrepairs.messaging.models import Message
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.messaging.sockets import uvicorn_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def asgi_url():
    """pytest-django's live_server speaks WSGI only: no websocket. This one serves the project's
    ASGI application, against the same test database. The channel layer starts empty: the in-memory
    one keeps groups and is bound to the event loop of the server that first used it."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    with uvicorn_server() as address:
        yield f"http://{address}"
    channel_layers.backends.clear()


@pytest.fixture
def chat(browser, asgi_url):
    network = f.network_factory(name="Maladies chroniques", slug="chroniques", allow_private_messages=True)
    members = {
        name: f.member_factory(network, display_name=name) for name in ("Colibri Serein", "Loutre Paisible")
    }
    contexts = []

    def open_as(name, viewport=DESKTOP, **options):
        context = browser.new_context(base_url=asgi_url, locale="fr-FR", viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, members[name].user.email, f.PASSWORD)
        return page

    yield network, members, open_as
    for context in contexts:
        context.close()


def _badge(page):
    return page.locator("#messages-badge .count-badge")


def _write(page, text):
    page.locator("[data-composer] textarea").fill(text)
    page.locator("[data-composer] textarea").press("Enter")


def test_two_members_chat_live(chat, screenshot):
    network, members, open_as = chat
    colibri = open_as("Colibri Serein")
    loutre = open_as("Loutre Paisible")

    # Loutre waits on the conversation list: its socket is open there.
    loutre.goto(f"/n/{network.slug}/messages/")
    expect(_badge(loutre)).to_have_count(0)

    # Colibri starts the conversation from the form and writes.
    colibri.goto(f"/n/{network.slug}/messages/new/")
    colibri.fill("input[name=member]", "Loutre Paisible")
    colibri.locator("main form button[type=submit]").click()
    colibri.wait_for_url(re.compile(r"/messages/c/\d+/$"))
    conversation_url = colibri.url
    _write(colibri, "Bonjour, comment se passe la semaine ?")
    expect(colibri.locator(".chat-message.is-mine:not(.is-pending)")).to_have_count(1)

    # Without a reload, Loutre's list gets the conversation (new: the page fetches it once), then
    # every further message raises both the row's badge and the header's.
    expect(loutre.locator(".conversation-item")).to_have_count(1)
    expect(_badge(loutre)).to_have_text("1")
    loutre_list_url = loutre.url
    _write(colibri, "Je voulais aussi vous demander un conseil.")
    expect(loutre.locator(".conversation-item [data-unread]")).to_have_text("2")
    expect(_badge(loutre)).to_have_text("2")
    expect(_badge(loutre)).to_have_attribute("aria-label", re.compile(r"^2 "))
    assert loutre.url == loutre_list_url
    screenshot(loutre, "messaging-list-live-badge")

    # Opening the conversation reads it: the header badge is gone.
    loutre.locator(".conversation-item a").click()
    loutre.wait_for_url(conversation_url)
    expect(loutre.locator(".chat-message")).to_have_count(2)
    expect(_badge(loutre)).to_have_count(0)

    # Loutre types: Colibri sees it; then the reply arrives without a reload.
    loutre.locator("[data-composer] textarea").press_sequentially("Bien, merci", delay=20)
    expect(colibri.locator("#chat-status")).to_contain_text("Loutre Paisible")
    loutre.locator("[data-composer] textarea").press("End")
    loutre.locator("[data-composer] textarea").press_sequentially(" ! Et vous ?")
    loutre.locator("[data-composer] textarea").press("Enter")
    reply = colibri.locator(".chat-message:not(.is-mine) .chat-body")
    expect(reply).to_have_text("Bien, merci ! Et vous ?")
    expect(colibri.locator("#chat-status")).to_have_text("")  # sent: no longer "typing"
    assert colibri.url == conversation_url
    assert list(Message.objects.order_by("sequence").values_list("body", flat=True)) == [
        "Bonjour, comment se passe la semaine ?",
        "Je voulais aussi vous demander un conseil.",
        "Bien, merci ! Et vous ?",
    ]
    screenshot(colibri, "messaging-chat-after-reply")


def test_header_badge_on_a_page_without_socket_follows_by_polling(chat):
    network, members, open_as = chat
    loutre = open_as("Loutre Paisible")
    loutre.clock.install()
    loutre.goto(f"/n/{network.slug}/")  # the network's home: no socket there
    expect(_badge(loutre)).to_have_count(0)

    from entrepairs.messaging import services
    from tests.messaging.helpers import say

    conversation = services.start_direct(members["Colibri Serein"], members["Loutre Paisible"])
    say(members["Colibri Serein"], conversation, "Un message pendant que vous lisez l'accueil")
    loutre.clock.fast_forward(31_000)  # htmx polls the badge every 30 s
    expect(_badge(loutre)).to_have_text("1")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_conversation_screen_fits_its_width(chat, screenshot, viewport):
    network, members, open_as = chat
    from entrepairs.messaging import services
    from tests.messaging.helpers import say

    colibri, loutre = members["Colibri Serein"], members["Loutre Paisible"]
    conversation = services.start_direct(colibri, loutre)
    for index in range(6):
        say(
            loutre if index % 2 else colibri,
            conversation,
            f"Message {index} " + "assez long pour passer à la ligne " * 3,
        )
    say(loutre, conversation, "https://example.org/" + "x" * 120)  # one long unbreakable word
    page = open_as("Colibri Serein", viewport=viewport, is_mobile=viewport is PHONE)
    page.goto(f"/n/{network.slug}/messages/c/{conversation.pk}/")
    expect(page.locator(".chat-message")).to_have_count(7)
    name = "phone" if viewport is PHONE else "desktop"
    screenshot(page, f"messaging-conversation-{name}")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    composer = page.locator("[data-composer] textarea").bounding_box()
    assert composer["x"] >= 0 and composer["x"] + composer["width"] <= viewport["width"]
