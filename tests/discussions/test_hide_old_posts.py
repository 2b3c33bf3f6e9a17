"""Lowering the visibility of one's old posts (issue 16, retroactive privacy): the posts stay in
their threads as "hidden by its author", their text reaches no other member anywhere, moderators
still read it (audited), and the author can show them again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.discussions import queries, search, services
from entrepairs.discussions.actions import hide_old_posts as old_posts
from entrepairs.discussions.actions.rights import export_member_content
from entrepairs.discussions.models import AuthorHiddenText, Bookmark, Post, Thread
from entrepairs.errors import ActionRefused
from entrepairs.rights.actions import fresh_start
from tests.discussions.factories import space_of

SECRET = "Plouguenast"  # a word of the old text, to look for everywhere
TITLE = "Ma vie à Plouguenast"


def _old_thread(author, *, days=30, replier=None):
    """A thread `author` opened `days` ago, with a reply by `replier` (another member) after it."""
    then = timezone.now() - timedelta(days=days)
    network = author.network
    thread = Thread.objects.create(
        network=network, space=space_of(network), author=author, title=TITLE, created_at=then
    )
    Post.objects.create(network=network, thread=thread, author=author, is_first=True, created_at=then,
                        body=f"J'habite {SECRET} depuis dix ans.", body_html=f"<p>J'habite {SECRET} depuis dix ans.</p>")  # fmt: skip
    if replier is not None:
        Post.objects.create(network=network, thread=thread, author=replier, created_at=then + timedelta(hours=1),
                            body="Courage à vous !", body_html="<p>Courage à vous !</p>")  # fmt: skip
    return thread


def thread_url(thread):
    return reverse("discussions:thread", kwargs={"slug": thread.network.slug, "thread_id": thread.pk})


def page_url(member):
    return reverse("discussions:hide_old_posts", kwargs={"slug": member.network.slug})


def test_old_posts_stay_in_the_thread_as_hidden_and_the_replies_stay(login, world):
    thread = _old_thread(world.patient, replier=world.relative)
    recent = services.post_reply(world.patient, thread, body="Aujourd'hui ça va mieux.")
    assert old_posts.hide_old_posts(world.patient) == 1  # before today: the reply of today stays
    page = login(world.relative.user).get(thread_url(thread)).content.decode()
    assert SECRET not in page and TITLE not in page
    assert "Message masqué par son auteur." in page and "Sujet masqué par son auteur" in page
    assert "Courage à vous !" in page and "Aujourd'hui ça va mieux." in page  # the structure is kept
    assert "data-author-hidden-text" not in page
    recent.refresh_from_db()
    assert recent.author_hidden_at is None


def test_the_text_is_nowhere_in_the_post_rows_and_search_forgets_it(world):
    thread = _old_thread(world.patient)
    assert len(search.search(world.relative, SECRET)) == 1
    old_posts.hide_old_posts(world.patient)
    assert not Post.objects.filter(body__contains=SECRET).exists()
    assert not Thread.objects.filter(title__contains=SECRET).exists()
    assert search.search(world.relative, SECRET) == []
    assert search.search(world.relative, "Plouguenast vie") == []
    assert search.search(world.moderator, SECRET) == []  # the index itself forgot it
    assert AuthorHiddenText.objects.get(post__thread=thread).thread_title == TITLE


def test_the_api_answers_the_placeholder(api_for, world):
    thread = _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    response = api_for(world.relative).get(f"/threads/{thread.pk}")
    assert response.status_code == 200
    data = response.json()
    assert SECRET not in response.content.decode()
    assert data["items"][0]["hidden_by_author"] is True and data["items"][0]["body"] == ""
    listing = api_for(world.relative).get("/threads").content.decode()
    assert SECRET not in listing


def test_feeds_notifications_saved_posts_and_profiles_show_the_placeholder(login, world):
    thread = _old_thread(world.patient, replier=world.relative)
    first = thread.posts.get(is_first=True)
    Bookmark.objects.create(network=world.breast, post=first, member=world.relative)
    services.post_reply(world.relative, thread, body="Je reviens sur ce fil.")
    old_posts.hide_old_posts(world.patient)
    client = login(world.relative.user)
    slug = world.breast.slug
    for name, kwargs in (
        ("discussions:index", {}),
        ("discussions:saved", {}),
        ("discussions:notifications", {}),
        ("discussions:search", {}),
    ):
        query = {"q": "dix ans"} if name == "discussions:search" else {}
        response = client.get(reverse(name, kwargs={"slug": slug, **kwargs}), query)
        assert response.status_code == 200, name
        assert SECRET not in response.content.decode(), name
    profile = client.get(
        reverse("networks:member_detail", kwargs={"slug": slug, "member_id": world.patient.pk})
    )
    assert SECRET not in profile.content.decode()


def test_quoting_a_hidden_post_quotes_nothing_of_it(login, world):
    thread = _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    first = thread.posts.get(is_first=True)
    page = login(world.relative.user).get(thread_url(thread), {"quote": first.pk}).content.decode()
    assert SECRET not in page


def test_quotes_of_a_hidden_post_in_others_replies_are_masked_and_come_back(world):
    thread = _old_thread(world.patient)
    first = thread.posts.get(is_first=True)
    reply = services.post_reply(
        world.relative,
        thread,
        body=services.quote(first) + "Je connais bien ce coin, courage !",
        confirm_privacy=["PERSON", "ADDRESS"],  # "Rose des Vents" reads as a name
    )
    assert SECRET in reply.body
    old_posts.hide_old_posts(world.patient)
    reply.refresh_from_db()
    assert SECRET not in reply.body and SECRET not in reply.body_html
    assert "Je connais bien ce coin, courage !" in reply.body  # the replier's own words stay
    assert "Message masqué par son auteur." in reply.body
    assert search.search(world.moderator, SECRET) == []
    old_posts.restore_hidden_posts(world.patient)
    reply.refresh_from_db()
    assert SECRET in reply.body and "Je connais bien ce coin" in reply.body


def test_moderators_still_read_it_and_each_read_is_audited(login, world):
    thread = _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    page = login(world.moderator.user).get(thread_url(thread)).content.decode()
    assert SECRET in page and "data-author-hidden-text" in page
    event = AuditEvent.objects.filter(action="hidden.read").latest("id")
    assert "1 posts hidden by their author" in event.detail and SECRET not in event.detail
    # A report of the post shows its text to the moderator judging it.
    first = Post.objects.select_related("author_hidden_text").get(thread=thread, is_first=True)
    assert SECRET in queries.post_text_for_moderator(first)


def test_the_author_sees_their_own_text_and_cannot_edit_it_while_hidden(login, world):
    thread = _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    client = login(world.patient.user)
    page = client.get(thread_url(thread)).content.decode()
    assert SECRET in page  # in "Your text (hidden from the other members)"
    first = Post.objects.get(thread=thread, is_first=True)
    with pytest.raises(ActionRefused) as refused:
        services.edit_post(world.patient, first, body="Nouveau texte")
    assert refused.value.code == "post_hidden_by_author"
    edit = client.get(reverse("discussions:edit_post", kwargs={"slug": "breast", "post_id": first.pk}))
    assert edit.status_code == 302


def test_restoring_puts_everything_back(world):
    thread = _old_thread(world.patient)
    before_html = thread.posts.get(is_first=True).body_html
    old_posts.hide_old_posts(world.patient)
    assert old_posts.restore_hidden_posts(world.patient) == 1
    thread.refresh_from_db()
    first = thread.posts.get(is_first=True)
    assert thread.title == TITLE and SECRET in first.body and first.body_html == before_html
    assert first.author_hidden_at is None and not AuthorHiddenText.objects.exists()
    assert len(search.search(world.relative, SECRET)) == 1


def test_the_date_chosen_limits_what_is_hidden(world):
    old = _old_thread(world.patient, days=60)
    newer = _old_thread(world.patient, days=5)
    assert old_posts.hide_old_posts(world.patient, before=timezone.localdate() - timedelta(days=30)) == 1
    assert Post.objects.get(thread=old).author_hidden_at is not None
    assert Post.objects.get(thread=newer).author_hidden_at is None
    with pytest.raises(ActionRefused) as refused:
        old_posts.hide_old_posts(world.patient, before=timezone.localdate() + timedelta(days=1))
    assert refused.value.code == "date_in_future"


def test_only_the_member_s_own_posts_in_this_network(world):
    mine = _old_thread(world.patient, replier=world.relative)
    elsewhere = _old_thread(world.outsider)
    old_posts.hide_old_posts(world.patient)
    assert Post.objects.get(thread=mine, author=world.relative).author_hidden_at is None
    assert Post.objects.get(thread=elsewhere).author_hidden_at is None
    # Another member cannot restore them.
    assert old_posts.restore_hidden_posts(world.relative) == 0
    assert Post.objects.get(thread=mine, is_first=True).author_hidden_at is not None


def test_the_page_hides_and_restores_in_one_step(login, world):
    thread = _old_thread(world.patient)
    client = login(world.patient.user)
    assert client.get(page_url(world.patient)).status_code == 200
    response = client.post(
        page_url(world.patient), {"before": timezone.localdate().isoformat(), "action": "hide"}
    )
    assert response.status_code == 302
    assert Post.objects.get(thread=thread).author_hidden_at is not None
    assert "data-hidden-count" in client.get(page_url(world.patient)).content.decode()
    client.post(page_url(world.patient), {"action": "restore"})
    assert Post.objects.get(thread=thread).author_hidden_at is None


def test_a_date_in_the_future_comes_back_as_a_form_error(login, world):
    _old_thread(world.patient)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = login(world.patient.user).post(page_url(world.patient), {"before": future, "action": "hide"})
    assert response.status_code == 200
    assert "Choisissez aujourd" in response.content.decode() and future in response.content.decode()
    assert not Post.objects.filter(author_hidden_at__isnull=False).exists()


def test_the_api_hides_and_restores(api_for, world):
    thread = _old_thread(world.patient)
    api = api_for(world.patient)
    response = api.post("/me/hidden-posts", {})
    assert response.status_code == 200 and response.json() == {"changed": 1, "hidden": 1}
    assert Post.objects.get(thread=thread).author_hidden_at is not None
    response = api.delete("/me/hidden-posts")
    assert response.json() == {"changed": 1, "hidden": 0}
    refused = api.post("/me/hidden-posts", {"before": "2999-01-01"})
    assert refused.status_code == 400 and refused.json()["code"] == "date_in_future"


def test_a_non_member_gets_404(api_as, login, world):
    assert api_as(world.outsider.user).post("/networks/breast/me/hidden-posts", {}).status_code == 404
    assert login(world.outsider.user).get(page_url(world.patient)).status_code == 404


def test_the_author_s_export_keeps_the_text(world):
    _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    exported = export_member_content(world.patient.user).sections["discussions.posts"]
    assert exported[0]["body"].startswith("J'habite") and exported[0]["thread_title"] == TITLE
    assert exported[0]["hidden_from_members"] is True


def test_a_clinical_case_s_text_is_hidden_with_its_opening_post(world):
    from entrepairs.discussions.actions import cases_and_polls

    member = world.cardiologist
    thread = cases_and_polls.create_case(
        member, space_of(member.network), title="Douleur thoracique atypique", age_band="50-59", sex="M",
        context=f"Patient suivi à {SECRET}", history="", examinations="", question="Votre avis ?",
    )  # fmt: skip
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(days=3))
    old_posts.hide_old_posts(member)
    thread.case.refresh_from_db()
    assert SECRET not in thread.case.context
    old_posts.restore_hidden_posts(member)
    thread.case.refresh_from_db()
    assert SECRET in thread.case.context


def test_composes_with_a_fresh_start_either_way(world):
    # Hidden, then a fresh start: the posts stay hidden, signed "former member", and nobody can
    # show them again (nothing links them to the member any more).
    thread = _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    fresh_start.fresh_start(world.patient, display_name="Loutre Paisible")
    first = Post.objects.get(thread=thread)
    assert first.author_hidden_at is not None and first.author.display_name == "Ancien membre"
    assert old_posts.restore_hidden_posts(world.patient) == 0
    assert SECRET not in first.body
    # A fresh start, then hiding: only what the persona wrote since is concerned.
    other = _old_thread(world.relative)
    fresh_start.fresh_start(world.relative, display_name="Héron Tranquille")
    assert old_posts.hide_old_posts(world.relative) == 0
    assert SECRET in Post.objects.get(thread=other).body


def test_erasing_the_persona_with_its_posts_erases_the_hidden_text(world):
    from entrepairs.rights.actions import erasure

    _old_thread(world.patient)
    old_posts.hide_old_posts(world.patient)
    erasure.erase_member_content(world.patient, keep_posts=False)
    assert not AuthorHiddenText.objects.exists()
