"""Numbered pages of a thread: a reply lands on the page that holds it, with a confirmation; page
links (first, previous, next, last, first unread) and "Page 3 of 5" on every long thread."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from entrepairs.discussions import services
from entrepairs.discussions.models import Post
from entrepairs.discussions.views import POSTS_PER_PAGE
from tests.discussions.factories import thread_factory


def _url(thread) -> str:
    return reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})


def _long_thread(world, replies):
    thread = thread_factory(world.patient, replies=replies, repliers=[world.relative])
    # The factory dates its replies just after now: move them an hour back, so that a reply posted
    # by the test comes last, as it would in life.
    Post.objects.filter(thread=thread).update(created_at=F("created_at") - timedelta(hours=1))
    return thread


def test_reply_from_page_one_redirects_to_the_page_holding_it_with_a_confirmation(login, world):
    thread = _long_thread(world, replies=2 * POSTS_PER_PAGE + 10)  # 111 posts: 3 pages, the reply on 3
    client = login(world.relative.user)
    response = client.post(_url(thread), {"body": "Merci pour tous ces conseils."})
    post = Post.objects.get(body="Merci pour tous ces conseils.")
    assert response.status_code == 302
    assert response["Location"] == f"{_url(thread)}?page=3#post-{post.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="post-{post.pk}"' in page
    assert "Votre réponse a été publiée." in page
    assert "Page 3 sur 3" in page


def test_short_thread_reply_stays_on_the_only_page(login, world):
    thread = _long_thread(world, replies=3)
    response = login(world.relative.user).post(_url(thread), {"body": "Bonne idée."})
    post = Post.objects.get(body="Bonne idée.")
    assert response["Location"] == f"{_url(thread)}#post-{post.pk}"


def test_page_links_and_indicator(login, world):
    thread = _long_thread(world, replies=4 * POSTS_PER_PAGE + 5)  # 206 posts: 5 pages
    client = login(world.patient.user)
    middle = client.get(_url(thread) + "?page=3").content.decode()
    assert "Page 3 sur 5" in middle
    for name, href in (
        ("first", "?page=1"),
        ("previous", "?page=2"),
        ("next", "?page=4"),
        ("last", "?page=5"),
    ):
        assert f'href="{href}" data-page="{name}"' in middle
    first = client.get(_url(thread)).content.decode()
    assert "Page 1 sur 5" in first and 'data-page="previous"' not in first
    last = client.get(_url(thread) + "?page=last").content.decode()
    assert "Page 5 sur 5" in last and 'data-page="next"' not in last
    # Nonsense or a page past the end reads as a page that exists, never an error.
    assert "Page 1 sur 5" in client.get(_url(thread) + "?page=abc").content.decode()
    assert "Page 5 sur 5" in client.get(_url(thread) + "?page=99").content.decode()


def test_every_post_is_on_exactly_one_page(login, world):
    thread = _long_thread(world, replies=120)
    client = login(world.patient.user)
    seen = []
    for page in (1, 2, 3):
        html = client.get(_url(thread) + f"?page={page}").content.decode()
        seen += [int(chunk.split('"')[0]) for chunk in html.split('id="post-')[1:]]
    assert len(seen) == len(set(seen)) == 121


def test_first_unread_link_leads_to_the_first_post_not_yet_read(login, world):
    thread = _long_thread(world, replies=POSTS_PER_PAGE + 10)  # 61 posts
    follow = services.follow_thread(world.patient, thread)
    # The patient read up to the 55th post; six came after.
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    follow.last_read_at = posts[54].created_at
    follow.save(update_fields=["last_read_at"])
    services.post_reply(world.relative, thread, body="Et vous, comment ça va ?")
    client = login(world.patient.user)
    html = client.get(_url(thread)).content.decode()
    assert 'href="?page=2#first-unread" data-page="first-unread"' in html
    page_two = client.get(_url(thread) + "?page=2").content.decode()
    # Read since: the marker is gone on the next visit, but the divider showed where to start.
    assert 'data-page="first-unread"' not in page_two


def test_first_unread_divider_sits_before_the_first_new_post(login, world):
    thread = _long_thread(world, replies=5)
    follow = services.follow_thread(world.patient, thread)
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    follow.last_read_at = posts[3].created_at
    follow.save(update_fields=["last_read_at"])
    services.post_reply(world.relative, thread, body="Du nouveau.")
    html = login(world.patient.user).get(_url(thread)).content.decode()
    divider = html.index('id="first-unread"')
    assert html.index(f'id="post-{posts[3].pk}"') < divider < html.index(f'id="post-{posts[4].pk}"')


@pytest.mark.parametrize("replies", [5, 3 * POSTS_PER_PAGE])
def test_followed_thread_page_queries_are_constant(login, world, django_assert_num_queries, replies):
    thread = _long_thread(world, replies=replies)
    services.follow_thread(world.patient, thread)
    services.post_reply(world.relative, thread, body="Nouveau message.")
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), thread, my follow, posts count (with the unread count), the page's
    # posts, the read mark moved (one write), reactions, bell, the network's
    # moderation settings, expert notes (saved or not rides on the posts' query).
    with django_assert_num_queries(12):
        assert client.get(_url(thread) + "?page=2").status_code == 200


def test_authors_of_every_kind_cost_no_query_of_their_own(login, world):
    """The page reads only what it prints of each author (discussions.queries.PAGE_POST_FIELDS): a
    verified profession with its specialty, roles, a relative, a former member and a picture come with
    the posts, never one query per author."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from entrepairs.networks.badges import badges_html
    from tests import factories as f

    professional = f.member_factory(
        world.breast,
        display_name="Dr Ortie",
        qualification=f.qualification_factory(f.UserFactory(), profession_code="10", specialty_code="SM04"),
    )
    former = f.member_factory(world.breast, display_name="Ancien Pinson", status="left")
    pictured = f.member_factory(world.breast, display_name="Mésange Photo")
    pictured.avatar.name = "avatars/abcdef12-photo.webp"
    pictured.save(update_fields=["avatar"])
    authors = [world.relative, world.moderator, professional, former, pictured]
    plain, mixed = _long_thread(world, replies=5), thread_factory(world.patient, replies=10, repliers=authors)
    client = login(world.patient.user)
    counts = []
    for thread in (plain, mixed):
        client.get(_url(thread))  # the read mark written once
        with CaptureQueriesContext(connection) as queries:
            html = client.get(_url(thread)).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    for author in authors:
        assert author.display_name in html and str(badges_html(author)) in html
    assert f"/n/breast/members/{pictured.pk}/picture.png?v=abcdef12" in html
    assert "Dr Ortie" in html and "vérifié" in html
