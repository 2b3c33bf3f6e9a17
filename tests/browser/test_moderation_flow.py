"""In a real browser: a member reports a reply, the moderator sees the badge, opens the queue, hides
the reply with a reason and a confirmation; the reply is gone for members and its author is told,
without learning who reported it."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import sign_in
from tests.discussions.factories import thread_factory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_report_queue_hide_author_told(browser, live_server, screenshot, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Sclérose en plaques", slug="sep")
    reporter = f.member_factory(network, display_name="Mésange Vigilante")
    author = f.member_factory(network, display_name="Corbeau Grincheux")
    moderator = f.member_factory(network, role="moderator", display_name="Chouette Sage")
    thread = thread_factory(reporter, replies=1, repliers=[author], title="Fatigue et chaleur")
    reply = thread.posts.get(is_first=False)

    def new_page():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return context, page

    # The reporter reports the reply, with a reason and a note.
    context, page = new_page()
    sign_in(page, reporter.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/t/{thread.pk}/")
    page.locator(f"#post-{reply.pk} a[data-report]").click()
    expect(page.get_by_role("link", name="Lire la charte de bonne conduite")).to_be_visible()
    page.get_by_label("Harcèlement ou insultes").check()
    page.fill("textarea[name=note]", "Il se moque de ma maladie.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url(re.compile(rf"/t/{thread.pk}/"))
    expect(page.locator("body")).to_contain_text("Merci")
    context.close()

    # The moderator sees the badge, opens the report, hides the reply.
    context, page = new_page()
    sign_in(page, moderator.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/")
    assert page.locator("a.reports-link .count-badge").inner_text() == "1"
    page.locator("a.reports-link").click()
    page.locator(".report-list a").first.click()
    assert "Réponse 0" in page.locator("[data-reported-text]").inner_text()
    assert "Il se moque de ma maladie." in page.content()
    page.get_by_label("Masquer le contenu").check()
    page.fill("textarea[name=reason]", "Moquerie envers un membre.")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.locator("body")).to_contain_text(
        "cochez la case"
    )  # a destructive action asks for confirmation
    page.get_by_label("Masquer le contenu").check()
    page.get_by_label(re.compile("Je confirme cette action")).check()
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(re.compile(r"/moderation/reports/$"))
    assert "Aucun signalement en attente" in page.content()
    screenshot(page, "moderation-queue-empty")
    context.close()

    # The author is told what was done and why, never who reported; the reply is hidden.
    context, page = new_page()
    sign_in(page, author.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/t/{thread.pk}/")
    assert page.locator(f"#post-{reply.pk}").count() == 0
    page.locator("a.notices-link").click()
    notice = page.locator("[data-notice=your_content]").inner_text()
    assert "Masquer le contenu" in notice and "Moquerie envers un membre." in notice
    assert "Mésange" not in page.content()
    screenshot(page, "author-told")
    context.close()
