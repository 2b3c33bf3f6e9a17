"""Network administrators manage spaces; nobody else does."""

import pytest
from django.urls import reverse

from entrepairs.discussions import services
from entrepairs.discussions.models import Space
from entrepairs.errors import ActionRefused
from tests.discussions.factories import space_of, thread_factory


def test_default_spaces_depend_on_the_kind_of_network(world):
    services.ensure_default_spaces(world.breast)
    services.ensure_default_spaces(world.cardio)
    assert "Proches" in set(Space.objects.filter(network=world.breast).values_list("name", flat=True))
    assert "Cas cliniques" in set(Space.objects.filter(network=world.cardio).values_list("name", flat=True))


def test_admin_creates_renames_and_deletes_a_space(login, world):
    client = login(world.admin.user)
    url = reverse("discussions:manage_spaces", kwargs={"slug": "breast"})
    client.post(url, {"action": "create", "name": "Alimentation", "description": "Recettes"})
    space = Space.objects.get(network=world.breast, slug="alimentation")
    client.post(
        url,
        {
            "action": "update",
            "space": "alimentation",
            "name": "Alimentation et goût",
            "description": "",
            "position": 0,
        },
    )
    space.refresh_from_db()
    assert (space.name, space.slug) == ("Alimentation et goût", "alimentation")
    client.post(url, {"action": "delete", "space": "alimentation"})
    assert not Space.objects.filter(pk=space.pk).exists()


def test_space_with_threads_cannot_be_deleted(world):
    thread = thread_factory(world.patient)
    with pytest.raises(ActionRefused) as refused:
        services.delete_space(world.admin, thread.space)
    assert refused.value.code == "space_not_empty"
    assert Space.objects.filter(pk=thread.space_id).exists()


def test_moderators_and_members_cannot_manage_spaces(login, world):
    space_of(world.breast)
    with pytest.raises(ActionRefused) as refused:
        services.create_space(world.moderator, name="Intrus")
    assert refused.value.code == "forbidden"
    response = login(world.patient.user).post(
        reverse("discussions:manage_spaces", kwargs={"slug": "breast"}),
        {"action": "create", "name": "Intrus"},
    )
    assert response.status_code == 403
    assert not Space.objects.filter(name="Intrus").exists()


def test_duplicate_space_name_is_a_form_error(login, world):
    space_of(world.breast)
    response = login(world.admin.user).post(
        reverse("discussions:manage_spaces", kwargs={"slug": "breast"}),
        {"action": "create", "name": "Traitements"},
    )
    assert response.status_code == 200
    assert Space.objects.filter(network=world.breast, slug="traitements").count() == 1
