"""Erasure (GDPR art. 17): after it, no trace of the member is left in any table (search indexes
and audit free text included) nor in the media directory; only the audit entry saying that an
erasure happened. The scan reads the database's catalogue (tests/rights/scan.py), so a table added
later is scanned too. Runs on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.discussions.models import Post, Thread
from entrepairs.errors import ActionRefused
from entrepairs.messaging.models import Message
from entrepairs.networks.models import Membership
from entrepairs.rights.actions import erasure
from entrepairs.rights.models import ErasureRequest
from tests.factories import PASSWORD
from tests.rights.conftest import all_markers, marker, user_exists
from tests.rights.scan import find_in_database, find_in_media, tables


def _erase(marked, posts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        erasure.request_erasure(marked.user, password=PASSWORD, posts=posts)
    marked.user.refresh_from_db()
    assert not marked.user.is_active  # deactivated for the grace period
    assert erasure.erase_due_accounts(now=timezone.now() + timedelta(days=6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert erasure.erase_due_accounts(now=timezone.now() + timedelta(days=8)) == 1


def test_the_scan_sees_every_marker_before_erasure(marked):
    """Without this, a scan that reads nothing would pass the tests below."""
    markers = all_markers()
    found = find_in_database(markers) | find_in_media(markers)
    assert set(markers) - set(found) == set()
    assert "discussions_post_fts" in str(find_in_database([marker("reply")])) or (
        "discussions_post" in tables()
    )


def test_erasure_leaves_no_trace_anywhere(marked, django_capture_on_commit_callbacks):
    user_pk = marked.user.pk
    _erase(marked, "delete", django_capture_on_commit_callbacks)

    markers = all_markers()
    assert find_in_database(markers) == {}
    assert find_in_media(markers) == {}
    assert not user_exists(user_pk)
    # The one trace: that an erasure happened, by nobody, about a number.
    event = AuditEvent.objects.get(action="account.erase")
    assert (event.actor_id, event.object_id, event.detail) == (None, str(user_pk), "posts deleted")


def test_erasure_keeps_the_others_words_readable(marked, django_capture_on_commit_callbacks):
    _erase(marked, "delete", django_capture_on_commit_callbacks)
    reply = Post.objects.get(pk=marked.others_reply.pk)
    assert reply.body == "Réponse de Rose, qui doit rester lisible." and reply.deleted_at is None
    shell = Thread.objects.get(pk=marked.answered.pk)  # others replied: the thread stays, emptied
    assert shell.title == "Sujet supprimé" and shell.author.display_name == "Membre supprimé"
    assert Message.objects.get(pk=marked.others_message.pk).body == "Message de Rose, qui reste."
    emptied = Message.objects.filter(conversation=marked.conversation, deleted_at__isnull=False)
    assert emptied.count() == 2 and set(emptied.values_list("body", flat=True)) == {""}


def test_keeping_posts_signs_them_deleted_member_and_removes_the_rest(
    marked, django_capture_on_commit_callbacks
):
    _erase(marked, "anonymise", django_capture_on_commit_callbacks)
    kept = Post.objects.get(body=marker("reply"))
    assert kept.author.display_name == "Membre supprimé" and not kept.author.is_active
    assert Thread.objects.get(pk=marked.answered.pk).title == marker("title")
    identifying = all_markers(except_posts=True)
    assert find_in_database(identifying) == {}
    assert find_in_media(identifying) == {}


def test_two_erased_members_share_the_network_ghost(marked, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_account(marked.user, keep_posts=True)
        erasure.erase_account(world.relative.user, keep_posts=True)
    assert Membership.objects.filter(network=world.breast, display_name="Membre supprimé").count() == 1


def test_erasure_asks_for_the_password_and_changes_nothing_without_it(marked):
    with pytest.raises(ActionRefused) as refused:
        erasure.request_erasure(marked.user, password="wrong", posts="delete")
    assert refused.value.code == "wrong_password"
    marked.user.refresh_from_db()
    assert marked.user.is_active and not ErasureRequest.objects.exists()


def test_the_emailed_link_cancels_during_the_grace_period(marked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        erasure.request_erasure(marked.user, password=PASSWORD, posts="delete")
    (email,) = mail.outbox
    token = email.body.split("/account/delete/cancel/")[1].split("/")[0]
    erasure.cancel_erasure(token)
    marked.user.refresh_from_db()
    assert marked.user.is_active and not ErasureRequest.objects.exists()
    assert erasure.erase_due_accounts(now=timezone.now() + timedelta(days=30)) == 0
    with pytest.raises(ActionRefused) as refused:  # used once
        erasure.cancel_erasure(token)
    assert refused.value.code == "invalid_token"


def test_a_forged_cancel_link_is_refused(marked):
    forged = signing.dumps({"request": 1, "user": marked.user.pk}, salt="another")
    with pytest.raises(ActionRefused) as refused:
        erasure.cancel_erasure(forged)
    assert refused.value.code == "invalid_token"


def test_the_last_administrator_of_a_network_is_asked_to_name_another_first(world):
    with pytest.raises(ActionRefused) as refused:
        erasure.request_erasure(world.admin.user, password=PASSWORD, posts="delete")
    assert refused.value.code == "last_admin" and refused.value.status == 409
    world.admin.user.refresh_from_db()
    assert world.admin.user.is_active and not ErasureRequest.objects.exists()


def test_the_others_read_the_shell_thread_and_the_conversation(
    marked, login, django_capture_on_commit_callbacks
):
    _erase(marked, "delete", django_capture_on_commit_callbacks)
    client = login(marked.other.user)
    page = client.get(reverse("discussions:thread", args=["breast", marked.answered.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sujet supprimé" in html and "Réponse de Rose, qui doit rester lisible." in html
    conversation = client.get(reverse("messaging:conversation", args=["breast", marked.conversation.pk]))
    assert conversation.status_code == 200
    assert "Message de Rose, qui reste." in conversation.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite setting")
def test_sqlite_overwrites_what_it_deletes(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_one_failing_erasure_does_not_stop_the_others(world, monkeypatch, caplog):
    for member in (world.patient, world.relative):
        erasure.request_erasure(member.user, password=PASSWORD, posts="delete")
    real = erasure.erase_account
    calls = []

    def first_fails(user, *, keep_posts):
        calls.append(user.pk)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(user, keep_posts=keep_posts)

    monkeypatch.setattr(erasure, "erase_account", first_fails)
    assert erasure.erase_due_accounts(now=timezone.now() + timedelta(days=8)) == 1
    assert ErasureRequest.objects.count() == 1  # the failed one waits for the next run
    assert "failed" in caplog.text and "@" not in caplog.text
