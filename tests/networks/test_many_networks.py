"""Many small networks on one installation: the directory and the operator's table go page by page
and are searched by name, and no page costs more queries because other networks exist."""

import re

import pytest
from django.urls import reverse

from entrepairs.networks import access, operator_views, views
from entrepairs.networks.models import Network
from tests import factories as f
from tests.discussions.factories import thread_factory


def _grow(world, count):
    """`count` more networks, each with a member, as other communities of the installation."""
    for index in range(count):
        network = f.network_factory(name=f"Réseau voisin {index:03d}")
        f.member_factory(network)


def _card_names(html):
    return re.findall(r'<h3><a href="/n/[^/]+/about/">([^<]+)</a></h3>', html)


def test_directory_pages_through_every_open_network_once(client, world):
    _grow(world, views.NETWORKS_PER_PAGE + 5)
    first = client.get(reverse("home")).content.decode()
    names = _card_names(first)
    assert len(names) == views.NETWORKS_PER_PAGE
    following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(reverse("home") + following).content.decode()
    rest = _card_names(second)
    assert not set(rest) & set(names)
    listed = set(access.listed_networks().values_list("name", flat=True))
    assert sorted(names + rest) == sorted(listed)  # every open network once
    assert world.secret.name not in names + rest  # invitation-only: never in the directory
    assert 'rel="next"' not in second


def test_directory_search_by_name_finds_the_network_and_only_it(client, world):
    _grow(world, 30)
    html = client.get(reverse("home"), {"q": "voisin 017"}).content.decode()
    assert _card_names(html) == ["Réseau voisin 017"]
    assert 'value="voisin 017"' in html  # the query stays in the box
    nothing = client.get(reverse("home"), {"q": "introuvable"}).content.decode()
    assert _card_names(nothing) == []
    assert client.get(reverse("home"), {"q": "x" * 5000, "after": "%%%"}).status_code == 200


def test_operator_table_pages_and_searches_every_network(login, world):
    _grow(world, operator_views.NETWORKS_PER_PAGE + 2)
    client = login(world.operator)
    first = client.get(reverse("operator")).content.decode()
    assert first.count("<tr><td>") == operator_views.NETWORKS_PER_PAGE
    following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(reverse("operator") + following).content.decode()
    assert second.count("<tr><td>") == Network.objects.count() - operator_views.NETWORKS_PER_PAGE
    found = client.get(reverse("operator"), {"q": world.secret.slug}).content.decode()
    assert found.count("<tr><td>") == 1 and world.secret.name in found  # the operator sees every kind


# --- The same queries with 3 or 30 other networks -----------------------------------------------
@pytest.mark.parametrize("extra", [3, 30])
def test_thread_list_queries_do_not_depend_on_other_networks(login, world, django_assert_num_queries, extra):
    _grow(world, extra)
    thread_factory(world.patient)
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), threads page, spaces, unanswered, followed, bell
    with django_assert_num_queries(8):
        assert client.get(reverse("discussions:index", kwargs={"slug": "breast"})).status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_thread_page_queries_do_not_depend_on_other_networks(login, world, django_assert_num_queries, extra):
    _grow(world, extra)
    thread = thread_factory(world.patient, replies=3)
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), thread, follow, posts count (page numbers), posts, reactions,
    # bell, the network's moderation settings, the page's expert notes (saved or not rides on the posts' query)
    with django_assert_num_queries(11):
        url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_operator_page_queries_do_not_depend_on_the_number_of_networks(
    login, world, django_assert_num_queries, extra
):
    _grow(world, extra)
    client = login(world.operator)
    # session, user, two-factor check, one page of networks with their member counts, their
    # professions and specialties (prefetch), my personas (header), the creation form's professions
    # and specialties, the accounts flagged for reading unusually fast
    with django_assert_num_queries(OPERATOR_PAGE_QUERIES):
        assert client.get(reverse("operator")).status_code == 200


OPERATOR_PAGE_QUERIES = 10
