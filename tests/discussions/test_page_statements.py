"""Reads of every page through statements compiled once (entrepairs/prepared.py): the thread page's
reactions and expert notes, compiled per number of posts (kind "ints"), and a network's spaces;
each answers what its queryset answered, in one statement."""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from entrepairs.discussions import queries, services
from entrepairs.discussions.models import ExpertNote, Post, Reaction
from entrepairs.prepared import Prepared
from tests.discussions.factories import thread_factory


def _expected_reactions(member, posts) -> dict:
    rows = (
        Reaction.objects.filter(post_id__in=[post.pk for post in posts])
        .values("post_id", "kind")
        .annotate(count=Count("id"), mine=Count("id", filter=Q(member_id=member.pk)))
    )
    found: dict = {}
    for row in rows:
        found.setdefault(row["post_id"], {})[row["kind"]] = {"count": row["count"], "mine": bool(row["mine"])}
    return found


@pytest.fixture
def page(world):
    """A thread of six posts (the opening one and five replies); reactions of three members on some;
    expert notes by the moderator on two, and one on a post of another thread."""
    thread = thread_factory(world.patient)
    for n in range(5):
        services.post_reply(world.relative if n % 2 else world.moderator, thread, body=f"Réponse numéro {n}.")
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    kinds = [kind for kind, _label in Reaction.kinds_for(world.breast)]
    for index, post in enumerate(posts):
        for member in (world.patient, world.relative, world.moderator)[: index % 4]:
            services.toggle_reaction(member, post, kinds[index % len(kinds)])
    services.toggle_reaction(world.patient, posts[1], kinds[-1])
    services.add_expert_note(
        world.moderator, posts[1], body="Voir la recommandation.", source="https://www.has-sante.fr/a"
    )
    services.add_expert_note(
        world.moderator, posts[1], body="Et la mise à jour.", source="https://www.has-sante.fr/b"
    )
    services.add_expert_note(
        world.moderator, posts[4], body="Une autre source.", source="https://www.e-cancer.fr/c"
    )
    elsewhere = thread_factory(world.patient)
    services.add_expert_note(
        world.moderator,
        Post.objects.get(thread=elsewhere),
        body="Ailleurs.",
        source="https://www.has-sante.fr/d",
    )
    return posts


@pytest.mark.parametrize("member", ["patient", "relative", "moderator", "outsider"])
def test_reactions_of_a_page_are_what_the_queryset_counts(world, page, member):
    member = getattr(world, member)
    assert sum(len(kinds) for kinds in _expected_reactions(member, page).values()) >= 4  # something to count
    for shown in (page, page[:3], page[2:3], page[::2]):  # lengths 6, 3, 1, 3 (compiled per length)
        assert dict(queries.reaction_summary(member, shown)) == _expected_reactions(member, shown)
    assert dict(queries.reaction_summary(member, [])) == {}


def test_expert_notes_of_a_page_are_the_networks_notes_on_its_posts_oldest_first(world, page):
    for shown in (page, page[:2], page[4:]):
        expected: dict = {}
        for note in ExpertNote.objects.filter(post__in=shown, network_id=world.patient.network_id).order_by(
            "created_at", "id"
        ):
            expected.setdefault(note.post_id, []).append(note.pk)
        found = queries.expert_notes(world.patient, shown)
        assert {post_id: [note.pk for note in notes] for post_id, notes in found.items()} == expected
    notes = queries.expert_notes(world.patient, page)[page[1].pk]
    assert [note.body for note in notes] == ["Voir la recommandation.", "Et la mise à jour."]
    assert notes[0].author.display_name == world.moderator.display_name  # with its author, no query
    # A member of another network asking with these posts gets nothing of this network's notes.
    assert queries.expert_notes(world.outsider, page) == {}


def test_one_statement_each_and_no_compiling_after_the_first_page_of_a_length(world, page, monkeypatch):
    queries.reaction_summary(world.patient, page)
    queries.expert_notes(world.patient, page)
    compiled = []
    original = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda self, *a: compiled.append(a) or original(self, *a))
    with CaptureQueriesContext(connection) as captured:
        queries.reaction_summary(world.relative, page)
        queries.expert_notes(world.relative, page)
    assert len(captured) == 2
    assert compiled == []


def test_a_list_argument_is_compiled_per_length_and_refused_empty(world, page):
    statement = Prepared(lambda ids: Post.objects.filter(pk__in=ids).order_by("id"), ("ints",))
    assert [post.pk for post in statement.all([page[3].pk, page[0].pk])] == sorted([page[0].pk, page[3].pk])
    assert [post.pk for post in statement.all([page[5].pk])] == [page[5].pk]
    assert statement.all([10**15, 10**15 + 1]) == []
    with pytest.raises(ValueError):
        statement.all([])


def test_spaces_are_the_networks_own_in_order_or_its_unsaved_defaults(world):
    from entrepairs.discussions.models import Space

    assert not Space.objects.filter(network=world.cardio).exists()
    defaults = queries.spaces(world.cardiologist)
    assert defaults and all(space._state.adding for space in defaults)  # reading writes nothing
    services.ensure_default_spaces(world.breast)
    Space.objects.filter(network=world.breast).update(position=5)
    Space.objects.create(network=world.breast, name="Zzz en premier", slug="zzz", position=0)
    expected = list(Space.objects.filter(network=world.breast).order_by("position", "name"))
    with CaptureQueriesContext(connection) as captured:
        found = queries.spaces(world.patient)
    assert [space.pk for space in found] == [space.pk for space in expected]
    assert found[0].slug == "zzz" and len(captured) == 1  # by position, then name
    assert [space.pk for space in queries.spaces(world.outsider)] != [space.pk for space in expected]
