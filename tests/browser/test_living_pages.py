"""In a real browser: a newcomer's home shows their first steps, which tick themselves as they
introduce themselves, follow a space and read the code of conduct; saving a post with htmx swaps the
button in place and the post is on the Saved page."""

import re

import pytest

from entrepairs.discussions.models import Bookmark
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.discussions.factories import space_of, thread_factory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_first_steps_and_saving_a_post(page, screenshot, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Maladies chroniques", slug="maladies-chroniques")
    f.member_factory(network, display_name="Colibri Serein", role="admin")
    newcomer = f.member_factory(network, display_name="Loutre Paisible")
    other = f.member_factory(network, display_name="Héron Patient")
    thread = thread_factory(other, replies=2, repliers=[other], title="Bouillotte et douleurs du soir")
    space = space_of(network)

    sign_in(page, newcomer.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/")
    steps = page.locator("[data-first-steps]")
    assert steps.locator("[data-done]").count() == 0
    screenshot(page, "living-home-newcomer")

    steps.get_by_role("button", name=re.compile("Présentez-vous")).click()
    page.wait_for_url(re.compile(r"/t/\d+/#reply$"))
    page.fill("textarea[name=body]", "Bonjour à toutes et à tous, ravie d'être là.")
    page.locator("#reply button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/n/{network.slug}/d/{space.slug}/")
    page.locator("[data-follow-space]").click()
    page.wait_for_selector("text=Vous suivez cet espace")
    page.goto(f"/n/{network.slug}/conduct/")
    page.goto(f"/n/{network.slug}/")
    assert page.locator("[data-first-steps]").count() == 0  # every step done: the list is gone

    page.goto(f"/n/{network.slug}/t/{thread.pk}/")
    first_save = page.locator("[data-save]").first
    first_save.click()
    page.wait_for_selector('[data-save][aria-pressed="true"]')
    assert Bookmark.objects.filter(member=newcomer).count() == 1
    page.goto(f"/n/{network.slug}/saved/")
    assert page.locator("[data-bookmark]").count() == 1
    screenshot(page, "living-saved-posts")
