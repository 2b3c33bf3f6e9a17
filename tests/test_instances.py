"""Rows of the models read on every page become instances without Model.__init__
(entrepairs/instances.py): the same instances as Django's way, and Django's way whenever something
listens to instance creation or a field's descriptor does more than store the value."""

import pytest
from django.db.models import Model
from django.db.models.signals import post_init, pre_init

from entrepairs import instances
from entrepairs.accounts.models import User
from entrepairs.discussions.models import Notification, Post, Space, Thread, ThreadFollow
from entrepairs.instances import QuickFromDb
from entrepairs.messaging.models import Conversation, Message, Participant
from entrepairs.networks.models import Membership, Network
from entrepairs.professionals.models import Profession, Qualification, Specialty
from tests.discussions.factories import thread_factory

QUICK_MODELS = [Space, Thread, Post, ThreadFollow, Notification, Network, Membership, Profession, Specialty,
                Qualification, Conversation, Participant, Message, User]  # fmt: skip


def _spaces(world) -> None:
    for name in ("Traitements", "Vie quotidienne"):
        Space.objects.create(network=world.patient.network, name=name, slug=name.lower().replace(" ", "-"))


def _djangos_way(model, row):
    """The instance Model.from_db makes of the same row."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in row.__dict__]
    return Model.from_db.__func__(model, row._state.db, names, [row.__dict__[name] for name in names])


def _state(instance) -> dict:
    return {"adding": instance._state.adding, "db": instance._state.db}


def _fields(instance) -> dict:
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


def test_the_page_models_take_the_quick_way():
    for model in QUICK_MODELS:
        assert issubclass(model, QuickFromDb) and instances._quick(model), model


def test_rows_become_the_instances_djangos_way_makes(world):
    _spaces(world)
    thread_factory(world.patient, replies=2, repliers=[world.relative])
    thread_factory(world.cardiologist, kind="question", replies=1)
    checked = 0
    for model in QUICK_MODELS:
        for row in model.objects.all()[:20]:
            expected = _djangos_way(model, row)
            assert type(row) is model and _fields(row) == _fields(expected), model
            assert _state(row) == _state(expected) == {"adding": False, "db": "default"}
            checked += 1
    assert checked > 50


def test_joined_and_deferred_rows(world):
    thread_factory(world.cardiologist, replies=1)
    posts = list(Post.objects.select_related("author__qualification__profession", "thread__space"))
    assert posts and all(post.author.network_id == post.network_id for post in posts)
    cardiologist = next(post.author for post in posts if post.author_id == world.cardiologist.pk)
    assert cardiologist.qualification.profession.code == world.cardiologist.qualification.profession.code
    assert all(post.thread.space.network_id == post.network_id for post in posts)
    # Columns left out stay deferred (read from the database when asked for), as Django's way.
    partial = Membership.objects.only("display_name").get(pk=world.patient.pk)
    assert partial.get_deferred_fields() == _djangos_way(Membership, partial).get_deferred_fields()
    assert "role" in partial.get_deferred_fields() and partial.role == world.patient.role


def test_an_instance_read_the_quick_way_saves_and_refreshes(world):
    member = Membership.objects.get(pk=world.patient.pk)
    member.display_name = "Loutre du soir"
    member.save(update_fields=["display_name"])  # an UPDATE: the instance knows it is not new
    assert Membership.objects.filter(display_name="Loutre du soir").count() == 1
    Membership.objects.filter(pk=member.pk).update(display_name="Loutre du matin")
    member.refresh_from_db()
    assert member.display_name == "Loutre du matin" and member.network.slug == "breast"


@pytest.mark.parametrize("signal", [pre_init, post_init])
def test_a_listener_to_instance_creation_gets_djangos_way(world, signal):
    _spaces(world)
    created = []

    def listener(sender, **kwargs):
        created.append(kwargs.get("instance"))

    signal.connect(listener, sender=Space)
    try:
        spaces = list(Space.objects.all())
    finally:
        signal.disconnect(listener, sender=Space)
    assert spaces and len(created) == len(spaces)


def test_a_field_whose_descriptor_does_more_keeps_djangos_way(world, monkeypatch):
    setter_calls = []

    class Watching:
        def __get__(self, instance, owner):
            return self if instance is None else instance.__dict__["name"]

        def __set__(self, instance, value):
            setter_calls.append(value)
            instance.__dict__["name"] = value

    _spaces(world)
    monkeypatch.setattr(Space, "name", Watching())
    monkeypatch.setattr(instances, "_checked", {})
    spaces = list(Space.objects.all())
    assert spaces and setter_calls == [space.name for space in spaces]
