"""Reports and the moderators' decisions (entrepairs.moderation).

world.patient reports; world.relative is the author; world.moderator decides (breast); world.outsider
(diabetes) and world.cardiologist (admin of cardio) must reach none of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.discussions.models import Post
from entrepairs.errors import ActionRefused
from entrepairs.moderation import queries, services
from entrepairs.moderation.models import Decision, Notice, Report
from entrepairs.networks.models import Membership
from tests.discussions.factories import thread_factory
from tests.messaging.helpers import say


@pytest.fixture
def reply(world):
    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    return thread.posts.get(is_first=False)


def test_member_reports_a_post_they_see(world, reply):
    report = services.report(world.patient, "post", reply.pk, reason="misinformation", note="Source ?")
    assert (report.author, report.reporter, report.snapshot) == (world.relative, world.patient, reply.body)
    assert report.status == "open" and not report.priority
    assert AuditEvent.objects.filter(action="report.create", object_id=str(report.pk)).exists()


def test_one_open_report_per_reporter_and_item(world, reply):
    services.report(world.patient, "post", reply.pk, reason="spam")
    with pytest.raises(ActionRefused) as refused:
        services.report(world.patient, "post", reply.pk, reason="harassment")
    assert refused.value.code == "already_reported" and refused.value.status == 409
    assert Report.objects.count() == 1
    services.report(world.admin, "post", reply.pk, reason="spam")  # another member may
    assert Report.objects.count() == 2


def test_a_member_of_another_network_cannot_report_and_learns_nothing(world, reply, login):
    client = login(world.outsider.user)
    url = reverse("moderation:report", kwargs={"slug": "breast", "kind": "post", "object_id": reply.pk})
    assert client.post(url, {"reason": "spam"}).status_code == 404
    # Even with their own network's slug: the post is not in diabetes.
    url = reverse("moderation:report", kwargs={"slug": "diabetes", "kind": "post", "object_id": reply.pk})
    assert client.post(url, {"reason": "spam"}).status_code == 404
    assert Report.objects.count() == 0


def test_hidden_or_deleted_content_cannot_be_reported_by_members(world, reply):
    Post.objects.filter(pk=reply.pk).update(hidden_at=timezone.now())
    with pytest.raises(Exception) as refused:
        services.report(world.patient, "post", reply.pk, reason="spam")
    assert refused.typename == "Http404"


def test_own_content_and_unknown_reason_are_refused(world, reply):
    with pytest.raises(ActionRefused) as refused:
        services.report(world.relative, "post", reply.pk, reason="spam")
    assert refused.value.code == "own_content"
    with pytest.raises(ActionRefused) as refused:
        services.report(world.patient, "post", reply.pk, reason="boring")
    assert refused.value.code == "invalid_reason"
    assert Report.objects.count() == 0


def test_report_page_keeps_the_note_on_error_and_links_the_code_of_conduct(world, reply, login):
    client = login(world.patient.user)
    url = reverse("moderation:report", kwargs={"slug": "breast", "kind": "post", "object_id": reply.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("moderation:code_of_conduct", kwargs={"slug": "breast"}) in page.content.decode()
    answer = client.post(url, {"reason": "", "note": "Mon texte"})
    assert answer.status_code == 200 and "Mon texte" in answer.content.decode()
    answer = client.post(url, {"reason": "harassment", "note": "Insulte"})
    assert answer.status_code == 302
    assert Report.objects.get().note == "Insulte"


def test_every_kind_can_be_reported(world, breast_on):
    from entrepairs.messaging import services as messaging

    thread = thread_factory(world.relative, kind="poll")
    services.report(world.patient, "thread", thread.pk, reason="spam")
    services.report(world.patient, "member", world.relative.pk, reason="harassment")
    conversation = messaging.start_direct(world.relative, world.patient)
    message = say(world.relative, conversation, "Message blessant")
    services.report(world.patient, "message", message.pk, reason="harassment")
    assert sorted(Report.objects.values_list("kind", flat=True)) == ["member", "message", "thread"]
    # A member outside the conversation cannot report its messages.
    with pytest.raises(Exception) as refused:
        services.report(world.admin, "message", message.pk, reason="spam")
    assert refused.typename == "Http404"


@pytest.fixture
def breast_on(world):
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    for name in ("patient", "relative", "moderator", "admin"):
        getattr(world, name).network.refresh_from_db()
    return world


# --- Decisions -----------------------------------------------------------------------------------
def test_hide_hides_from_members_keeps_for_moderators_and_tells_both(world, reply):
    report = services.report(world.patient, "post", reply.pk, reason="harassment")
    services.report(world.admin, "post", reply.pk, reason="harassment")
    services.decide(world.moderator, report, action="hide", reason="Propos blessants", confirmed=True)
    from entrepairs.discussions import queries as discussions

    assert reply.pk not in [p.pk for p in discussions.thread_posts(world.patient, reply.thread)]
    assert reply.pk in [p.pk for p in discussions.thread_posts(world.moderator, reply.thread)]
    assert set(Report.objects.values_list("status", flat=True)) == {"actioned"}
    told = {(n.recipient_id, n.kind, n.reason) for n in Notice.objects.all()}
    assert told == {
        (world.patient.pk, "report_outcome", ""),  # reporters: the outcome, never the reason
        (world.admin.pk, "report_outcome", ""),
        (world.relative.pk, "your_content", "Propos blessants"),  # the author: never who reported
    }
    assert AuditEvent.objects.filter(action="moderation.hide", actor=world.moderator.user).exists()


def test_destructive_actions_need_a_reason_and_a_confirmation(world, reply):
    report = services.report(world.patient, "post", reply.pk, reason="spam")
    with pytest.raises(ActionRefused) as refused:
        services.decide(world.moderator, report, action="hide", reason="", confirmed=True)
    assert refused.value.code == "reason_required"
    with pytest.raises(ActionRefused) as refused:
        services.decide(world.moderator, report, action="hide", reason="Spam", confirmed=False)
    assert refused.value.code == "confirmation_required"
    assert Post.objects.get(pk=reply.pk).hidden_at is None
    assert Decision.objects.count() == 0 and Notice.objects.count() == 0
    services.decide(world.moderator, report, action="dismiss")  # a dismissal needs neither
    assert Notice.objects.get().recipient == world.patient  # the author is not told of a dismissal


def test_a_moderator_acts_only_in_their_own_network(world, reply):
    report = services.report(world.patient, "post", reply.pk, reason="spam")
    with pytest.raises(ActionRefused) as refused:
        services.decide(world.cardiologist, report, action="hide", reason="x", confirmed=True)
    assert refused.value.status == 404
    with pytest.raises(Exception) as not_found:
        queries.get_report_or_404(world.cardiologist, report.pk)
    assert not_found.typename == "Http404"
    assert Report.objects.get().status == "open" and Post.objects.get(pk=reply.pk).hidden_at is None


def test_moderator_page_of_another_network_is_404(world, reply, login):
    report = services.report(world.patient, "post", reply.pk, reason="spam")
    client = login(world.cardiologist.user)
    for slug in ("breast", "cardio"):
        url = reverse("moderation:report_detail", kwargs={"slug": slug, "report_id": report.pk})
        assert client.post(url, {"action": "hide", "reason": "x", "confirm": "on"}).status_code == 404
    assert Report.objects.get().status == "open"


def test_redact_keeps_the_original_for_the_audit_only(world, reply):
    Post.objects.filter(pk=reply.pk).update(body="Appelez Jean Dupont au 06 12 34 56 78")
    report = services.report(world.patient, "post", reply.pk, reason="personal_data")
    services.decide(
        world.moderator, report, action="redact", reason="Données personnelles retirées", confirmed=True,
        redacted_text="Appelez [retiré]",
    )  # fmt: skip
    post = Post.objects.get(pk=reply.pk)
    assert post.body == "Appelez [retiré]" and not post.revisions.exists()
    assert Decision.objects.get().original_text == "Appelez Jean Dupont au 06 12 34 56 78"


def test_suspend_stops_publishing_until_the_date(world, reply):
    from entrepairs.discussions import services as discussions

    report = services.report(world.patient, "post", reply.pk, reason="harassment")
    until = timezone.now() + timedelta(days=3)
    services.decide(world.moderator, report, action="suspend", reason="Calme", confirmed=True, until=until)
    with pytest.raises(ActionRefused) as refused:
        discussions.post_reply(world.relative, reply.thread, body="Encore moi")
    assert refused.value.code == "suspended"
    assert queries.author_record(world.moderator, world.relative)["suspended_until"] == until


def test_ban_goes_through_the_lifecycle(world, reply):
    report = services.report(world.patient, "post", reply.pk, reason="spam")
    services.decide(world.moderator, report, action="ban", reason="Spam répété", confirmed=True)
    assert Membership.objects.get(pk=world.relative.pk).status == "banned"
    assert AuditEvent.objects.filter(action="membership.ban").exists()


def test_author_record_counts_this_network_only(world, reply):
    services.report(world.patient, "post", reply.pk, reason="spam")
    record = queries.author_record(world.moderator, world.relative)
    assert record["counts"]["total"] == 1
    assert queries.author_record(world.cardiologist, world.relative)["counts"]["total"] == 0


def test_report_detail_read_is_audited_and_shows_history(world, reply, login):
    report = services.report(world.patient, "post", reply.pk, reason="spam", note="Pub")
    page = login(world.moderator.user).get(
        reverse("moderation:report_detail", kwargs={"slug": "breast", "report_id": report.pk})
    )
    body = page.content.decode()
    assert page.status_code == 200 and reply.body in body and "Pub" in body
    assert AuditEvent.objects.filter(action="report.read", actor=world.moderator.user).count() == 1


def test_queue_and_badge_in_constant_queries(world, login, django_assert_num_queries):
    for index in range(3):
        thread = thread_factory(world.relative, title=f"Sujet {index}")
        services.report(world.patient, "thread", thread.pk, reason="spam")
    client = login(world.moderator.user)
    url = reverse("moderation:queue", kwargs={"slug": "breast"})
    client.get(url)
    # session, user, membership (among my personas, the header's), two-factor check, the priority reports, the page of the others, the
    # header's counts
    with django_assert_num_queries(7):
        page = client.get(url)
    assert page.content.decode().count("/moderation/reports/") >= 3
    assert "data-open-reports>3<" in page.content.decode()


# --- Deleting from the thread page: confirmation, reason, first post versus thread ---------------
def test_deleting_the_first_post_keeps_the_thread_and_its_replies(world, login):
    from entrepairs.discussions import queries as discussions
    from entrepairs.discussions.models import Thread

    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    first = thread.posts.get(is_first=True)
    client = login(world.patient.user)
    url = reverse("discussions:delete_post", kwargs={"slug": "breast", "post_id": first.pk})
    assert client.get(url).status_code == 200  # the confirmation page
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing deleted
    assert Post.objects.get(pk=first.pk).deleted_at is None
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert Post.objects.get(pk=first.pk).deleted_at is not None
    assert Thread.objects.get(pk=thread.pk).deleted_at is None
    assert [p.body for p in discussions.thread_posts(world.relative, thread)] == ["Réponse 0"]


def test_a_moderator_deletes_a_thread_only_with_a_reason_and_a_confirmation(world, login):
    from entrepairs.discussions.models import Thread

    thread = thread_factory(world.relative)
    client = login(world.moderator.user)
    url = reverse("discussions:delete_thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    page = client.post(url, {"confirm": "on", "reason": ""})
    assert page.status_code == 200 and Thread.objects.get(pk=thread.pk).deleted_at is None
    page = client.post(url, {"reason": "Publicité"})
    assert page.status_code == 200 and Thread.objects.get(pk=thread.pk).deleted_at is None
    assert "Publicité" in page.content.decode()  # what the moderator typed is kept
    assert client.post(url, {"confirm": "on", "reason": "Publicité"}).status_code == 302
    assert Thread.objects.get(pk=thread.pk).deleted_at is not None
    notice = Notice.objects.get(recipient=world.relative)
    assert (notice.action, notice.reason) == ("delete_thread", "Publicité")
    assert AuditEvent.objects.filter(action="moderation.delete_thread").exists()
    assert Decision.objects.get().author == world.relative  # in the author's record


def test_a_member_cannot_delete_someone_elses_thread(world, login):
    from entrepairs.discussions.models import Thread

    thread = thread_factory(world.relative)
    url = reverse("discussions:delete_thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    assert login(world.patient.user).post(url, {"confirm": "on"}).status_code == 403
    assert Thread.objects.get(pk=thread.pk).deleted_at is None


def test_hidden_content_leaves_search_for_members(world):
    from entrepairs.discussions import search

    thread = thread_factory(world.relative, replies=1, repliers=[world.relative])
    reply = thread.posts.get(is_first=False)
    Post.objects.filter(pk=reply.pk).update(body="Ma perruque synthétique gratte")
    from entrepairs.discussions.models import Thread

    Post.objects.filter(pk=reply.pk).update(hidden_at=timezone.now())
    Thread.objects.filter(pk=thread.pk).update(title="Perruque")
    # The search index follows the rows (triggers); hidden rows are filtered in the query.
    assert not [r for r in search.search(world.patient, "perruque") if r.post_id == reply.pk]


def test_notices_page_in_constant_queries(world, reply, login, django_assert_num_queries):
    for reason in ("spam", "harassment"):
        report = services.report(world.patient, "post", reply.pk, reason=reason)
        services.decide(world.moderator, report, action="dismiss")
    client = login(world.patient.user)
    url = reverse("moderation:notices", kwargs={"slug": "breast"})
    client.get(url)
    # session, user, membership (among my personas, the header's), the page of notices, header counts
    with django_assert_num_queries(5):
        page = client.get(url)
    assert page.content.decode().count("data-notice=") == 2
    assert "Rose" not in page.content.decode().split("<main")[1]  # never names anyone


def test_a_moderator_reading_hidden_content_is_audited(world, reply, login):
    report = services.report(world.patient, "post", reply.pk, reason="harassment")
    services.decide(world.moderator, report, action="hide", reason="Insulte", confirmed=True)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": reply.thread_id})
    page = login(world.moderator.user).get(url)
    assert reply.body in page.content.decode() and "data-hidden" in page.content.decode()
    assert AuditEvent.objects.filter(action="hidden_content.read", actor=world.moderator.user).count() == 1
    page = login(world.patient.user).get(url)
    assert reply.body not in page.content.decode()
    assert AuditEvent.objects.filter(action="hidden_content.read").count() == 1


def test_reporting_a_message_goes_back_to_its_conversation(world, breast_on, login):
    from entrepairs.messaging import services as messaging

    conversation = messaging.start_direct(world.relative, world.patient)
    message = say(world.relative, conversation, "Message blessant")
    url = reverse("moderation:report", kwargs={"slug": "breast", "kind": "message", "object_id": message.pk})
    answer = login(world.patient.user).post(url, {"reason": "harassment"})
    assert answer.status_code == 302 and f"/messages/c/{conversation.pk}/" in answer["Location"]
    assert Report.objects.get().snapshot == "Message blessant"


@pytest.mark.parametrize("action", ["dismiss", "hide"])
def test_a_moderator_never_decides_on_reports_about_their_own_content(world, action):
    thread = thread_factory(world.patient, replies=1, repliers=[world.moderator])
    own = thread.posts.get(is_first=False)
    report = services.report(world.patient, "post", own.pk, reason="misinformation")
    with pytest.raises(ActionRefused) as refused:
        services.decide(world.moderator, report, action=action, reason="Non", confirmed=True)
    assert refused.value.code == "own_content" and refused.value.status == 409
    report.refresh_from_db()
    assert report.status == "open" and not Decision.objects.exists()
    assert Post.objects.get(pk=own.pk).hidden_at is None
