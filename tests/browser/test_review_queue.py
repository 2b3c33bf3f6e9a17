"""In a real browser: a professional sends a proof; a reviewer opens the queue, approves it; the
professional's page then shows the verified badge."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_document_review_flow(browser, live_server, screenshot, settings, tmp_path):
    settings.REQUIRE_MFA_FOR_ROLES = False  # a TOTP prompt at sign-in is not what this test is about
    professional = f.UserFactory()
    reviewer = f.UserFactory(is_staff=True)
    proof = tmp_path / "carte.pdf"
    proof.write_bytes(PDF)

    def new_page():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(10_000)
        return context, page

    context, page = new_page()
    sign_in(page, professional.email, f.PASSWORD)
    page.goto("/account/profession/")
    form = page.locator("form:has(input[name=form][value=document])")
    form.locator("select[name=profession]").select_option(label="Médecin")
    form.locator("input[name=last_name]").fill("Lefevre")  # the name written on the document
    form.locator("input[name=first_name]").fill("Anne")
    form.locator("input[name=document]").set_input_files(str(proof))
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("En attente d'examen")
    context.close()

    context, page = new_page()
    sign_in(page, reviewer.email, f.PASSWORD)
    page.goto("/operator/reviews/")
    assert professional.email in page.content()
    screenshot(page, "review-queue")
    page.get_by_role("link", name=re.compile("Examiner")).first.click()
    page.locator("input[name=decision][value=approve]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/operator/reviews/")
    assert "Rien à examiner" in page.content()
    context.close()

    context, page = new_page()
    sign_in(page, professional.email, f.PASSWORD)
    page.goto("/account/profession/")
    assert page.locator(".badge-verified").first.inner_text().startswith("✓ Médecin")
    screenshot(page, "profession-verified")
    context.close()
