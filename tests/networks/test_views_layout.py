"""What the pages look like to a person: the network's colour, the directory cards, the navigation,
allauth's pages inside the product's layout, forms with fieldsets for lists of choices."""

import re

import pytest
from django.urls import reverse

from entrepairs.networks.models import Network
from entrepairs.networks.templatetags.network_theme import DEFAULT_ACCENT, accent_color, contrast_with_white


@pytest.mark.parametrize("colour", ["#2f6f73", "#a23b3b", "#3d5a99", "#000000"])
def test_dark_enough_theme_colours_are_kept(colour):
    assert accent_color(colour) == colour


@pytest.mark.parametrize("colour", ["#ffcc00", "#FFFFFF", "#7fdbff", "#b0b0b0"])
def test_light_theme_colours_are_darkened_until_white_text_reads(colour):
    accent = accent_color(colour)
    assert re.fullmatch(r"#[0-9a-f]{6}", accent)
    assert contrast_with_white(accent) >= 4.5


@pytest.mark.parametrize("value", ["", None, "red", "#12345", "#1234567", "#12345g", "#123456;} body{x:y"])
def test_anything_but_a_hex_colour_falls_back_to_the_default(value):
    assert accent_color(value) == DEFAULT_ACCENT


def test_network_pages_carry_their_colour_in_a_nonced_style_block(login, world):
    Network.objects.filter(pk=world.breast.pk).update(theme_color="#b0456e")
    response = login(world.patient.user).get(reverse("networks:home", kwargs={"slug": "breast"}))
    html = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">:root \{ --accent: #b0456e; \}</style>', html).group(1)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    assert ' style="' not in html  # CSP blocks inline style attributes


def test_a_bad_colour_in_the_database_never_reaches_the_page(login, world):
    # Seven characters: the column's width on PostgreSQL, enough to close the style block.
    Network.objects.filter(pk=world.breast.pk).update(theme_color="</style")
    html = login(world.patient.user).get(reverse("networks:home", kwargs={"slug": "breast"})).content.decode()
    assert "--accent: </style" not in html
    assert f"--accent: {DEFAULT_ACCENT};" in html


def test_directory_cards_wear_each_networks_colour(client, world):
    Network.objects.filter(pk=world.cardio.pk).update(theme_color="#a23b3b")
    html = client.get("/").content.decode()
    assert f".accent-{world.cardio.pk} {{ --accent: #a23b3b; }}" in html
    assert f'class="card network-card accent-{world.cardio.pk}"' in html


def test_directory_cards_say_where_i_am_already(login, world):
    html = login(world.patient.user).get("/").content.decode()
    breast_card = _card(html, world.breast)
    assert reverse("networks:home", kwargs={"slug": "breast"}) in breast_card
    assert reverse("networks:join", kwargs={"slug": "breast"}) not in breast_card
    assert reverse("networks:join", kwargs={"slug": "diabetes"}) in _card(html, world.diabetes)


def test_directory_card_shows_my_pending_request(login, world):
    html = login(world.pending.user).get("/").content.decode()
    chu_card = _card(html, world.chu)
    assert "badge-warn" in chu_card
    assert reverse("networks:join", kwargs={"slug": "chu"}) not in chu_card


def test_directory_names_the_professions_a_network_admits(client, world):
    card = _card(client.get("/").content.decode(), world.cardio)
    assert "Cardiolog" in card


def _card(html, network):
    start = html.index(f"network-card accent-{network.pk}")
    return html[start : html.index("</article>", start)]


def test_network_nav_marks_the_current_section(login, world):
    html = (
        login(world.patient.user).get(reverse("networks:members", kwargs={"slug": "breast"})).content.decode()
    )
    nav = html.split('class="network-nav"')[1].split("</nav>")[0]
    assert re.search(r'href="/n/breast/members/" aria-current="page"', nav)
    assert nav.count('aria-current="page"') == 1


def test_persona_switcher_marks_the_network_in_the_url(login, world):
    from tests import factories as f

    f.member_factory(world.diabetes, user=world.patient.user, display_name="Autre Visage")
    html = (
        login(world.patient.user).get(reverse("networks:home", kwargs={"slug": "diabetes"})).content.decode()
    )
    switcher = html.split("persona-switcher")[1].split("</details>")[0]
    assert re.search(r'href="/n/diabetes/" aria-current="page"', switcher)
    assert 'href="/n/breast/" aria-current' not in switcher


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_allauth_pages_use_the_product_layout(client, db, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert 'class="skip-link"' in html
    assert 'class="card narrow auth-card"' in html
    assert 'class="button"' in html  # the submit button is styled like every other


def test_allauth_management_pages_lead_back_to_the_account(login, world):
    html = login(world.stranger).get(reverse("account_email")).content.decode()
    assert f'href="{reverse("account")}"' in html
    assert 'class="card narrow auth-card"' in html


def test_signup_errors_keep_the_typed_email(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "camille@example.test", "password1": "short", "password2": "different"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="camille@example.test"' in html
    assert 'class="error"' in html


def test_lists_of_checkboxes_are_fieldsets_with_a_legend(login, world):
    html = login(world.operator).get(reverse("operator")).content.decode()
    professions = html.split('<fieldset class="field choices')[1].split("</fieldset>")[0]
    assert "<legend>" in professions
    assert 'type="checkbox" name="professions"' in professions
    assert '<label class="checkbox"><div' not in html  # no list nested inside a label


def test_help_texts_are_linked_to_their_fields(login, world):
    html = login(world.stranger).get(reverse("account_tokens")).content.decode()
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'id="id_name_helptext"' in html


def test_not_eligible_page_names_what_the_network_admits(login, world):
    response = login(world.unverified).get(reverse("networks:join", kwargs={"slug": "cardio"}))
    assert response.status_code == 403
    assert "Cardiolog" in response.content.decode()


def test_form_errors_are_summed_up_with_links_to_the_fields(login, world):
    html = (
        login(world.operator)
        .post(reverse("operator"), {"name": "", "slug": "pas un slug !", "kind": "patients"})
        .content.decode()
    )
    summary = html.split('<div class="form-errors" role="alert">')[1].split("</div>")[0]
    assert 'href="#id_slug"' in summary
    assert 'href="#id_name"' in summary


def test_join_form_starts_as_patient(login, world):
    html = login(world.stranger).get(reverse("networks:join", kwargs={"slug": "breast"})).content.decode()
    patient = html.split('value="patient"')[1].split(">")[0]
    assert "checked" in patient
