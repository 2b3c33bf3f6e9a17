"""An annotated example: how a test is written in Entrepairs. Copy its shape.

1. Use the shared personas (`world`, see tests/conftest.py) instead of building users by hand: each
   persona's comment says what it may and may not see.
2. Name the test after the behaviour, in words a reviewer can check against the product.
3. A refused action asserts the status AND that nothing changed in the database.
4. Every page or list asserts its exact number of queries, with a comment naming them, at two sizes.
"""

import pytest
from django.urls import reverse

from entrepairs.networks.models import Membership
from tests import factories as f


def test_member_of_another_network_cannot_change_roles_here(login, world):
    # world.outsider belongs to `diabetes` only: `breast` must look like it does not exist.
    client = login(world.outsider.user)
    url = reverse("networks:member_role", kwargs={"slug": "breast", "member_id": world.patient.pk})

    response = client.post(url, {"role": "admin"})

    assert response.status_code == 404  # 404, not 403: existence must not leak
    world.patient.refresh_from_db()
    assert world.patient.role == Membership.Role.MEMBER  # denied means unchanged


@pytest.mark.parametrize("members", [2, 40])  # two sizes prove the count does not grow
def test_member_list_runs_constant_queries(login, world, django_assert_num_queries, members):
    for _ in range(members):
        f.member_factory(world.breast)
    client = login(world.patient.user)
    # session, user, my membership (among my personas, the header's) with its network, one page of members,
    # unread notifications (bell)
    with django_assert_num_queries(5):
        response = client.get(reverse("networks:members", kwargs={"slug": "breast"}))
    assert response.status_code == 200
