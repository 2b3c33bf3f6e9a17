"""In a real browser, on a phone: a patient records a symptom in two taps and sees it on the timeline,
finds a condition with the picker (accents ignored), and another member sees only what is shared."""

import re

import pytest

from tests import factories as f
from tests.browser.conftest import sign_in
from tests.health.factories import profile_factory, with_consent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_symptom_in_two_taps_and_the_picker(browser, live_server, screenshot):
    network = f.network_factory(name="Cancer du sein", slug="sein", kind="patients")
    patient = with_consent(f.member_factory(network, display_name="Colibri Serein"))
    profile_factory(patient, treatments=["Tamoxifène"], symptoms=[("pain", 2, 3), ("pain", 3, 10)])
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, patient.user.email, f.PASSWORD)
    page.goto("/n/sein/health/")
    page.locator("label", has_text="Fatigue").first.click()
    page.locator(".severity label", has_text="Modérée").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/n/sein/health/$"))
    assert "Noté\u202f: Fatigue, Modérée." in page.content()
    assert page.locator("svg.health-chart polyline").count() >= 1
    assert page.locator("svg.health-chart text", has_text="Tamoxifène").count() == 1
    screenshot(page, "health-mobile")

    page.goto("/n/sein/health/conditions/new/")
    page.fill("#icd-query", "diabete")
    page.locator("#icd-results input[value=E10]").check()
    page.get_by_role("button", name="Ajouter").click()
    page.wait_for_url(re.compile(r"/n/sein/health/$"))
    assert "Diabète sucré de type 1" in page.content()
    context.close()


def test_view_as_a_member_picked_from_the_suggestions(browser, live_server, screenshot):
    network = f.network_factory(name="Cancer du sein", slug="sein", kind="patients")
    patient = with_consent(f.member_factory(network, display_name="Colibri Serein"))
    profile_factory(patient, treatments=["Tamoxifène"], visibility="like_me")
    like = with_consent(f.member_factory(network, display_name="Écureuil Vif"))
    profile_factory(like, codes=["C50.9"], visibility="like_me")
    f.member_factory(network, display_name="Hérisson Calme")  # a member not like me: sees nothing
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, patient.user.email, f.PASSWORD)
    page.goto("/n/sein/health/preview/")
    page.fill("#view-as-name", "ecur")  # no accent, the start of the pseudonym
    page.locator("button[data-member-name='Écureuil Vif']").click()
    assert page.locator("input[name=as][value=member]").is_checked()  # picking chose the option
    page.get_by_role("button", name="Voir comme").click()
    page.wait_for_url(re.compile(r"name="))
    assert page.locator("[data-viewing-as]").inner_text().startswith("Ce que Écureuil Vif voit")
    assert "Tamoxifène" in page.content()
    screenshot(page, "health-view-as-mobile")
    page.fill("#view-as-name", "heris")
    page.locator("button[data-member-name='Hérisson Calme']").click()
    page.get_by_role("button", name="Voir comme").click()
    page.wait_for_url(re.compile(r"name=H"))
    assert "Tamoxifène" not in page.content()
    page.locator("input[name=as][value=like_me]").check()  # another viewer clears the pseudonym
    assert page.input_value("#view-as-name") == ""
    context.close()
