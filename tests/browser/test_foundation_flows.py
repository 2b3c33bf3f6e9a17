"""What a person does in a real browser: sign up, join with consent and a pseudonym, switch persona,
and meet the 404 page where they do not belong. Screenshots land in test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from entrepairs.networks.models import Membership
from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_sign_up_confirm_email_and_join_a_patient_network(page, mailoutbox, screenshot):
    network = f.network_factory(
        name="Cancer du sein — patientes et proches", slug="cancer-du-sein", allow_relatives=True
    )
    page.goto("/")
    screenshot(page, "home-visitor")
    page.get_by_role("link", name=re.compile("Create an account|Créer un compte")).first.click()
    page.fill("input[name=email]", "nouvelle@example.test")
    page.fill("input[name=password1]", "un-mot-de-passe-solide")
    page.fill("input[name=password2]", "un-mot-de-passe-solide")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(f"/n/{network.slug}/about/")
    page.locator("main a.button").first.click()
    pseudonym = page.locator("input[name=display_name]")
    assert pseudonym.input_value()  # a pseudonym is suggested
    pseudonym.fill("Hirondelle Sereine")
    page.locator("input[name=member_type][value=patient]").check()
    # Without consent the form refuses and keeps the pseudonym.
    page.locator("main form button[type=submit]:not([name=suggest])").click()
    assert page.locator("input[name=display_name]").input_value() == "Hirondelle Sereine"
    expect(page.locator(".error").first).to_be_visible()
    screenshot(page, "join-refused-without-consent")
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]:not([name=suggest])").click()
    page.wait_for_url(f"**/n/{network.slug}/")
    assert page.locator(".persona-name").inner_text() == "Hirondelle Sereine"
    screenshot(page, "network-home-after-join")
    membership = Membership.objects.get(user__email="nouvelle@example.test")
    assert membership.consent is not None


def test_switch_persona_from_the_header(page, screenshot):
    first = f.network_factory(name="Maladies chroniques", slug="maladies-chroniques")
    second = f.network_factory(name="Patients du CHU", slug="patients-chu")
    user = f.UserFactory()
    f.member_factory(first, user=user, display_name="Colibri Serein")
    f.member_factory(second, user=user, display_name="Loutre Paisible")
    sign_in(page, user.email, f.PASSWORD)
    page.goto(f"/n/{first.slug}/")
    assert "Colibri Serein" in page.locator(".persona-switcher summary").inner_text()
    page.locator(".persona-switcher summary").click()
    screenshot(page, "persona-switcher-open")
    page.locator(".persona-switcher").get_by_role("link", name=re.compile("Loutre Paisible")).click()
    page.wait_for_url(f"**/n/{second.slug}/")
    assert "Loutre Paisible" in page.locator(".persona-switcher summary").inner_text()
    assert page.locator(".persona-name").inner_text() == "Loutre Paisible"


def test_non_member_gets_the_404_page(page, screenshot):
    private = f.network_factory(name="Réseau privé", slug="prive")
    f.member_factory(private, display_name="Membre Discret")
    outsider = f.UserFactory()
    sign_in(page, outsider.email, f.PASSWORD)
    response = page.goto(f"/n/{private.slug}/members/")
    assert response.status == 404
    assert "Membre Discret" not in page.content()
    assert page.locator("h1").inner_text() in ("Page introuvable", "Page not found")
    screenshot(page, "not-found")


def test_main_pages_at_mobile_width(mobile_page, screenshot, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False  # signing in through a TOTP prompt is not what this test is about
    network = f.network_factory(
        name="Cancer du sein — patientes et proches", slug="cancer-du-sein", allow_relatives=True
    )
    member = f.member_factory(network, role="admin", display_name="Colibri Très Serein 42")
    for index in range(5):
        f.member_factory(network, display_name=f"Membre Exemple {index}")
    from tests.discussions.factories import thread_factory

    thread = thread_factory(
        member, replies=3, title="Un titre de discussion assez long pour passer à la ligne"
    )
    sign_in(mobile_page, member.user.email, f.PASSWORD)
    for path, name in [
        ("/", "home"),
        (f"/n/{network.slug}/", "network-home"),
        (f"/n/{network.slug}/members/", "members"),
        (f"/n/{network.slug}/manage/invitations/", "invitations"),
        (f"/n/{network.slug}/d/", "discussions"),
        (f"/n/{network.slug}/t/{thread.pk}/", "thread"),
        ("/account/", "account"),
    ]:
        response = mobile_page.goto(path)
        assert response.status == 200
        assert mobile_page.url.endswith(path)  # the page itself, not a login redirect
        # Nothing wider than the screen: no horizontal scrolling on a phone.
        assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(mobile_page, f"mobile-{name}")
