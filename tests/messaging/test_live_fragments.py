"""The fragments messaging.js fetches to keep pages live: a conversation's messages as its page
renders them (what the websocket announced, with the same actions), and one row's unread count on
the conversation list. Participants only; everyone else gets 404, never a login redirect (fetch and
htmx would follow it).

Personas (tests/messaging/conftest.py): heart and rhythm talk; valve is in cardio but not in their
conversation; world.outsider is in another network."""

import re

import pytest
from django.urls import reverse

from entrepairs.messaging import services
from tests.helpers import page_body
from tests.messaging.helpers import say


def _items_url(conversation, ids, slug="cardio"):
    url = reverse("messaging:message_items", kwargs={"slug": slug, "conversation_id": conversation.pk})
    return f"{url}?ids={','.join(str(each) for each in ids)}"


def _row_url(conversation, slug="cardio"):
    return reverse("messaging:conversation_badge", kwargs={"slug": slug, "conversation_id": conversation.pk})


def _items(html):
    return re.findall(r'<li class="chat-message[^"]*"[^>]*data-id="(\d+)"', html)


@pytest.fixture
def talk(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    question = say(team.rhythm, conversation, "Avis sur cet ECG ?")
    answer = say(team.heart, conversation, "Rythme sinusal.", reply_to=question.pk)
    return conversation, question, answer


def test_items_render_like_the_conversation_page_with_their_actions(team, talk, login):
    conversation, question, answer = talk
    client = login(team.heart.user)
    page = client.get(
        reverse("messaging:conversation", kwargs={"slug": "cardio", "conversation_id": conversation.pk})
    )
    items = client.get(_items_url(conversation, [question.pk, answer.pk]))
    assert items.status_code == 200
    html = items.content.decode()
    assert "<html" not in html and _items(html) == [str(question.pk), str(answer.pk)]
    # The same markup as on the page, CSRF token aside (masked afresh for every response).
    unmasked = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    for message in (question, answer):
        on_page = re.search(rf'<li [^>]*data-id="{message.pk}".*?</li>', page.content.decode(), re.S).group()
        live = re.search(rf'<li [^>]*data-id="{message.pk}".*?</li>', html, re.S).group()
        assert unmasked.sub("", live) == unmasked.sub("", on_page)
    # Heart's own answer: Reply, Edit and Delete (a POST form with its CSRF token), and the quote.
    own = re.search(rf'<li [^>]*data-id="{answer.pk}".*?</li>', html, re.S).group()
    assert f'data-quotes="{question.pk}"' in own and "Avis sur cet ECG ?</blockquote>" in own
    assert "data-reply>Répondre</a>" in own and ">Modifier</a>" in own
    assert re.search(
        r'<form method="post" action="[^"]+/delete/"[^>]*><input type="hidden" name="csrfmiddlewaretoken"',
        own,
    )
    # Rhythm's question, seen by heart: Reply only.
    other = re.search(rf'<li [^>]*data-id="{question.pk}".*?</li>', html, re.S).group()
    assert "data-reply>Répondre</a>" in other and "Modifier" not in other and "/delete/" not in other


def test_edited_and_deleted_items_show_so(team, talk, login):
    conversation, question, answer = talk
    services.edit_message(team.rhythm, question, "Avis sur cet ECG de repos ?")
    services.delete_message(team.heart, answer)
    html = login(team.rhythm.user).get(_items_url(conversation, [question.pk, answer.pk])).content.decode()
    assert "(modifié)" in html and "Avis sur cet ECG de repos ?" in html
    assert "Ce message a été supprimé." in html and "Rythme sinusal." not in html
    deleted = re.search(rf'<li [^>]*data-id="{answer.pk}".*?</li>', html, re.S).group()
    assert "is-deleted" in deleted and "data-reply" not in deleted and "data-quotes" not in deleted


def test_items_in_constant_queries(team, talk, login, django_assert_num_queries):
    conversation, question, answer = talk
    client = login(team.rhythm.user)

    def fetch(ids):
        # session, account, membership (+ network, qualification), participant (+ conversation),
        # messages (+ senders, system subjects, quoted messages and their senders)
        with django_assert_num_queries(5):
            return client.get(_items_url(conversation, ids))

    assert len(_items(fetch([answer.pk]).content.decode())) == 1
    more = [say(team.heart, conversation, f"m{index}", reply_to=question.pk).pk for index in range(20)]
    assert len(_items(fetch([question.pk, answer.pk, *more]).content.decode())) == 22


def test_items_leave_out_what_the_member_may_not_read(team, talk, login):
    conversation, question, answer = talk
    elsewhere = services.start_direct(team.rhythm, team.valve)
    secret = say(team.valve, elsewhere, "Entre nous")
    group = services.create_group(team.rhythm, "Staff", [team.valve])
    before_heart = say(team.valve, group, "Avant l'arrivée de Dr Cœur")
    services.add_participants(team.rhythm, group, [team.heart])
    after_heart = say(team.valve, group, "Bienvenue", reply_to=before_heart.pk)
    client = login(team.heart.user)
    # Another conversation's message, or one of this conversation that is not this one's, or junk.
    html = client.get(
        _items_url(conversation, [question.pk, secret.pk, after_heart.pk, "x", "-1"])
    ).content.decode()
    assert _items(html) == [str(question.pk)]
    # From before heart joined the group: left out, and not quoted in the reply heart may read.
    html = client.get(_items_url(group, [before_heart.pk, after_heart.pk])).content.decode()
    assert _items(html) == [str(after_heart.pk)]
    assert "Avant l'arrivée" not in html and "<blockquote" not in html
    assert client.get(_items_url(conversation, [])).content.decode().strip() == ""


def test_items_are_404_for_non_participants_and_visitors_not_a_redirect(team, talk, client, login):
    conversation, question, _answer = talk
    url = _items_url(conversation, [question.pk])
    assert client.get(url).status_code == 404  # signed out: fetch() would follow a login redirect
    hidden = login(team.valve.user).get(url)  # in cardio, not in this conversation
    missing = client.get(_items_url(type(conversation)(pk=987654), [question.pk]))
    assert hidden.status_code == missing.status_code == 404
    assert page_body(hidden) == page_body(missing)
    assert login(team.world.outsider.user).get(url).status_code == 404


def test_row_badge_counts_with_a_spoken_label(team, talk, login, django_assert_num_queries):
    conversation, question, _answer = talk
    say(team.rhythm, conversation, "Et celui-ci ?")
    say(team.rhythm, conversation, "Et encore celui-là ?")  # heart read up to their own answer
    client = login(team.heart.user)
    # session, account, membership (+ network, qualification), the row with its unread count
    with django_assert_num_queries(4):
        response = client.get(_row_url(conversation), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert html.startswith('<span class="badge-slot" data-unread-slot hx-get="')
    assert f'hx-trigger="messages-unread-{conversation.pk} from:body delay:300ms"' in html
    assert '<span class="count-badge" data-unread aria-hidden="true">2</span>' in html
    assert '<span class="visually-hidden">2 messages non lus</span>' in html and "aria-label" not in html
    # Rhythm has read everything: an empty slot, still refreshable.
    empty = login(team.rhythm.user).get(_row_url(conversation)).content.decode()
    assert "count-badge" not in empty and "visually-hidden" not in empty and "hx-get" in empty


def test_row_badge_is_404_for_non_participants_and_visitors(team, talk, client, login):
    conversation, _question, _answer = talk
    assert client.get(_row_url(conversation)).status_code == 404
    assert login(team.valve.user).get(_row_url(conversation)).status_code == 404
    assert login(team.world.outsider.user).get(_row_url(conversation)).status_code == 404


def test_conversation_list_rows_say_their_unread_count_without_aria_label(team, talk, login):
    conversation, _question, _answer = talk
    say(team.rhythm, conversation, "Et celui-ci ?")
    say(team.rhythm, conversation, "Et encore celui-là ?")  # heart read up to their own answer
    html = login(team.heart.user).get(reverse("messaging:index", kwargs={"slug": "cardio"})).content.decode()
    row = re.search(rf'<li [^>]*data-conversation="{conversation.pk}".*?</li>', html, re.S).group()
    assert '<span class="count-badge" data-unread aria-hidden="true">2</span>' in row
    assert '<span class="visually-hidden">2 messages non lus</span>' in row and "aria-label" not in row


def test_conversation_page_has_the_items_url_and_a_reply_preview_to_fill(team, talk, login):
    conversation, question, _answer = talk
    url = reverse("messaging:conversation", kwargs={"slug": "cardio", "conversation_id": conversation.pk})
    client = login(team.heart.user)
    html = client.get(url).content.decode()
    assert f'data-items="{reverse("messaging:message_items", args=["cardio", conversation.pk])}"' in html
    assert re.search(r'<p class="chat-quote small" id="reply-preview" data-reply-preview hidden>', html)
    replying = client.get(f"{url}?reply={question.pk}").content.decode()
    assert '<p class="chat-quote small" id="reply-preview" data-reply-preview>' in replying
    assert (
        "<strong data-reply-name>Dr Rythme</strong>: <span data-reply-excerpt>Avis sur cet ECG ?</span>"
        in replying
    )
    assert f'name="reply_to" value="{question.pk}"' in replying
