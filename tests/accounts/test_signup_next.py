"""A visitor who wanted to join a network signs up, confirms their email, and lands back on that
network's join page: `next` rides through sign-up and the confirmation link."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from entrepairs.accounts.models import User
from tests import factories as f

JOIN = "/n/{slug}/join/"


@pytest.fixture
def network(db):
    return f.network_factory(name="Endométriose", slug="endometriose", kind="patients")


def _sign_up(client, next_url):
    response = client.post(
        reverse("account_signup") + f"?next={next_url}",
        {"email": "visiteuse@example.test", "password1": "un-mot-de-passe-solide",
         "password2": "un-mot-de-passe-solide", "next": next_url},
    )  # fmt: skip
    assert response.status_code == 302


def _confirmation_path(mailoutbox):
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[-1].body).group(0)
    return link.split("testserver", 1)[1]


def test_the_confirmation_link_carries_next(client, network, mailoutbox):
    join = JOIN.format(slug=network.slug)
    _sign_up(client, join)
    assert _confirmation_path(mailoutbox).endswith(f"?next={join.replace('/', '%2F')}")


def test_confirming_in_the_same_browser_lands_on_the_join_page(client, network, mailoutbox):
    join = JOIN.format(slug=network.slug)
    _sign_up(client, join)
    path = _confirmation_path(mailoutbox)
    page = client.get(path)
    assert f'value="{join}"' in page.content.decode()  # the confirm form posts `next` on
    confirm = client.post(path.split("?")[0], {"next": join})
    assert confirm.status_code == 302
    assert confirm["Location"] == join
    assert client.get(join).status_code == 200
    assert User.objects.get(email="visiteuse@example.test").emailaddress_set.get().verified


def test_confirming_in_another_browser_still_leads_to_the_join_page(client, network, mailoutbox):
    join = JOIN.format(slug=network.slug)
    _sign_up(client, join)
    path = _confirmation_path(mailoutbox)
    other = Client()
    confirm = other.post(path.split("?")[0], {"next": join})
    assert confirm.status_code == 302
    # Not signed in there: the join page sends them to sign in, and back to it afterwards.
    landing = other.get(confirm["Location"])
    assert confirm["Location"] == join
    assert landing.status_code == 302 and landing["Location"] == f"/accounts/login/?next={join}"


def test_a_next_to_another_site_is_dropped(client, network, mailoutbox):
    _sign_up(client, "https://evil.example/")
    assert "next=" not in _confirmation_path(mailoutbox)


def test_about_page_offers_sign_up_with_the_way_back(client, network):
    html = client.get(reverse("networks:about", kwargs={"slug": network.slug})).content.decode()
    assert f'href="/accounts/signup/?next=%2Fn%2F{network.slug}%2Fjoin%2F"' in html


def test_login_page_offers_sign_up_with_the_way_back(client, network):
    join = JOIN.format(slug=network.slug)
    html = client.get(f"/accounts/login/?next={join}").content.decode()
    assert 'href="/accounts/signup/?next=%2Fn%2Fendometriose%2Fjoin%2F"' in html
