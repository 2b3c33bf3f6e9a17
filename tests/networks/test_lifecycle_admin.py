"""Operators end memberships through the lifecycle only: the admin's status fields are read-only,
its actions ask for a reason and call networks.lifecycle; so does the end_membership command, and
unticking "active" on an account ends its conversations too. Sockets: tests/messaging/
test_lifecycle_sockets.py."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from entrepairs.audit.models import AuditEvent
from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Participant
from entrepairs.networks.models import Membership
from tests import factories as f

REASON = "Usurpation d'identité"


def _change_form_data(membership, **changes):
    data = {
        "network": membership.network_id, "user": membership.user_id, "display_name": membership.display_name,
        "bio": "", "member_type": membership.member_type, "request_message": "", "qualification": "",
        "requested_at_0": "2026-01-01", "requested_at_1": "10:00:00",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_change_form_cannot_end_a_membership_behind_the_lifecycle(login, world):
    client = login(world.operator)
    url = reverse("admin:networks_membership_change", args=[world.patient.pk])
    data = _change_form_data(
        world.patient, status="removed", left_at_0="2026-01-01", ended_reason="x", bio="Bio corrigée"
    )
    assert client.post(url, data).status_code == 302  # saved...
    world.patient.refresh_from_db()
    assert world.patient.bio == "Bio corrigée"
    # ...but how a membership ends is not a field: it goes through the lifecycle's actions.
    assert world.patient.status == Membership.Status.ACTIVE and world.patient.ended_reason == ""
    assert world.patient.left_at is None


def test_the_ban_action_asks_for_a_reason_first(login, world):
    client = login(world.operator)
    url = reverse("admin:networks_membership_changelist")
    page = client.post(url, {"action": "ban_members", "_selected_action": [world.patient.pk]})
    assert page.status_code == 200 and b'name="reason"' in page.content
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.ACTIVE
    client.post(
        url,
        {"action": "ban_members", "_selected_action": [world.patient.pk], "reason": REASON, "apply": "1"},
    )
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.BANNED and world.patient.banned_until is None
    assert world.patient.ended_by is None and world.patient.ended_reason == REASON
    assert AuditEvent.objects.filter(actor=world.operator, action="membership.ban").exists()
    client.post(url, {"action": "lift_bans", "_selected_action": [world.patient.pk]})
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.REMOVED


def test_unticking_active_ends_the_accounts_conversations(world, login):
    colleague = f.member_factory(
        world.cardio,
        qualification=f.qualification_factory(f.UserFactory(), profession_code="10", specialty_code="SM04"),
    )
    conversation = messaging.start_direct(world.cardiologist, colleague)
    user = colleague.user
    client = login(world.operator)
    url = reverse("admin:accounts_user_changelist")
    client.post(url, {"action": "deactivate", "_selected_action": [user.pk]})
    row = Participant.objects.get(conversation=conversation, member=colleague)
    assert row.left_at is not None
    assert Membership.objects.get(pk=colleague.pk).status == Membership.Status.ACTIVE  # kept for reactivation


def test_the_command_removes_and_lifts(world):
    out = io.StringIO()
    args = ["breast", str(world.patient.pk)]
    operator = ["--operator", world.operator.email]
    call_command(
        "end_membership", *args, "ban", "--reason", REASON, "--until", "2099-01-31", *operator, stdout=out
    )
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.BANNED and world.patient.banned_until.year == 2099
    call_command("end_membership", *args, "lift-ban", *operator, stdout=out)
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.REMOVED


@pytest.mark.parametrize(
    "extra",
    [
        ["remove", "--reason", REASON, "--operator", "nobody@example.test"],  # no such operator
        ["remove", "--operator", "OPERATOR"],  # no reason
    ],
)
def test_the_command_refuses_and_changes_nothing(world, extra):
    extra = [world.operator.email if value == "OPERATOR" else value for value in extra]
    with pytest.raises(CommandError):
        call_command("end_membership", "breast", str(world.patient.pk), *extra, stdout=io.StringIO())
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.ACTIVE


def test_the_command_does_not_reach_another_networks_membership(world):
    with pytest.raises(CommandError):
        call_command(
            "end_membership", "breast", str(world.outsider.pk), "remove", "--reason", REASON,
            "--operator", world.operator.email, stdout=io.StringIO(),
        )  # fmt: skip
    world.outsider.refresh_from_db()
    assert world.outsider.status == Membership.Status.ACTIVE
