"""The header's unread badges: the bell (notifications) and Messages (private messages) cost one
query together on every network page, count only what the persona may read, and the Messages badge
alone is a fragment htmx polls and refreshes."""

import re

import pytest
from django.urls import reverse

from entrepairs.discussions.models import Notification
from entrepairs.messaging import services
from entrepairs.web.header import HeaderCounts, header_counts
from tests.messaging.helpers import say


def _notify(member, count):
    from tests import factories as f
    from tests.discussions.factories import thread_factory

    actor = f.member_factory(member.network)
    thread = thread_factory(actor)
    Notification.objects.bulk_create(
        Notification(network=member.network, recipient=member, actor=actor, kind="reply", thread=thread)
        for _ in range(count)
    )


def test_both_counts_in_one_query(team, django_assert_num_queries):
    direct = services.start_direct(team.heart, team.rhythm)
    say(team.rhythm, direct, "un")
    say(team.rhythm, direct, "deux")
    _notify(team.heart, 3)
    _notify(team.heart, 1)
    with django_assert_num_queries(1):  # one SELECT, two scalar subqueries
        # The bell counts threads with something new: three notifications in one thread ring once.
        assert header_counts(team.heart) == HeaderCounts(notifications=2, messages=2)


def test_message_count_follows_each_conversations_own_read_marker(team):
    """The participant conditions and its read marker must be the same row: a marker far ahead in
    one conversation must not hide what is unread in another."""
    direct = services.start_direct(team.heart, team.rhythm)
    group = services.create_group(team.valve, "Staff écho", [team.heart, team.rhythm])
    for index in range(6):
        say(team.rhythm, direct, f"d{index}")
    direct.refresh_from_db()
    services.mark_seen(team.heart, direct, 6, read=True)
    say(team.valve, group, "g1")  # group sequence 2 < 6: still unread
    say(team.rhythm, direct, "d7")
    assert header_counts(team.heart).messages == 2


def test_message_count_leaves_out_own_muted_deleted_left_and_system_messages(team):
    direct = services.start_direct(team.heart, team.rhythm)
    muted = services.create_group(team.valve, "Muet", [team.heart])
    left = services.create_group(team.valve, "Quitté", [team.heart])
    say(team.heart, direct, "le mien")
    deleted = say(team.rhythm, direct, "effacé")
    services.delete_message(team.rhythm, deleted)
    say(team.rhythm, direct, "compte")
    say(team.valve, muted, "muet")
    services.set_muted(team.heart, muted, True)
    say(team.valve, left, "avant de partir")
    services.leave_group(team.heart, left)
    assert header_counts(team.heart) == HeaderCounts(notifications=0, messages=1)


def test_counts_belong_to_one_persona(team, world, breast_on):
    """Another persona of the same account (another network) keeps its own counts."""
    from tests import factories as f

    second = f.member_factory(world.breast, user=team.heart.user, display_name="Cœur Discret")
    services.start_direct(second, world.patient)
    say(world.patient, services.start_direct(world.patient, second), "bonjour")
    _notify(second, 1)
    assert header_counts(team.heart) == HeaderCounts()
    assert header_counts(second) == HeaderCounts(notifications=1, messages=1)


def test_no_persona_counts_nothing_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert header_counts(None) == HeaderCounts()


@pytest.mark.parametrize("unread", [1, 25])
def test_network_page_shows_the_messages_badge_without_an_extra_query(
    team, login, django_assert_num_queries, unread
):
    direct = services.start_direct(team.heart, team.rhythm)
    for index in range(unread):
        say(team.rhythm, direct, f"m{index}")
    _notify(team.heart, 1)
    _notify(team.heart, 1)  # two threads with something new: the bell says 2
    client = login(team.heart.user)
    # session, user, membership+network+qualification (among my personas, the header's), member count, moderators, newcomers, pending
    # count, first steps, discussions' four panels (tests/networks/test_views.py),
    # both badges (header)
    with django_assert_num_queries(13):
        html = client.get(reverse("networks:home", kwargs={"slug": "cardio"})).content.decode()
    badge = re.search(r'<span id="messages-badge"[^>]*>(.*?)</span></span>', html).group(1)
    assert f'<span class="count-badge" aria-hidden="true">{unread}</span>' in badge
    assert f'<span class="visually-hidden">{unread} ' in badge  # what a screen reader says instead
    assert 'hx-trigger="every 30s, messages-unread from:body delay:300ms"' in html
    assert re.search(
        r'class="bell[^"]*"[^>]*>(?:(?!</a>).)*<span class="count-badge" aria-hidden="true">2</span>'
        r'<span class="visually-hidden">2 [^<]+</span>',
        html,
    )


def test_no_badge_without_unread_messages(team, login):
    html = login(team.heart.user).get(reverse("networks:home", kwargs={"slug": "cardio"})).content.decode()
    assert re.search(r'<span id="messages-badge"[^>]*></span>', html)


def test_badge_fragment_for_htmx(team, login, django_assert_num_queries):
    direct = services.start_direct(team.heart, team.rhythm)
    say(team.rhythm, direct, "un")
    client = login(team.heart.user)
    url = reverse("messaging:badge", kwargs={"slug": "cardio"})
    # session, user, membership+network, unread count
    with django_assert_num_queries(4):
        response = client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert html.startswith('<span id="messages-badge"') and 'aria-hidden="true">1</span>' in html
    assert "<html" not in html  # a fragment, not a page


def test_badge_fragment_counts_what_the_messages_list_counts(team, login):
    # The fragment reads the header's compiled statement (web.header.badge_count): the same number as
    # the feature's own query, through reads, a muted conversation and a deleted message.
    from entrepairs.messaging import queries

    direct = services.start_direct(team.heart, team.rhythm)
    client = login(team.heart.user)
    url = reverse("messaging:badge", kwargs={"slug": "cardio"})

    def shown() -> int:
        html = client.get(url, headers={"HX-Request": "true"}).content.decode()
        found = re.search(r'aria-hidden="true">(\d+)</span>', html)
        return int(found.group(1)) if found else 0

    assert shown() == queries.unread_total(team.heart) == 0
    say(team.heart, direct, "bonjour")  # one's own messages are not unread
    assert shown() == queries.unread_total(team.heart) == 0
    say(team.rhythm, direct, "un")
    say(team.rhythm, direct, "deux")
    assert shown() == queries.unread_total(team.heart) == 2
    say(team.heart, direct, "ma réponse")  # answering reads the conversation
    assert shown() == queries.unread_total(team.heart) == 0


def test_badge_fragment_is_404_for_visitors_and_non_members_not_a_redirect(team, world, client, login):
    url = reverse("messaging:badge", kwargs={"slug": "cardio"})
    assert client.get(url).status_code == 404  # htmx would follow a redirect and show the sign-in page
    assert login(world.outsider.user).get(url).status_code == 404


def _counted_by_the_queryset(member):
    """What the header counted before its statement was compiled once per role: the same SELECT
    built for this very persona."""
    from entrepairs.networks import access
    from entrepairs.web import header

    row = (
        access.persona_row(member)
        .order_by()
        .values(
            **{
                f"badge_{name}": access.count_subquery(unread(member))
                for name, unread in header._badges.items()
            }
        )
        .first()
    )
    return HeaderCounts(**{name.removeprefix("badge_"): count for name, count in row.items()})


def test_the_compiled_statement_counts_what_each_personas_own_select_counts(world, team):
    """One statement per role, compiled with stand-in ids: each persona, of any role and network,
    gets its own figures (open reports for moderators only)."""
    from entrepairs.moderation import services as moderation
    from tests.discussions.factories import thread_factory

    thread = thread_factory(world.patient)
    moderation.report(world.relative, "thread", thread.pk, reason="spam")
    _notify(world.patient, 2)
    _notify(world.moderator, 1)
    say(team.rhythm, services.start_direct(team.rhythm, team.heart), "bonjour")
    personas = [world.patient, world.relative, world.moderator, world.admin, team.heart, team.rhythm]
    for member in personas + personas[::-1]:
        assert header_counts(member) == _counted_by_the_queryset(member), member.display_name
    assert header_counts(world.moderator).open_reports == 1
    assert header_counts(world.patient).open_reports == 0
    assert header_counts(world.patient).notifications == 1 and header_counts(team.heart).messages == 1
