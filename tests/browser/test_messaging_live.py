"""Two members chat live in two real browsers, through the real ASGI server (uvicorn: HTTP and the
websocket on one port): what one writes appears for the other without a reload, the header's
Messages badge follows, and the typing indicator shows; a message that arrived live can be replied
to at once, and its edit or deletion shows live. The conversation screen is also photographed at
phone and desktop widths (SCREENSHOT_DIR, default test-artifacts/screenshots/)."""

import re

import pytest
from playwright.sync_api import expect

from entrepairs.messaging.models import Message
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.messaging.sockets import uvicorn_server

# On someone else's message: reply, or report it to the moderators (never edit or delete).
THEIR_ACTIONS = re.compile(r"^\s*Répondre\s*·\s*Signaler\s*$")
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
    # Screen readers hear the hidden text, not the number (aria-label is not allowed on a span).
    for badge in (_badge(loutre), loutre.locator(".conversation-item [data-unread]")):
        expect(badge).to_have_attribute("aria-hidden", "true")
        expect(badge.locator("+ .visually-hidden")).to_have_text("2 messages non lus")
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


def _message(page, text):
    return page.locator(".chat-message", has_text=text)


def test_live_messages_are_replied_to_edited_and_deleted_live(chat, screenshot):
    """Everything here happens in Loutre's one page load: the message arrives live with its Reply
    action, the reply quotes it, and Colibri's edit (from another tab) and deletion show live,
    in the message and in the quote of the reply."""
    network, members, open_as = chat
    from entrepairs.messaging import services

    conversation = services.start_direct(members["Colibri Serein"], members["Loutre Paisible"])
    url = f"/n/{network.slug}/messages/c/{conversation.pk}/"
    colibri = open_as("Colibri Serein")
    loutre = open_as("Loutre Paisible", viewport=PHONE, is_mobile=True)
    colibri.goto(url)
    loutre.goto(url)
    loutre.evaluate("window.sameLoad = true")  # gone if the page reloads

    # Colibri writes: both pages show it with the page's markup and actions, without a reload.
    _write(colibri, "Quelqu'un a essayé la marche nordique ?")
    mine = colibri.locator(".chat-message.is-mine:not(.is-pending)")
    expect(mine.locator(".chat-actions")).to_contain_text("Répondre · Modifier · Supprimer")
    question = _message(loutre, "marche nordique")
    expect(question.locator(".chat-actions")).to_have_text(THEIR_ACTIONS)
    expect(question.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))

    # Loutre replies with the live message's Reply action: the composer says to whom, focused.
    question.get_by_role("link", name="Répondre").click()
    preview = loutre.locator("[data-reply-preview]")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("En réponse à Colibri Serein: Quelqu'un a essayé la marche nordique ?")
    expect(loutre.locator("[data-composer] textarea")).to_be_focused()
    expect(loutre.locator("[data-composer] textarea")).to_have_attribute(
        "aria-describedby", re.compile("reply-preview")
    )
    screenshot(loutre, "messaging-live-replying-phone")
    _write(loutre, "Oui, deux fois par semaine.")
    expect(preview).to_be_hidden()  # sent: the next message is not a reply
    reply = _message(loutre, "deux fois par semaine")
    expect(reply.locator(".chat-quote")).to_have_text(
        "Colibri Serein Quelqu'un a essayé la marche nordique ?"
    )
    expect(reply.locator(".chat-actions")).to_contain_text("Modifier")
    expect(_message(colibri, "deux fois par semaine").locator(".chat-quote")).to_contain_text(
        "marche nordique"
    )
    stored = Message.objects.get(body="Oui, deux fois par semaine.")
    assert stored.reply_to.body == "Quelqu'un a essayé la marche nordique ?"
    screenshot(loutre, "messaging-live-reply-phone")
    screenshot(colibri, "messaging-live-reply-desktop")

    # Colibri edits in a second tab: the first tab and Loutre's page show the new text live.
    second_tab = colibri.context.new_page()
    second_tab.goto(url)
    _message(second_tab, "marche nordique").get_by_role("link", name="Modifier").click()
    second_tab.locator("main form textarea[name=body]").fill(
        "Quelqu'un a essayé la marche nordique en groupe ?"
    )
    second_tab.locator("main form button[type=submit]").click()
    second_tab.wait_for_url(re.compile(r"/messages/c/\d+/#m\d+$"))
    for page in (colibri, loutre):
        edited = _message(page, "en groupe").first
        expect(edited.locator(".chat-meta")).to_contain_text("(modifié)")
    expect(_message(loutre, "deux fois").locator(".chat-quote")).to_contain_text("en groupe ?")
    expect(_message(colibri, "en groupe").first.locator(".chat-actions")).to_contain_text("Supprimer")

    # Colibri deletes it from the first tab, with the Delete button of the markup fetched live.
    _message(colibri, "en groupe").first.get_by_role("button", name="Supprimer").click()
    deleted = loutre.locator(f'.chat-message[data-id="{stored.reply_to_id}"]')
    expect(deleted).to_have_class(re.compile("is-deleted"))
    expect(deleted.locator(".chat-body")).to_have_text("Ce message a été supprimé.")
    expect(deleted.locator(".chat-actions")).to_have_count(0)
    expect(_message(loutre, "deux fois").locator(".chat-quote")).to_have_text(
        "Colibri Serein Message supprimé"
    )
    assert Message.objects.get(pk=stored.reply_to_id).deleted_at is not None
    assert loutre.evaluate("window.sameLoad") is True
    screenshot(loutre, "messaging-live-deleted-phone")
    screenshot(colibri, "messaging-live-deleted-desktop")


def test_live_message_shows_its_text_when_its_markup_cannot_be_fetched_then_gets_it(chat):
    network, members, open_as = chat
    from entrepairs.messaging import services

    conversation = services.start_direct(members["Colibri Serein"], members["Loutre Paisible"])
    url = f"/n/{network.slug}/messages/c/{conversation.pk}/"
    colibri = open_as("Colibri Serein")
    loutre = open_as("Loutre Paisible")
    colibri.goto(url)
    loutre.goto(url)
    loutre.route("**/items/?ids=*", lambda route: route.abort())
    _write(colibri, "Le serveur tousse un peu.")
    arrived = _message(loutre, "Le serveur tousse un peu.")
    expect(arrived.locator(".chat-body")).to_have_text("Le serveur tousse un peu.")  # from the frame
    expect(arrived.locator(".chat-actions")).to_have_count(0)
    # The server answers again: the next message's fetch brings the markup missed (as does the resume
    # after a cut of the socket).
    loutre.unroute("**/items/?ids=*")
    _write(colibri, "Ça va mieux.")
    expect(_message(loutre, "Ça va mieux.").locator(".chat-actions")).to_have_text(THEIR_ACTIONS)
    expect(arrived.locator(".chat-actions")).to_have_text(THEIR_ACTIONS)
