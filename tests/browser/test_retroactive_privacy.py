"""In a real browser (issue 16, going back over the past): a patient starts afresh under a new name
and finds her old post signed "Ancien membre"; a moderator runs today's guard over the network's
posts and sees the old post that holds a phone number. Phone width; screenshots."""

import pytest

from entrepairs.discussions.models import Post
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.discussions.factories import thread_factory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_a_fresh_start_and_the_guard_over_old_posts(mobile_page, screenshot, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Endométriose — entraide", slug="endometriose", kind="patients")
    member = f.member_factory(network, display_name="Mésange Tranquille")
    moderator = f.member_factory(network, role="moderator", display_name="Chouette Sage")
    thread = thread_factory(member, title="Mon parcours")
    Post.objects.filter(thread=thread, is_first=True).update(body="Appelez-moi au 06 12 34 56 78 le soir.")

    page = mobile_page
    sign_in(page, member.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/persona/")
    page.locator("a[href*='fresh-start']").click()
    page.fill("input[name=display_name]", "Loutre Paisible 12")
    page.check("input[name=confirm]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "fresh-start-390")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/n/{network.slug}/t/{thread.pk}/")
    assert "Ancien membre" in page.locator("main").inner_text()
    assert "Mésange Tranquille" not in page.content()

    context = page.context
    context.clear_cookies()
    sign_in(page, moderator.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/manage/privacy-review/")
    item = page.locator("[data-privacy-review] [data-post]")
    assert item.count() == 1
    assert "06 12 34 56 78" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "privacy-review-390")
