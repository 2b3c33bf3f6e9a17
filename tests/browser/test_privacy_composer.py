"""In a real browser, the composer's live privacy check (issue 5): a member types a phone number in a
reply, sees it flagged, replaces it with one click and publishes the reply without the number.

The panel's strings are checked through its data attributes, not its wording: the French catalogue
of these new strings is written separately (locale/ is compiled by the translators' pass)."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import sign_in
from tests.discussions.factories import thread_factory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

PHONE = "06 12 34 56 78"
MASKED = "[téléphone masqué]"


@pytest.fixture
def reply_page(browser, live_server, settings):
    """A patient member signed in on a thread of a French patient network, at desktop and phone sizes."""
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Endométriose — entraide", slug="endometriose", kind="patients")
    member = f.member_factory(network, display_name="Mésange Tranquille")
    thread = thread_factory(member, title="Trouver un centre de référence")
    contexts = []

    def open_page(width, height, *, mobile=False):
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            viewport={"width": width, "height": height},
            is_mobile=mobile,
            has_touch=mobile,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, member.user.email, f.PASSWORD)
        page.goto(f"/n/{network.slug}/t/{thread.pk}/")
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


def type_reply(page, text):
    box = page.locator("#reply textarea[name=body]")
    box.click()
    box.press_sequentially(text, delay=5)  # real key presses: input events, then the 600 ms pause
    return box


def test_type_a_phone_number_see_it_flagged_replace_it_in_one_click_and_publish(reply_page, screenshot):
    page, errors = reply_page(1280, 900)
    box = type_reply(page, f"Le centre m'a rappelée, vous pouvez me joindre au {PHONE} le soir.")

    finding = page.locator("#reply [data-privacy-finding]")
    finding.wait_for()
    assert finding.count() == 1
    assert finding.get_attribute("data-replacement") == MASKED
    assert finding.locator("mark").inner_text() == PHONE
    assert "privacy-confirm" in finding.get_attribute("class")
    # Screen readers hear the count once, from the live region.
    status = page.locator("#reply [data-privacy-status]")
    assert status.inner_text() == page.locator("#reply [data-privacy-summary]").inner_text()
    assert status.inner_text().startswith("1 ")  # "1 item to check", in the page's language
    assert box.get_attribute("data-privacy-flag") == "confirm"
    screenshot(page, "privacy-composer-desktop")

    # "Show in my text" selects the number in the field.
    finding.locator("[data-privacy-select]").click()
    assert box.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)") == PHONE

    finding.locator("[data-privacy-replace]").click()
    assert box.input_value() == f"Le centre m'a rappelée, vous pouvez me joindre au {MASKED} le soir."
    # The check runs again at once: nothing left, the field's outline goes, the panel empties.
    page.locator("#reply [data-privacy-finding]").wait_for(state="detached")
    expect(box).not_to_have_attribute("data-privacy-flag", re.compile(".*"))
    assert status.inner_text() == page.locator("#reply [data-privacy-check]").get_attribute(
        "data-label-clear"
    )

    page.locator("#reply button[type=submit]").click()
    page.wait_for_url(re.compile(r"#post-\d+$"))
    last = page.locator(".post-body").last
    assert MASKED in last.inner_text()
    assert PHONE not in page.content()
    assert errors == []  # no CSP refusal, no script error


def test_on_a_phone_the_panel_fits_and_replacing_does_not_open_the_keyboard(reply_page, screenshot):
    page, errors = reply_page(390, 844, mobile=True)
    box = type_reply(page, f"Appelez-moi au {PHONE}, ou écrivez à mesange@example.test")
    page.locator("#reply [data-privacy-finding]").nth(1).wait_for()
    box.evaluate("el => el.blur()")
    screenshot(page, "privacy-composer-phone")

    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("#reply [data-privacy-finding]").first
    first.locator("[data-privacy-replace]").tap()
    assert MASKED in box.input_value()
    assert page.evaluate("document.activeElement.tagName") != "TEXTAREA"
    # The second finding's offsets moved with the replacement: it is still replaceable.
    page.locator("#reply [data-privacy-finding]").first.locator("[data-privacy-replace]").tap()
    page.locator("#reply [data-privacy-finding]").first.wait_for(state="detached")
    assert box.input_value() == f"Appelez-moi au {MASKED}, ou écrivez à [e-mail masqué]"
    assert errors == []


def test_a_stale_finding_is_checked_again_instead_of_replacing_the_wrong_text(reply_page):
    page, errors = reply_page(1280, 900)
    box = type_reply(page, f"Mon numéro : {PHONE}")
    page.locator("#reply [data-privacy-finding]").wait_for()
    # The member adds words before the number; the click comes before the next check answers.
    page.evaluate(
        """() => { const box = document.querySelector('#reply textarea');
                   box.value = 'Bonjour ! ' + box.value; }"""
    )
    with page.expect_response(re.compile(r"/privacy/check/")):
        page.locator("#reply [data-privacy-replace]").click()
    assert box.input_value() == f"Bonjour ! Mon numéro : {PHONE}"  # untouched
    finding = page.locator("#reply [data-privacy-finding]")
    expect(finding).to_have_attribute("data-start", str(len("Bonjour ! Mon numéro : ")))
    finding.locator("[data-privacy-replace]").click()
    assert box.input_value() == f"Bonjour ! Mon numéro : {MASKED}"
    assert errors == []


def open_as(browser, live_server, member, path, *, width=1280, height=900):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, member.user.email, f.PASSWORD)
    page.goto(path)
    return context, page, errors


def test_a_clinical_case_checks_every_field_as_a_case_and_says_which_field(
    browser, live_server, screenshot, settings
):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(
        name="Cardiologues", slug="cardiologues", kind="professionals", professions=[f.profession("10")]
    )
    user = f.UserFactory()
    doctor = f.member_factory(
        network, user=user, qualification=f.qualification_factory(user), display_name="Dr Cœur"
    )
    context, page, errors = open_as(browser, live_server, doctor, f"/n/{network.slug}/d/new/?kind=case")

    page.fill("textarea[name=context]", "Patiente de 45 ans, adressée pour douleur thoracique.")
    page.locator("textarea[name=history]").press_sequentially("Suivie par le Dr Martin depuis 2019.", delay=5)

    finding = page.locator("[data-privacy-finding]")
    finding.wait_for()
    # In a clinical case a name is blocked (it could identify the patient), and the panel names the field.
    assert "privacy-block" in finding.get_attribute("class")
    assert finding.get_attribute("data-field") == "history"
    assert finding.get_attribute("data-replacement") == "M."
    expect(finding.locator("[data-privacy-where]")).to_have_text(
        page.locator("label[for=id_history]").inner_text()
    )
    assert page.locator("textarea[name=history]").get_attribute("data-privacy-flag") == "block"
    # The panel is far below on this long form: a note under the field leads to the finding.
    history = page.locator("textarea[name=history]")
    note = page.locator("#id_history-privacy-note")
    assert "id_history-privacy-note" in history.get_attribute("aria-describedby")
    screenshot(page, "privacy-composer-case")
    note.click()
    expect(finding.locator("[data-privacy-replace]")).to_be_focused()

    finding.locator("[data-privacy-replace]").click()
    assert page.locator("textarea[name=history]").input_value() == "Suivie par le Dr M. depuis 2019."
    finding.wait_for(state="detached")
    note.wait_for(state="detached")
    assert history.get_attribute("aria-describedby") is None
    assert errors == []
    context.close()


def test_an_edit_opens_with_its_findings_and_a_private_message_is_checked_too(browser, live_server, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    from entrepairs.messaging import services as messaging

    network = f.network_factory(name="Endométriose — entraide", slug="endometriose", kind="patients")
    network.allow_private_messages = True
    network.save(update_fields=["allow_private_messages"])
    member = f.member_factory(network, display_name="Mésange Tranquille")
    friend = f.member_factory(network, display_name="Héron Cendré")
    thread = thread_factory(member)
    post = thread.posts.get(is_first=True)
    type(post).objects.filter(pk=post.pk).update(body=f"Mon numéro : {PHONE}")
    conversation = messaging.start_direct(member, friend)

    context, page, errors = open_as(browser, live_server, member, f"/n/{network.slug}/p/{post.pk}/edit/")
    # Checked as soon as the page opens: the text was already there.
    page.locator("[data-privacy-finding]").wait_for()
    assert page.locator("[data-privacy-finding] mark").inner_text() == PHONE

    page.goto(f"/n/{network.slug}/messages/c/{conversation.pk}/")
    page.locator("#composer textarea[name=body]").press_sequentially(f"Appelle-moi au {PHONE}", delay=5)
    page.locator("#composer [data-privacy-finding]").wait_for()
    page.locator("#composer [data-privacy-replace]").click()
    assert page.locator("#composer textarea[name=body]").input_value() == f"Appelle-moi au {MASKED}"
    page.locator("#composer [data-privacy-finding]").wait_for(state="detached")
    # The live server speaks HTTP only: the messaging socket's failure is expected, nothing else.
    assert [error for error in errors if not error.startswith("WebSocket connection")] == []
    context.close()
