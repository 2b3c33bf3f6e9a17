"""The frame around every page (entrepairs/web/chrome.py): the header with the persona switcher, the
account menu and the network's sections with their badges, and the footer with the legal links and
the language form. What a member, a moderator, an operator and a visitor see, in both languages;
members' words escaped; the frame's two forms working with the page's own token."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from entrepairs.moderation import services as moderation
from entrepairs.moderation.models import Notice
from entrepairs.networks import access
from tests import factories as f
from tests.discussions.factories import thread_factory


def _header(html: str) -> str:
    return html.split('<header class="site-header">')[1].split("</header>")[0]


def _network_nav(html: str) -> str:
    return html.split('class="network-nav"')[1].split("</nav>")[0]


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


def _page(client, url, language="fr"):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "reports", "notices"),
    [("fr", "2 signalements en attente", "1 non lue"), ("en", "2 open reports", "1 unread")],
)
def test_a_moderator_sees_open_reports_and_notices_counted_and_said(world, login, language, reports, notices):
    for title in ("Un", "Deux"):
        thread = thread_factory(world.relative, title=title)
        moderation.report(world.patient, "thread", thread.pk, reason="spam")
    Notice.objects.create(
        network=world.breast, recipient=world.moderator, kind=Notice.Kind.ABOUT_YOUR_CONTENT, item_kind="post"
    )
    world.moderator.user.language = language  # a signed-in account reads the site in its own language
    world.moderator.user.save(update_fields=["language"])
    client = login(world.moderator.user)
    nav = _network_nav(_page(client, reverse("networks:home", args=["breast"]), language))
    reports_link = re.search(
        r'<a class="reports-link[^"]*" href="/n/breast/moderation/reports/"[^>]*>(.*?)</a>', nav
    )
    assert reports_link, nav
    assert 'data-open-reports>2</span><span class="visually-hidden">' + reports in reports_link.group(1)
    notices_link = re.search(r'<a class="notices-link[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', nav)
    assert notices_link.group(1) == reverse("moderation:notices", args=["breast"])
    assert f'data-notices>1</span><span class="visually-hidden">{notices}</span>' in notices_link.group(2)
    assert f'href="{reverse("networks:manage_requests", args=["breast"])}"' in nav


def test_a_member_sees_neither_the_moderation_links_nor_empty_badges(world, login):
    html = _page(login(world.patient.user), reverse("networks:home", args=["breast"]))
    nav = _network_nav(html)
    assert "reports-link" not in nav and "/manage/" not in nav and "notices-link" not in nav
    assert 'class="count-badge"' not in nav
    assert 'data-app-badge="0"' in nav
    assert "/moderation/" not in _header(html).split("persona-switcher")[1].split("</details>")[0]


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("discussions:index", "/n/breast/d/"),
        ("discussions:notifications", "/n/breast/notifications/"),
        ("magazine:index", "/n/breast/magazine/"),
        ("health:index", "/n/breast/health/"),
        ("networks:persona", "/n/breast/persona/"),
    ],
)
def test_the_section_of_the_page_is_the_current_one_and_only_it(world, login, url_name, current):
    nav = _network_nav(_page(login(world.patient.user), reverse(url_name, args=["breast"])))
    assert nav.count('aria-current="page"') == 1
    assert re.search(rf'href="{re.escape(current)}" aria-current="page"', nav), nav


def test_names_in_the_header_are_escaped(world, login):
    world.breast.name = '<img src=x onerror="alert(1)">Sein'
    world.breast.save(update_fields=["name"])
    world.patient.display_name = "<script>alert('rose')</script>"
    world.patient.save(update_fields=["display_name"])
    header = _header(_page(login(world.patient.user), reverse("networks:home", args=["breast"])))
    assert "<script>" not in header and "<img" not in header
    shown = html.unescape(re.sub(r"<[^>]+>", "", header))  # what the member reads, tags left aside
    assert "<script>alert('rose')</script>" in shown
    assert '<img src=x onerror="alert(1)">Sein' in shown


def test_the_persona_switcher_lists_every_network_of_the_account(world, login):
    f.member_factory(world.diabetes, user=world.patient.user, display_name="Autre Visage")
    html = _page(login(world.patient.user), reverse("home"))
    switcher = _header(html).split("persona-switcher")[1].split("</details>")[0]
    assert re.search(r'href="/n/breast/">\s*<strong>Rose des Vents</strong>', switcher)
    assert re.search(r'href="/n/diabetes/">\s*<strong>Autre Visage</strong>', switcher)
    assert "aria-current" not in switcher  # outside any network
    assert 'class="network-nav"' not in html


def test_an_account_without_a_network_is_told_so(world, login):
    world.stranger.language = "en"
    world.stranger.save(update_fields=["language"])
    header = _header(_page(login(world.stranger), reverse("home")))
    assert "You have not joined a network yet." in header
    assert "/operator/" not in header


def test_the_operator_reaches_the_operator_pages_from_the_account_menu(world, login):
    menu = _header(_page(login(world.operator), reverse("home"))).split("account-menu")[1]
    assert f'href="{reverse("operator")}"' in menu


@pytest.mark.parametrize(("language", "sign_in"), [("fr", "Se connecter"), ("en", "Sign in")])
def test_a_visitor_is_offered_to_sign_in_or_up_in_their_language(client, db, language, sign_in):
    header = _header(_page(client, reverse("home"), language))
    assert f'href="{reverse("account_login")}">{sign_in}</a>' in header
    assert f'href="{reverse("account_signup")}"' in header
    assert (
        "persona-switcher" not in header
        and "account-menu" not in header
        and "csrfmiddlewaretoken" not in header
    )


def test_sign_out_works_from_the_header_with_the_pages_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient.user)
    header = _header(_page(client, reverse("networks:home", args=["breast"])))
    form = re.search(
        r'<form method="post" action="([^"]+)"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        header,
    )
    assert form.group(1) == reverse("account_logout")
    response = client.post(form.group(1), {"csrfmiddlewaretoken": form.group(2)})
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 302  # signed out: the account page sends to sign in


def test_the_language_form_changes_language_and_comes_back_to_the_same_address(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient.user)
    url = reverse("discussions:index", args=["breast"]) + '?q="><script>x</script>'
    footer = _footer(_page(client, url))
    assert "<script>" not in footer
    next_value = re.search(r'name="next" value="([^"]*)"', footer).group(1)
    assert next_value == "/n/breast/d/?q=%22%3E%3Cscript%3Ex%3C/script%3E"
    assert '<option value="fr" selected>Français</option><option value="en">English</option>' in footer
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', footer).group(1)
    response = client.post(
        reverse("set_language"), {"csrfmiddlewaretoken": token, "next": next_value, "language": "en"}
    )
    assert response.status_code == 302 and response["Location"] == next_value
    page = _page(client, reverse("networks:home", args=["breast"]), language="fr")
    assert '<html lang="en">' in page and '<option value="en" selected>English</option>' in _footer(page)
    assert "Terms of use" in _footer(page) and ">Discussions<" in _network_nav(page)


def test_the_polled_messages_badge_is_the_headers_own(world, login):
    from entrepairs.messaging import services as messaging
    from tests.messaging.helpers import say

    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    world.patient.network.refresh_from_db()

    conversation = messaging.start_direct(world.patient, world.relative)
    say(world.relative, conversation, "bonjour")
    say(world.relative, conversation, "es-tu là ?")
    client = login(world.patient.user)
    page = _page(client, reverse("networks:home", args=["breast"]))
    in_header = re.search(r'<span id="messages-badge".*?</span></span>', page).group(0)
    polled = client.get(reverse("messaging:badge", args=["breast"]), headers={"HX-Request": "true"})
    assert polled.content.decode() == in_header
    assert '<span class="visually-hidden">2 messages non lus</span>' in in_header


def test_a_page_rendered_without_a_request_still_gets_its_frame(db):
    """As Django's own templates did: no token, no personas, the visitor's links."""
    from django.template.loader import render_to_string

    page = render_to_string("404.html", {})
    assert '<header class="site-header">' in page and 'href="/accounts/login/"' in page
    assert 'name="csrfmiddlewaretoken" value=""' in _footer(page) and 'name="next" value=""' in _footer(page)


def test_a_network_page_finds_its_membership_among_the_personas_the_switcher_prints(
    world, login, django_assert_num_queries
):
    """The gate reads the account's personas once: the page's membership is one of them, and the
    switcher prints exactly those (active memberships of active networks), in the names' order."""
    user = world.patient.user
    f.member_factory(world.diabetes, user=user, display_name="Autre Visage")
    waiting = f.network_factory(name="Attente", slug="attente", join_policy="approval")
    f.member_factory(waiting, user=user, status="pending", display_name="En Attente")
    gone = f.network_factory(name="Ancien", slug="ancien")
    f.member_factory(gone, user=user, status="left", display_name="Parti")
    closed = f.network_factory(name="Fermé", slug="ferme", is_active=False)
    f.member_factory(closed, user=user, display_name="Fermé Visage")
    client = login(user)

    switcher = _header(_page(client, reverse("networks:home", kwargs={"slug": "diabetes"})))
    switcher = switcher.split("persona-switcher")[1].split("</details>")[0]
    by_name = sorted([world.breast, world.diabetes], key=lambda network: network.name)
    assert re.findall(r'href="/n/([\w-]+)/"', switcher) == [network.slug for network in by_name]
    assert "En Attente" not in switcher and "Parti" not in switcher and "Fermé Visage" not in switcher
    for slug in ("attente", "ancien", "ferme", "nowhere"):
        assert client.get(reverse("networks:home", kwargs={"slug": slug})).status_code == 404

    with django_assert_num_queries(1):
        personas = access.page_personas(user)
        found = [access.get_membership_or_404(user, slug, personas) for slug in ("breast", "diabetes")]
    alone = [access.get_membership_or_404(user, slug) for slug in ("breast", "diabetes")]
    assert [(m.pk, m.network.slug, m.user.pk, m.qualification) for m in found] == [
        (m.pk, m.network.slug, m.user.pk, m.qualification) for m in alone
    ]
