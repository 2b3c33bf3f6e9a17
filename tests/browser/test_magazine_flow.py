"""In a real browser: an editor writes an article, is told the date is in the past (nothing typed is
lost), saves a draft, publishes it validated by a verified professional; a member then reads it on
the magazine page as today's article, with the "validated by" mention."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from entrepairs.magazine.models import Article
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.magazine.factories import verified_reviewer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_editor_writes_and_publishes_an_article(browser, live_server, screenshot, settings):
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Sclérose en plaques", slug="sep")
    editor = f.member_factory(network, role="editor", display_name="Plume Attentive")
    reader = f.member_factory(network, display_name="Lectrice Curieuse")
    reviewer = verified_reviewer(network, display_name="Dr Relecture")

    def new_page(width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": height}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return context, page

    context, page = new_page(390, 844)
    sign_in(page, editor.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/magazine/")
    page.get_by_role("link", name="Écrire").click()
    page.get_by_label("Titre").fill("Chaleur et fatigue : nos conseils")
    page.get_by_label("Résumé").fill("Ce qui aide quand il fait chaud.")
    page.get_by_label("Texte").fill("## Au quotidien\n\nBoire **souvent** et se rafraîchir.")
    page.get_by_label("Mots-clés").fill("fatigue, été")
    page.get_by_label("Validé par").select_option(value=str(reviewer.pk))
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date de publication").fill(past)
    page.get_by_role("button", name="Publier ou programmer").click()
    expect(page.locator("body")).to_contain_text("La date de publication est passée")
    assert page.get_by_label("Titre").input_value() == "Chaleur et fatigue : nos conseils"  # kept
    screenshot(page, "magazine-write-refused-mobile")
    page.get_by_label("Date de publication").fill("")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("body")).to_contain_text("Brouillon enregistré")
    assert not Article.objects.get().published
    page.get_by_role("button", name="Publier ou programmer").click()
    expect(page.locator("body")).to_contain_text("Publié.")
    context.close()

    context, page = new_page()
    sign_in(page, reader.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/")
    page.get_by_role("link", name="Magazine").first.click()
    assert "Aujourd" in page.locator(".magazine-card.highlight").inner_text()
    page.get_by_role("link", name="Chaleur et fatigue : nos conseils").click()
    expect(page.locator("body")).to_contain_text("Validé par Dr Relecture")
    assert page.locator(".prose strong").inner_text() == "souvent"
    screenshot(page, "magazine-article-desktop")
    context.close()


def test_admin_reads_the_analytics_on_a_phone(browser, live_server, screenshot, settings):
    from tests.discussions.factories import thread_factory

    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(name="Sclérose en plaques", slug="sep")
    admin = f.member_factory(network, role="admin", display_name="Admin Sereine")
    members = [f.member_factory(network, display_name=f"Membre {index}") for index in range(6)]
    thread_factory(members[0], kind="question", title="Chaleur ?", replies=2, repliers=members[1:3])
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    sign_in(page, admin.user.email, f.PASSWORD)
    page.goto(f"/n/{network.slug}/magazine/analytics/")
    assert page.locator("svg.chart").count() == 3
    assert "Membre 0" not in page.content() and "Chaleur" not in page.content()
    screenshot(page, "magazine-analytics-mobile")
    context.close()
