"""A membership that ends ends everything at once (networks.lifecycle): status and audit, every
conversation left with a "left" message, follows and pending notifications gone, no email after,
and rejoining starts fresh. Bans keep the account out until they end. Sockets: tests/messaging/
test_lifecycle_sockets.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from entrepairs.accounts.models import ConsentRecord
from entrepairs.audit.models import AuditEvent
from entrepairs.discussions.actions.emails import send_pending_immediate, set_frequency
from entrepairs.discussions.models import Notification, ThreadFollow
from entrepairs.errors import ActionRefused
from entrepairs.magazine.actions.digests import send_digests
from entrepairs.messaging import services as messaging
from entrepairs.messaging.actions import emails as message_emails
from entrepairs.messaging.models import Message, Participant
from entrepairs.networks import lifecycle, services
from entrepairs.networks.models import Membership
from tests import factories as f
from tests.discussions.factories import thread_factory

SECRET = "Ma chimiothérapie reprend lundi"
REASON = "Messages commerciaux répétés"


@pytest.fixture
def talk(world):
    """In `breast`, with private messages on: a direct conversation patient ↔ relative, a group
    created by the patient (its administrator) with the relative and the admin, a thread by the
    relative that the patient follows, and an unread notification for the patient."""
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    for persona in (world.patient, world.relative, world.admin, world.moderator):
        persona.network.refresh_from_db()
    direct = messaging.start_direct(world.patient, world.relative)
    group = messaging.create_group(world.patient, "Entraide", [world.relative, world.admin])
    messaging.send_message(world.relative, direct, body="Bonjour", client_id="d1")
    thread = thread_factory(world.relative)
    ThreadFollow.objects.create(network=world.breast, thread=thread, member=world.patient)
    Notification.objects.create(
        network=world.breast, recipient=world.patient, actor=world.relative, kind="reply", thread=thread
    )
    return world, direct, group, thread


def _left_everywhere(member, *conversations):
    for conversation in conversations:
        row = Participant.objects.get(conversation=conversation, member=member)
        assert row.left_at is not None
        assert Message.objects.filter(
            conversation=conversation, kind="system", event="left", subject=member
        ).exists()


def _out_of_audiences(member):
    assert not ThreadFollow.objects.filter(member=member).exists()
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


# --- Removal -------------------------------------------------------------------------------------
def test_removal_ends_status_conversations_audiences_and_tells_the_member(
    talk, mailoutbox, django_capture_on_commit_callbacks
):
    world, direct, group, _thread = talk
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.remove_member(world.moderator, world.patient, reason=REASON)
    patient = Membership.objects.get(pk=world.patient.pk)
    assert patient.status == Membership.Status.REMOVED
    assert patient.left_at is not None and patient.ended_reason == REASON
    assert patient.ended_by == world.moderator
    event = AuditEvent.objects.get(action="membership.remove")
    assert event.actor == world.moderator.user and event.object_id == str(patient.pk)
    assert REASON not in event.detail
    _left_everywhere(patient, direct, group)
    # The group keeps an administrator: the patient created it, the next in line takes over.
    assert Participant.objects.filter(conversation=group, left_at__isnull=True, role="admin").exists()
    _out_of_audiences(patient)
    [email] = mailoutbox
    assert email.to == [patient.user.email]
    assert world.breast.name in email.subject and REASON in email.body
    assert SECRET not in email.body and world.moderator.display_name not in email.body


def test_an_ended_persona_receives_no_digest_and_no_unread_message_email(
    talk, mailoutbox, settings, django_capture_on_commit_callbacks
):
    world, _direct, group, thread = talk
    settings.MESSAGING_EMAIL_DELAY_MINUTES = 0
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.remove_member(world.moderator, world.patient, reason=REASON)
    mailoutbox.clear()
    message, _created = messaging.send_message(world.admin, group, body=SECRET, client_id="g1")
    assert message_emails.email_unread(group.pk, message.sequence) == 1  # the relative only
    assert [m.to for m in mailoutbox] == [[world.relative.user.email]]
    mailoutbox.clear()
    # A notification written by hand (as a late task would) still reaches no ended persona.
    Notification.objects.create(
        network=world.breast, recipient=world.patient, actor=world.relative, kind="reply", thread=thread
    )
    send_digests()  # the daily notifications ride in the digest: the others' digests only
    assert [m for m in mailoutbox if m.to == [world.patient.user.email]] == []
    mailoutbox.clear()
    set_frequency(world.patient, "immediately")
    assert send_pending_immediate([world.patient.pk]) == 0
    assert mailoutbox == []


def test_emails_decided_before_the_end_and_not_sent_yet_are_dropped(talk, mailoutbox):
    """An email decided a moment before the membership ends (SMTP away, the worker behind) must not
    reach the former member afterwards: its notifications, digest, moderation notices and unread
    messages of that network go from the outbox; other people's pending emails stay."""
    from entrepairs.outbox import services as outbox
    from entrepairs.outbox.models import OutgoingEmail

    world, direct, group, _thread = talk
    patient, relative = world.patient, world.relative
    rows = {
        Participant.objects.get(conversation=conversation, member=member).pk
        for conversation in (direct, group)
        for member in (patient,)
    }
    mine = [f"notifications:{patient.pk}:1", f"digest:{patient.pk}:2026-12-06", f"notices:{patient.pk}:x"]
    mine += [f"unread:{row}:7" for row in rows]
    others = [f"notifications:{relative.pk}:1", f"digest:{relative.pk}:2026-12-06", "export-ready:abc"]
    others += [f"unread:{Participant.objects.get(conversation=direct, member=relative).pk}:7"]
    outbox.queue(*((key, "someone@example.org", "Sujet", SECRET) for key in mine + others))
    lifecycle.leave_network(patient)
    assert set(OutgoingEmail.objects.values_list("key", flat=True)) == set(others)
    outbox.deliver()
    assert len(mailoutbox) == len(others)


def test_leaving_ends_conversations_and_audiences_too(talk):
    world, direct, group, _thread = talk
    services.leave_network(world.patient)  # the old entry point still works
    _left_everywhere(world.patient, direct, group)
    _out_of_audiences(world.patient)
    assert AuditEvent.objects.filter(action="membership.leave", actor=world.patient.user).exists()


def test_the_others_see_a_direct_conversation_left_live_and_on_the_page(talk, client):
    world, direct, _group, _thread = talk
    services.leave_network(world.patient)
    left = Message.objects.get(conversation=direct, event="left", subject=world.patient)
    client.force_login(world.relative.user)
    live = client.get(f"/n/breast/messages/c/{direct.pk}/items/?ids={left.pk}").content.decode()
    page = client.get(f"/n/breast/messages/c/{direct.pk}/").content.decode()
    for html in (live, page):
        assert "a quitté la conversation" in html and "a quitté le groupe" not in html


def test_rejoining_after_leaving_reads_nothing_written_while_away(talk, login):
    world, direct, group, _thread = talk
    messaging.send_message(world.relative, group, body="avant le départ", client_id="g0")
    services.leave_network(world.patient)
    messaging.send_message(world.admin, group, body=SECRET, client_id="g1")
    services.join_network(world.patient.user, world.breast, display_name="Loutre Revenue", consent_given=True)
    client = login(world.patient.user)

    # The group: the returning member is no longer in it (an administrator may add them back).
    assert client.get(f"/n/breast/messages/c/{group.pk}/").status_code == 404
    assert client.get(f"/api/v1/networks/breast/conversations/{group.pk}/messages").status_code == 404
    # The direct conversation comes back, from now on.
    again = messaging.start_direct(world.relative, Membership.objects.get(pk=world.patient.pk))
    assert again.pk == direct.pk
    messaging.send_message(world.relative, direct, body="Re-bonjour", client_id="d2")
    page = client.get(f"/n/breast/messages/c/{direct.pk}/").content.decode()
    assert "Re-bonjour" in page and "Bonjour" not in page  # the history before leaving is gone
    api = client.get(f"/api/v1/networks/breast/conversations/{direct.pk}/messages").json()
    assert [m["body"] for m in api["items"] if m["kind"] == "text"] == ["Re-bonjour"]
    group_added_again = messaging.add_participants(
        Membership.objects.get(pk=world.relative.pk), group, [Membership.objects.get(pk=world.patient.pk)]
    )
    assert group_added_again  # a group re-add starts after what was written while away
    bodies = client.get(f"/api/v1/networks/breast/conversations/{group.pk}/messages").json()["items"]
    assert SECRET not in str(bodies) and "avant le départ" not in str(bodies)


# --- Who may end whom ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actor", "target", "code"),
    [
        ("moderator", "moderator", "self"),
        ("moderator", "admin", "forbidden"),
        ("moderator", "second_moderator", "forbidden"),
        ("outsider", "patient", "not_found"),
        ("patient", "relative", "not_found"),
    ],
)
def test_refused_endings_change_nothing(world, actor, target, code, mailoutbox):
    world.second_moderator = f.member_factory(world.breast, role="moderator", display_name="Autre Modé")
    actor, target = getattr(world, actor), getattr(world, target)
    for operation in (
        lambda: lifecycle.remove_member(actor, target, reason=REASON),
        lambda: lifecycle.ban_member(actor, target, reason=REASON),
    ):
        with pytest.raises(ActionRefused) as refused:
            operation()
        assert refused.value.code == code
    target.refresh_from_db()
    assert target.status == Membership.Status.ACTIVE and target.ended_reason == ""
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()
    assert mailoutbox == []


def test_an_administrator_removes_a_moderator(world):
    lifecycle.remove_member(world.admin, world.moderator, reason=REASON)
    world.moderator.refresh_from_db()
    assert world.moderator.status == Membership.Status.REMOVED and world.moderator.role == "member"


def test_a_reason_is_required(world):
    with pytest.raises(ActionRefused) as refused:
        lifecycle.remove_member(world.moderator, world.patient, reason="   ")
    assert refused.value.code == "reason_required"
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.ACTIVE


# --- Bans ----------------------------------------------------------------------------------------
def _join_again(world):
    return services.join_network(
        world.patient.user, world.breast, display_name="Loutre Bis", consent_given=True
    )


def test_a_ban_refuses_joining_again_and_says_until_when(world):
    until = timezone.now() + timedelta(days=30)
    lifecycle.ban_member(world.moderator, world.patient, reason=REASON, until=until)
    consents = ConsentRecord.objects.count()
    with pytest.raises(ActionRefused) as refused:
        _join_again(world)
    assert refused.value.code == "banned" and refused.value.status == 403
    assert timezone.localtime(until).date().isoformat() in refused.value.message
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.BANNED and world.patient.display_name == "Rose des Vents"
    assert ConsentRecord.objects.count() == consents


def test_a_ban_for_good_refuses_a_new_request(world):
    chu_admin = world.chu.memberships.get(role="admin")
    lifecycle.ban_member(chu_admin, world.pending, reason=REASON)
    with pytest.raises(ActionRefused) as refused:
        services.join_network(world.pending.user, world.chu, display_name="Encore Moi", consent_given=True)
    assert refused.value.code == "banned"
    assert Membership.objects.get(pk=world.pending.pk).status == Membership.Status.BANNED


def test_an_expired_ban_lets_the_account_join_again_as_a_new_start(world):
    lifecycle.ban_member(
        world.moderator, world.patient, reason=REASON, until=timezone.now() + timedelta(days=1)
    )
    Membership.objects.filter(pk=world.patient.pk).update(banned_until=timezone.now() - timedelta(minutes=1))
    membership = _join_again(world)
    assert membership.status == Membership.Status.ACTIVE
    assert (membership.ended_reason, membership.ended_by, membership.banned_until) == ("", None, None)


def test_lifting_a_ban_lets_the_account_join_again(world):
    lifecycle.ban_member(world.moderator, world.patient, reason=REASON)
    lifecycle.lift_ban(world.moderator, world.patient)
    assert AuditEvent.objects.filter(action="membership.lift_ban").exists()
    assert _join_again(world).status == Membership.Status.ACTIVE


def test_a_removed_member_rejoins_per_the_networks_policy(world):
    lifecycle.remove_member(world.moderator, world.patient, reason=REASON)
    assert _join_again(world).status == Membership.Status.ACTIVE  # breast is open


def test_the_about_page_tells_the_member_why(world, login):
    until = timezone.now() + timedelta(days=10)
    lifecycle.ban_member(world.moderator, world.patient, reason=REASON, until=until)
    page = login(world.patient.user).get("/n/breast/about/").content.decode()
    assert REASON in page and "data-ended" in page


# --- Lapsed verification -------------------------------------------------------------------------
def test_a_lapsed_professional_keeps_the_membership_and_hears_nothing_more(world, mailoutbox):
    colleague = f.member_factory(
        world.cardio,
        qualification=f.qualification_factory(f.UserFactory(), profession_code="10", specialty_code="SM04"),
    )
    thread = thread_factory(colleague)
    ThreadFollow.objects.create(network=world.cardio, thread=thread, member=world.cardiologist)
    lifecycle.lapse_verification(world.cardiologist)
    world.cardiologist.refresh_from_db()
    assert world.cardiologist.status == Membership.Status.ACTIVE and world.cardiologist.qualification is None
    assert AuditEvent.objects.filter(action="membership.verification_lapsed").exists()
    _out_of_audiences(world.cardiologist)
    # A mention after the lapse (a notification) sends no email, at once or in the digest.
    Notification.objects.create(
        network=world.cardio, recipient=world.cardiologist, actor=colleague, kind="mention", thread=thread
    )
    send_digests()  # the daily notifications ride in the digest: the others' digests only
    assert [m for m in mailoutbox if m.to == [world.cardiologist.user.email]] == []
    mailoutbox.clear()
    set_frequency(world.cardiologist, "immediately")
    assert send_pending_immediate([world.cardiologist.pk]) == 0
    assert mailoutbox == []


def test_ending_twice_is_refused_and_changes_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.ban_member(world.moderator, world.patient, reason=REASON)
    mailoutbox.clear()
    before = Membership.objects.filter(pk=world.patient.pk).values().get()
    for operation, code in (
        (lambda: lifecycle.ban_member(world.admin, world.patient, reason="Autre"), "already_banned"),
        (lambda: lifecycle.remove_member(world.admin, world.patient, reason="Autre"), "not_member"),
    ):
        with pytest.raises(ActionRefused) as refused:
            operation()
        assert refused.value.code == code
    assert Membership.objects.filter(pk=world.patient.pk).values().get() == before
    assert AuditEvent.objects.filter(action__startswith="membership.").count() == 1
    assert mailoutbox == []
