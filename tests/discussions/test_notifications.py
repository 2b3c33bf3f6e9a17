"""Follows and in-app notifications: who hears about what, and who never does."""

import pytest
from django.urls import reverse

from entrepairs.discussions import services
from entrepairs.discussions.actions.notifications import mentioned_names
from entrepairs.discussions.models import Notification, ThreadFollow
from tests import factories as f
from tests.discussions.factories import space_of


@pytest.fixture
def thread(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_thread(
            world.patient, space_of(world.breast), title="Sommeil", body="Vos nuits ?"
        )


def reply(author, thread, body, capture):
    with capture(execute=True):
        return services.post_reply(author, thread, body=body)


def test_reply_notifies_followers_but_not_its_author(world, thread, django_capture_on_commit_callbacks):
    reply(world.relative, thread, "Mal aussi.", django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [(world.patient.pk, "reply")]
    assert ThreadFollow.objects.filter(thread=thread, member=world.relative).exists()  # posting follows


def test_muted_thread_stays_silent(world, thread, django_capture_on_commit_callbacks):
    services.follow_thread(world.patient, thread, muted=True)
    reply(world.relative, thread, "Mal aussi.", django_capture_on_commit_callbacks)
    assert not Notification.objects.exists()


def test_replying_keeps_a_muted_follow_muted_and_follows_in_one_statement(
    world, thread, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    services.follow_thread(world.relative, thread, muted=True)
    muted = ThreadFollow.objects.get(thread=thread, member=world.relative)
    reply(world.relative, thread, "Je reste en retrait.", django_capture_on_commit_callbacks)
    again = ThreadFollow.objects.get(thread=thread, member=world.relative)
    assert (again.pk, again.muted, again.last_read_at) == (muted.pk, True, muted.last_read_at)

    first = f.member_factory(world.breast)
    with django_assert_max_num_queries(50) as captured:
        reply(first, thread, "Première réponse.", django_capture_on_commit_callbacks)
    follow_statements = [q["sql"] for q in captured.captured_queries if "discussions_threadfollow" in q["sql"]
                         and "INSERT" in q["sql"]]  # fmt: skip
    assert len(follow_statements) == 1
    # ... and no read of that follow first (get_or_create's SELECT, then its INSERT in a savepoint)
    assert not [
        q for q in captured.captured_queries if q["sql"].startswith('SELECT "discussions_threadfollow"."id"')
    ]
    assert ThreadFollow.objects.filter(thread=thread, member=first, muted=False).exists()


def test_mentions_reach_members_of_the_same_network_only(world, thread, django_capture_on_commit_callbacks):
    body = "Merci @[Modératrice Douce] et @[Voisin Curieux] !"  # the second is in another network
    reply(world.relative, thread, body, django_capture_on_commit_callbacks)
    mentions = Notification.objects.filter(kind="mention")
    assert [n.recipient_id for n in mentions] == [world.moderator.pk]
    assert not Notification.objects.filter(recipient=world.outsider).exists()


def test_mention_syntax():
    assert mentioned_names("Bonjour @[Rose des Vents] et @Colibri, mail a@b.fr") >= {
        "rose des vents",
        "colibri",
    }


def test_accepted_answer_notifies_its_author(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = services.create_thread(
            world.patient, space_of(world.breast), title="Perruque ?", body="?", kind="question"
        )
        answer = services.post_reply(world.relative, question, body="Oui")
        services.accept_answer(world.patient, answer)
    assert Notification.objects.filter(recipient=world.relative, kind="accepted").count() == 1


def test_notifications_never_carry_the_message_text(login, world, thread, django_capture_on_commit_callbacks):
    reply(world.relative, thread, "Mon traitement secret", django_capture_on_commit_callbacks)
    html = (
        login(world.patient.user)
        .get(reverse("discussions:notifications", kwargs={"slug": "breast"}))
        .content.decode()
    )
    assert "Sommeil" in html
    assert "Mon traitement secret" not in html


def test_bell_count_and_mark_all_read(login, world, thread, django_capture_on_commit_callbacks):
    reply(world.relative, thread, "Un", django_capture_on_commit_callbacks)
    reply(world.moderator, thread, "Deux", django_capture_on_commit_callbacks)
    client = login(world.patient.user)
    home = client.get(reverse("networks:home", kwargs={"slug": "breast"})).content.decode()
    # Two replies in one thread ring once: the bell counts threads with something new.
    assert 'class="count-badge" aria-hidden="true">1</span>' in home
    client.post(reverse("discussions:notifications", kwargs={"slug": "breast"}))
    assert not Notification.objects.filter(recipient=world.patient, read_at__isnull=True).exists()


def test_unfollow_stops_notifications(login, world, thread, django_capture_on_commit_callbacks):
    login(world.patient.user).post(
        reverse("discussions:follow", kwargs={"slug": "breast", "thread_id": thread.pk}),
        {"follow": "unfollow"},
    )
    reply(world.relative, thread, "Hello", django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=world.patient).exists()


@pytest.mark.parametrize("count", [3, 40])
def test_notification_list_queries_are_constant(login, world, django_assert_num_queries, count):
    from tests.discussions.factories import thread_factory

    thread = thread_factory(world.patient)
    others = [f.member_factory(world.breast) for _ in range(3)]
    Notification.objects.bulk_create(
        Notification(
            network=world.breast, recipient=world.patient, actor=others[i % 3], kind="reply", thread=thread
        )
        for i in range(count)
    )
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), notifications page (actors, threads), email preference,
    # bell count
    with django_assert_num_queries(6):
        assert client.get(reverse("discussions:notifications", kwargs={"slug": "breast"})).status_code == 200


def test_immediate_email_says_nothing_of_the_content(
    world, thread, mailoutbox, django_capture_on_commit_callbacks
):
    from entrepairs.discussions.actions.emails import set_frequency

    set_frequency(world.patient, "immediately")
    reply(world.relative, thread, "Mon traitement confidentiel", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world.patient.user.email]
    assert "Cancer du sein" in message.subject
    assert "confidentiel" not in message.body + message.subject
    assert "Sommeil" not in message.body + message.subject  # not even the thread title
    assert "/n/breast/notifications/" in message.body


def test_daily_notifications_ride_in_the_digest_once(
    world, thread, mailoutbox, django_capture_on_commit_callbacks
):
    """The daily email is folded into the network's digest (magazine): one email a day at most."""
    from entrepairs.magazine.actions.digests import send_digests

    reply(world.relative, thread, "Un", django_capture_on_commit_callbacks)
    reply(world.moderator, thread, "Deux", django_capture_on_commit_callbacks)
    assert mailoutbox == []  # the default is daily
    send_digests()
    [to_author] = [m for m in mailoutbox if m.to == [world.patient.user.email]]
    from urllib.parse import unquote

    assert "2 nouvelles notifications" in to_author.body
    assert "/n/breast/notifications/" in unquote(to_author.body)  # through the first-party redirect
    assert "confidentiel" not in to_author.body + to_author.subject
    count = len(mailoutbox)
    assert send_digests() == 0 and len(mailoutbox) == count


def test_never_means_no_notification_in_the_digest(
    world, thread, mailoutbox, django_capture_on_commit_callbacks
):
    from entrepairs.discussions.actions.emails import set_frequency
    from entrepairs.magazine.actions.digests import send_digests

    set_frequency(world.patient, "never")
    reply(world.relative, thread, "Un", django_capture_on_commit_callbacks)
    send_digests()
    for message in mailoutbox:
        assert "notification" not in message.body
    assert Notification.objects.filter(recipient=world.patient, emailed_at__isnull=True).exists()


def test_email_preference_form(login, world):
    from entrepairs.discussions.actions.emails import frequency_of

    client = login(world.patient.user)
    url = reverse("discussions:notifications", kwargs={"slug": "breast"})
    client.post(url, {"frequency": "immediately"})
    assert frequency_of(world.patient) == "immediately"
    client.post(url, {"frequency": "sometimes"})
    assert frequency_of(world.patient) == "immediately"
