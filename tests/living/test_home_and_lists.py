"""A network's home shows what is alive (panels registered by the features), thread lists show the
last reply, unread counts and the asker's answered state, and the newcomer's first steps tick
themselves from real actions. Every page keeps a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.discussions import queries, services
from entrepairs.discussions.actions import living
from entrepairs.discussions.models import Post, Thread
from entrepairs.networks.models import Membership
from entrepairs.web import panels
from tests import factories as f
from tests.discussions.factories import space_of, thread_factory


def _home(slug="breast"):
    return reverse("networks:home", kwargs={"slug": slug})


def _index(slug="breast"):
    return reverse("discussions:index", kwargs={"slug": slug})


def _reply(member, thread, text, *, minutes):
    """A reply written `minutes` after now (factories skip the posting rate limit)."""
    at = timezone.now() + timezone.timedelta(minutes=minutes)
    post = Post.objects.create(
        network=thread.network,
        thread=thread,
        author=member,
        body=text,
        body_html=f"<p>{text}</p>",
        created_at=at,
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=thread.reply_count + 1, last_activity_at=at)
    thread.refresh_from_db()
    return post


# --- The home -------------------------------------------------------------------------------------
def test_home_shows_latest_activity_unanswered_followed_with_unread_and_newcomers(world, login):
    question = thread_factory(world.relative, kind="question", title="Quelle crème après les rayons ?")
    followed = thread_factory(world.relative, title="Reprendre le sport doucement")
    services.follow_thread(world.patient, followed)
    _reply(world.relative, followed, "Je marche trente minutes chaque matin.", minutes=5)
    newcomer = f.member_factory(world.breast, display_name="Héron Nouveau")

    html = login(world.patient.user).get(_home()).content.decode()

    assert 'data-panel="latest"' in html and "Reprendre le sport doucement" in html
    assert 'data-panel="unanswered"' in html and question.title in html
    followed_panel = html.split('data-panel="followed"')[1].split("</section>")[0]
    assert "Reprendre le sport doucement" in followed_panel
    assert 'data-unread="1"' in followed_panel  # one reply since the patient followed it
    assert 'data-panel="newcomers"' in html and newcomer.display_name in html
    assert 'data-quick-action="new_thread"' in html


def test_quick_actions_offer_messages_only_where_the_network_allows_them(world, login):
    world.breast.allow_private_messages = False
    world.breast.save(update_fields=["allow_private_messages"])
    html = login(world.patient.user).get(_home()).content.decode()
    assert 'data-quick-action="messages"' not in html
    cardio = login(world.cardiologist.user).get(_home("cardio")).content.decode()
    assert 'data-quick-action="messages"' in cardio  # professionals always write to each other


def test_a_feature_adds_a_panel_to_the_home_through_the_registry(world, login, monkeypatch):
    # What the magazine app does from its AppConfig.ready(): its latest issue, when there is one.
    monkeypatch.setattr(panels, "_panels", dict(panels._panels))
    panels.register_panel(
        panels.HomePanel("magazine", "discussions/home/_suggested.html",
                         lambda member: {"threads": [], "links": {}}, order=5)
    )  # fmt: skip
    panels.register_panel(panels.HomePanel("empty", "no/such/template.html", lambda member: None))
    html = login(world.patient.user).get(_home()).content.decode()
    assert html.index('data-panel="suggested"') < html.index('data-panel="latest"')  # order 5 first
    # A panel with nothing to show (None) is left out: its template is never even loaded.


def test_an_empty_network_tells_what_to_do_next(world, login):
    html = login(world.patient.user).get(_home()).content.decode()
    assert "data-empty" in html and reverse("discussions:new_thread", kwargs={"slug": "breast"}) in html
    index = login(world.patient.user).get(_index()).content.decode()
    assert 'class="empty-state"' in index


@pytest.mark.parametrize("extra", [2, 20])
def test_home_queries_are_constant(world, login, django_assert_num_queries, extra):
    others = [f.member_factory(world.breast) for _ in range(extra)]
    for index in range(extra):
        thread = thread_factory(others[index], kind="question" if index % 2 else "discussion",
                                replies=3, repliers=others, title=f"Sujet {index}")  # fmt: skip
        services.follow_thread(world.patient, thread)
    client = login(world.patient.user)
    # session, user, membership+network (among my personas, the header's), member count, moderators, newcomers, first steps (one query
    # for all), followed threads, latest activity, unanswered questions, suggestions,
    # unread notifications (bell). A plain member: no pending-requests count.
    with django_assert_num_queries(12):
        assert client.get(_home()).status_code == 200


# --- Thread lists ---------------------------------------------------------------------------------
def test_thread_list_shows_last_reply_author_unread_count_and_answered_state(world, login):
    answered = thread_factory(world.patient, kind="question", title="Perruque ou foulard ?")
    answer = _reply(world.relative, answered, "Un foulard en coton, plus doux la nuit.", minutes=1)
    services.accept_answer(world.patient, answer)
    waiting = thread_factory(world.relative, kind="question", title="Quel shampoing pendant la chimio ?")
    followed = thread_factory(world.patient, title="Nos petites victoires")
    services.follow_thread(world.patient, followed)
    for minute in (2, 3):
        _reply(world.moderator, followed, f"Une victoire de plus ({minute}).", minutes=minute)

    html = login(world.patient.user).get(_index()).content.decode()
    items = {title: html.split(title)[0].rsplit("data-thread", 1)[1] + html.split(title)[1].split("</li>")[0]
             for title in (answered.title, waiting.title, followed.title)}  # fmt: skip
    assert "data-answered" in items[answered.title]
    assert world.relative.display_name in items[answered.title]  # last reply by
    assert "data-unanswered" in items[waiting.title]
    assert 'data-unread="2"' in items[followed.title]
    assert world.moderator.display_name in items[followed.title]


def test_hidden_replies_neither_name_their_author_nor_count_as_unread(world, login):
    thread = thread_factory(world.patient, title="Sommeil difficile")
    services.follow_thread(world.patient, thread)
    hidden = _reply(world.moderator, thread, "Message masqué.", minutes=1)
    Post.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    [row] = queries.with_list_details(world.patient, queries.visible_threads(world.patient))
    assert row.last_poster_name is None and row.unread_count == 0


def test_reading_a_followed_thread_clears_its_unread_count(world, login):
    thread = thread_factory(world.patient, title="Fatigue de fin de journée")
    services.follow_thread(world.patient, thread)
    _reply(world.relative, thread, "Pareil pour moi.", minutes=1)
    client = login(world.patient.user)
    client.get(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}))
    [row] = queries.followed_with_unread(world.patient)
    assert row.unread_count == 0


@pytest.mark.parametrize("count", [3, 25])
def test_thread_list_queries_are_constant(world, login, django_assert_num_queries, count):
    others = [f.member_factory(world.breast) for _ in range(3)]
    for index in range(count):
        thread = thread_factory(others[0], replies=4, repliers=others, title=f"Fil {index}")
        services.follow_thread(world.patient, thread)
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), one page of threads with their last replies and unread counts
    # (subqueries), spaces, unanswered, followed, bell
    with django_assert_num_queries(8):
        assert client.get(_index()).status_code == 200
    space = space_of(world.breast)
    # The space page: its threads and whether I follow the space instead of the index's side panels.
    with django_assert_num_queries(7):
        assert (
            client.get(
                reverse("discussions:space", kwargs={"slug": "breast", "space_slug": space.slug})
            ).status_code
            == 200
        )


# --- First steps ----------------------------------------------------------------------------------
def _steps(member):
    return {step["name"]: step["done"] for step in panels.first_steps_for(member)}


def test_first_steps_tick_themselves_from_real_actions(world, login):
    newcomer = f.member_factory(world.breast, display_name="Mésange Arrivée")
    client = login(newcomer.user)
    assert _steps(newcomer) == {"introduce": False, "follow_space": False, "conduct": False}
    assert "data-first-steps" in client.get(_home()).content.decode()

    # Introduce yourself: to the welcome thread (made once, signed by the network's administrator).
    response = client.post(reverse("discussions:welcome", kwargs={"slug": "breast"}))
    welcome = Thread.objects.get(network=world.breast, is_welcome=True)
    assert response["Location"].endswith(f"/t/{welcome.pk}/#reply")
    assert welcome.author == world.admin
    client.post(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": welcome.pk}),
                {"body": "Bonjour à toutes, je viens d'arriver."})  # fmt: skip
    # Follow a space, then read the code of conduct.
    space = space_of(world.breast)
    client.post(reverse("discussions:follow_space", kwargs={"slug": "breast", "space_slug": space.slug}))
    client.get(reverse("moderation:code_of_conduct", kwargs={"slug": "breast"}))

    newcomer.refresh_from_db()
    assert _steps(newcomer) == {"introduce": True, "follow_space": True, "conduct": True}
    assert "data-first-steps" not in client.get(_home()).content.decode()  # all done: gone
    # A second newcomer finds the same welcome thread.
    other = f.member_factory(world.breast)
    login(other.user).post(reverse("discussions:welcome", kwargs={"slug": "breast"}))
    assert Thread.objects.filter(network=world.breast, is_welcome=True).count() == 1
    # One statement compiled for everyone (web/panels.py) answers for each persona.
    assert _steps(other) == {"introduce": False, "follow_space": False, "conduct": False}
    assert _steps(newcomer) == {"introduce": True, "follow_space": True, "conduct": True}


def test_welcome_thread_is_in_the_networks_language(world):
    world.breast.language = "en"
    thread = living.ensure_welcome_thread(world.breast, author=world.admin)
    assert thread.title.startswith("Welcome to")
    assert living.ensure_welcome_thread(world.breast, author=world.patient) == thread


def test_suggested_threads_are_lively_ones_the_member_does_not_follow_yet(world):
    lively = thread_factory(world.relative, replies=6, title="Ce qui m'aide les jours sans")
    calm = thread_factory(world.relative, replies=1, title="Une question rapide")
    mine = thread_factory(world.patient, replies=9, title="Mon fil")
    followed = thread_factory(world.relative, replies=8, title="Déjà suivi")
    services.follow_thread(world.patient, followed)
    assert queries.suggested_threads(world.patient) == [lively, calm]
    assert mine not in queries.suggested_threads(world.patient)


def test_followed_spaces_end_with_the_membership(world):
    from entrepairs.discussions.models import SpaceFollow
    from entrepairs.networks import lifecycle

    living.follow_space(world.patient, space_of(world.breast), following=True)
    lifecycle.leave_network(world.patient)
    assert not SpaceFollow.objects.filter(member=world.patient).exists()
    assert Membership.objects.get(pk=world.patient.pk).status == "left"


def test_home_moderators_and_newcomers_answer_what_their_querysets_answer(world):
    """The home reads both through one statement compiled once (networks/access.py)."""
    from entrepairs.networks import access

    for index in range(4):
        f.member_factory(world.breast, display_name=f"Nouvelle Venue {index}")
    f.member_factory(world.diabetes, display_name="Ailleurs Nouvelle")
    for member in (world.patient, world.moderator, world.outsider):
        for limit in (2, 10):
            assert [m.pk for m in access.first_newcomers(member, limit)] == [
                m.pk for m in access.newcomers(member)[:limit]
            ]
            expected = list(access.network_moderators(member)[:limit])
            found = access.first_moderators(member, limit)
            assert [(m.pk, m.sort_name, m.display_name) for m in found] == [
                (m.pk, m.sort_name, m.display_name) for m in expected
            ]
    assert world.patient.pk not in {m.pk for m in access.first_newcomers(world.patient, 10)}
    assert {m.pk for m in access.first_moderators(world.patient, 10)} >= {world.moderator.pk, world.admin.pk}
