"""Legal pages: a default text in French and English, the operator's own once written, linked from
the footer of every page and from the join form."""

from django.urls import reverse

from entrepairs.rights.models import LegalPage

KINDS = ["terms", "privacy", "legal-notice", "accessibility"]


def test_every_page_has_a_default_in_french_and_english(client, db):
    for kind in KINDS:
        french = client.get(reverse("legal_page", args=[kind]), headers={"accept-language": "fr"})
        english = client.get(reverse("legal_page", args=[kind]), HTTP_ACCEPT_LANGUAGE="en")
        assert french.status_code == english.status_code == 200
        assert french.content != english.content
    privacy = client.get(reverse("legal_page", args=["privacy"])).content.decode()
    for words in ("Ce que nous collectons", "Durée", "Vos droits et comment les exercer", "<table>"):
        assert words in privacy


def test_the_operator_text_replaces_the_default_and_is_cleaned(client, db):
    LegalPage.objects.create(kind="terms", body_fr="## Nos règles\n\n<script>x()</script> Soyez **aimables**.",
                             body_en="## Our rules")  # fmt: skip
    html = client.get(reverse("legal_page", args=["terms"])).content.decode()
    assert "<h2>Nos règles</h2>" in html and "<strong>aimables</strong>" in html
    assert "<script>x()" not in html


def test_an_unknown_page_is_404(client, db):
    assert client.get(reverse("legal_page", args=["cookies"])).status_code == 404


def test_linked_from_the_footer_and_the_join_form(client, login, world):
    home = client.get(reverse("home")).content.decode()
    for kind in KINDS:
        assert reverse("legal_page", args=[kind]) in home
    join = login(world.stranger).get(reverse("networks:join", args=["breast"])).content.decode()
    assert reverse("legal_page", args=["terms"]) in join and reverse("legal_page", args=["privacy"]) in join


def test_the_admin_starts_a_page_from_the_default(login, world):
    response = login(world.operator).get(reverse("admin:rights_legalpage_add") + "?kind=privacy")
    assert response.status_code == 200
    assert "Ce que nous collectons" in response.content.decode()
