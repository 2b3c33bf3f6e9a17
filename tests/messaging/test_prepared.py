"""entrepairs/prepared.py: a statement compiled once answers what its queryset answers, for every
argument, each kind of network (two shapes of SQL), and in another thread (its own connection, the same compiled statement)."""

import gc
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entrepairs.messaging import queries, services
from entrepairs.messaging.models import Participant
from entrepairs.moderation.models import WatchedWord
from entrepairs.networks.models import Membership
from entrepairs.prepared import Prepared, as_row_id
from entrepairs.professionals.models import Qualification
from tests import factories as f

pytestmark = pytest.mark.usefixtures("reference_professions")


def by_queryset(member, conversation_id, now, for_sending=False):
    rows = queries._participant_in_standing(
        member.pk, member.network_id, conversation_id, now, (member.network.kind, for_sending)
    )
    return next(iter(rows), None)


def prepared(member, conversation_id, now, for_sending=False):
    return queries._participant_statement.first(
        member.pk, member.network_id, conversation_id, now, variant=(member.network.kind, for_sending)
    )


def same(first, second):
    if first is None or second is None:
        return first is second
    for annotation in ("suspended_until", "watches_words"):  # what a send reads (for_sending)
        if getattr(first, annotation, None) != getattr(second, annotation, None):
            return False
    fields = [field.attname for field in Participant._meta.concrete_fields]
    conversation_fields = [field.attname for field in type(first.conversation)._meta.concrete_fields]
    return [getattr(first, name) for name in fields] == [getattr(second, name) for name in fields] and [
        getattr(first.conversation, name) for name in conversation_fields
    ] == [getattr(second.conversation, name) for name in conversation_fields]


def group_of(network, size=3):
    members = []
    for _ in range(size):
        user = f.UserFactory()
        qualification = (
            f.qualification_factory(user, verified_until=timezone.now() + timedelta(days=30))
            if network.kind == "professionals"
            else None
        )
        members.append(f.member_factory(network, user=user, qualification=qualification))
    if network.kind == "professionals":
        network.professions.set([f.profession("10")])
    return members, services.create_group(members[0], "Groupe", members[1:])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["patients", "professionals"])
def test_the_prepared_statement_answers_what_the_queryset_answers(kind):
    network = f.network_factory(kind=kind, allow_private_messages=True)
    members, group = group_of(network)
    _, other_group = group_of(network)
    outsider = f.member_factory(f.network_factory(kind=kind))
    now = timezone.now()
    cases = [(member, conversation.pk) for member in members for conversation in (group, other_group)]
    cases += [(outsider, group.pk), (members[1], 10**15)]
    for member, conversation_id in cases:
        for for_sending in (False, True):
            assert same(
                prepared(member, conversation_id, now, for_sending),
                by_queryset(member, conversation_id, now, for_sending),
            )
    sending = prepared(members[1], group.pk, now, for_sending=True)
    assert sending.suspended_until is None and sending.watches_words is False
    WatchedWord.objects.create(network=network, word="arnaque", action="flag")
    assert prepared(members[1], group.pk, now, for_sending=True).watches_words is True
    assert prepared(outsider, group.pk, now, for_sending=True) is None
    assert prepared(members[1], group.pk, now).conversation.name == "Groupe"
    assert prepared(members[1], other_group.pk, now) is None

    Membership.objects.filter(pk=members[1].pk).update(status="removed")
    assert prepared(members[1], group.pk, now) is None
    if kind == "professionals":  # the moment is an argument: a qualification valid until then
        until = Qualification.objects.get(pk=members[2].qualification_id).verified_until
        assert prepared(members[2], group.pk, until - timedelta(seconds=1)) is not None
        assert prepared(members[2], group.pk, until + timedelta(seconds=1)) is None
        assert by_queryset(members[2], group.pk, until + timedelta(seconds=1)) is None


@pytest.mark.django_db(transaction=True)
def test_one_query_per_call_and_no_compilation_after_the_first():
    network = f.network_factory(allow_private_messages=True)
    members, group = group_of(network)
    queries.get_participant_or_404(members[0], group.pk)
    with CaptureQueriesContext(connection) as captured:
        found = queries.get_participant_or_404(members[1], group.pk)
    assert len(captured) == 1 and found.member_id == members[1].pk and found.conversation_id == group.pk


@pytest.mark.django_db(transaction=True)
def test_a_call_works_out_no_converters_nor_populators_again(monkeypatch):
    """How rows become values and instances depends on the columns only: worked out when the
    statement is compiled, not at each call (the ORM does it at every run, for every column)."""
    from django.db.models import query as orm_query
    from django.db.models.sql import compiler as orm_compiler

    from entrepairs import prepared

    network = f.network_factory(allow_private_messages=True)
    members, group = group_of(network)
    queries.get_participant_or_404(members[0], group.pk)
    worked_out = []
    patched = ((orm_compiler.SQLCompiler, "get_converters"), (orm_query, "get_related_populators"),
               (prepared, "get_related_populators"))  # fmt: skip
    for module, name in patched:
        original = getattr(module, name)
        monkeypatch.setattr(
            module,
            name,
            lambda *args, _original=original, _name=name, **kwargs: (
                worked_out.append(_name) or _original(*args, **kwargs)
            ),
        )
    found = queries.get_participant_or_404(members[1], group.pk)
    assert worked_out == []
    # select_related rows, converted as the queryset converts them
    assert found.conversation.pk == group.pk and found.member.network_id == network.pk
    assert found.joined_at == Participant.objects.get(pk=found.pk).joined_at


@pytest.mark.django_db(transaction=True)
def test_a_call_leaves_no_cycle_for_the_garbage_collector():
    """Each call's compiler is freed when the call ends, not by the cyclic collector: a websocket
    server makes several calls per message, and the cycles they left (compiler -> its `as_sql` ->
    the compiler) made the collector's passes longer and more frequent (docs/decisions/0012)."""
    network = f.network_factory(allow_private_messages=True)
    members, group = group_of(network)
    queries.get_participant_or_404(members[0], group.pk)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for member in members:
            queries.get_participant_or_404(member, group.pk)
        gc.collect()
        left = [type(thing).__name__ for thing in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert "SQLCompiler" not in left and "SQLCompiler" in {type(c).__name__ for c in _compilers()}


def _compilers():
    return [compiler for compiler, _, _ in queries._participant_statement._compiled_by.values()]


@pytest.mark.django_db(transaction=True)
def test_another_thread_reuses_the_compiled_statement_on_its_own_connection(monkeypatch):
    """Under ASGI each request runs in a new thread with a new connection object: the statement is
    compiled once per process, and each call runs on the calling thread's connection."""
    network = f.network_factory(allow_private_messages=True)
    members, group = group_of(network)
    assert queries.get_participant_or_404(members[0], group.pk).member_id == members[0].pk
    compiled = []
    original = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda *a: compiled.append(a) or original(*a))
    found, used = [], []

    def other_thread():
        try:
            with CaptureQueriesContext(connection) as captured:
                found.append(queries.get_participant_or_404(members[2], group.pk).member_id)
            used.append(len(captured))
        finally:
            connection.close()

    for _ in range(2):
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert found == [members[2].pk, members[2].pk]
    assert compiled == []  # nor by the first thread's statement's cache being per connection
    assert used == [1, 1]  # one query each, on the thread's own connection (captured there)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("conversation_id", ["abc", -1, 0, 2**63, 10**30])
def test_ids_no_row_can_have_answer_not_found(conversation_id):
    network = f.network_factory(allow_private_messages=True)
    members, _group = group_of(network)
    from django.http import Http404

    with pytest.raises(Http404):
        queries.get_participant_or_404(members[0], conversation_id)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        (" 7 ", 7),
        ("abc", None),
        (None, None),
        ("1.5", None),
        (-1, None),
        (0, None),
        (2**63 - 1, 2**63 - 1),
        (2**63, None),
        (10**30, None),
    ],
)
def test_a_row_id_is_an_integer_some_row_could_have(value, expected):
    """Checked before a compiled statement gets a value it was not compiled for (a thread's or a
    conversation's id from a URL or a frame)."""
    assert as_row_id(value) == expected


@pytest.mark.django_db(transaction=True)
def test_a_statement_whose_sql_depends_on_the_values_is_refused():
    with pytest.raises(ValueError):
        Prepared(lambda first, second: Participant.objects.none(), ("datetime", "datetime"))._compile(
            connection, "default", None
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["patients", "professionals"])
def test_the_recipients_statement_answers_what_its_queryset_answers(kind):
    """Whom a message is sent to (queries.recipients, compiled once): the other active participants
    whose membership stands now, each with whether they muted the conversation."""
    network = f.network_factory(kind=kind, allow_private_messages=True)
    members, group = group_of(network, size=5)

    def both(sender):
        now = timezone.now()
        by_queryset = sorted(queries._others_in_standing(group.pk, sender.pk, now, kind))
        assert sorted(queries.recipients(sender, group.pk)) == by_queryset
        return by_queryset

    assert both(members[0]) == sorted((member.pk, False) for member in members[1:])
    services.set_muted(members[1], group, True)
    Membership.objects.filter(pk=members[2].pk).update(status="removed")
    services.leave_group(members[3], group)
    expected = sorted([(members[1].pk, True), (members[4].pk, False)])
    if kind == "professionals":  # a lapsed qualification: no longer in standing
        Qualification.objects.filter(pk=members[4].qualification_id).update(
            verified_until=timezone.now() - timedelta(days=1)
        )
        expected = [(members[1].pk, True)]
    assert both(members[0]) == expected
    assert (members[0].pk, False) in both(members[1])
