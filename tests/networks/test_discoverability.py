"""Unlisted (invitation-only) networks are known only to their active and pending members: a refused,
departed, removed or banned account is back to a visitor's view (404, absent from its lists)."""

import pytest
from django.urls import reverse

from entrepairs.networks import access
from tests import factories as f
from tests.api_client import ApiClient

ENDED_STATUSES = ["refused", "left", "removed", "banned"]


@pytest.mark.parametrize("status", ENDED_STATUSES)
def test_ended_account_gets_404_for_an_invitation_only_networks_pages(login, world, status):
    ended = f.member_factory(world.secret, status=status, display_name="Ancien Membre")
    client = login(ended.user)
    for name in ("networks:about", "networks:join", "networks:home"):
        assert client.get(reverse(name, kwargs={"slug": "secret"})).status_code == 404, name
    assert client.get(reverse("networks:about", kwargs={"slug": "nowhere"})).status_code == 404


@pytest.mark.parametrize("status", ENDED_STATUSES)
def test_ended_account_no_longer_lists_the_network(login, client, world, status):
    ended = f.member_factory(world.secret, status=status, display_name="Ancien Membre")
    assert not access.my_memberships(ended.user).exists()
    home = login(ended.user).get(reverse("home"))
    assert "Groupe sur invitation" not in home.content.decode()
    api = ApiClient(client, ended.user)
    assert "secret" not in [item["slug"] for item in api.get("/networks").json()]
    assert api.get("/me/memberships").json() == []
    assert api.get("/networks/secret").status_code == 404


@pytest.mark.parametrize("status", ["active", "pending"])
def test_current_members_still_see_the_invitation_only_network(login, client, world, status):
    current = f.member_factory(world.secret, status=status, display_name="Membre Actuel")
    assert login(current.user).get(reverse("networks:about", kwargs={"slug": "secret"})).status_code == 200
    assert "secret" in [item["slug"] for item in ApiClient(client, current.user).get("/networks").json()]
