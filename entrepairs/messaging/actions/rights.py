"""What messaging does for the members' rights (registered in apps.py with rights.registry).

Erasing a persona: every message it sent keeps its place in its conversation, shown as deleted, its
text and attachment gone for good, signed by the network's "deleted member" persona; each change
takes a new sequence, so the others' clients learn it when they resume. Whatever the member chose
for their posts: private messages are never kept. Its blocks and participant rows go.
Exporting: the messages the account sent, with their attachments, the messages others wrote to it
in the window it could read, and the conversations it is in (others named by pseudonym only).
Retention: messages older than the network's period are deleted."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from entrepairs.messaging.models import Block, Message, Participant
from entrepairs.messaging.services import _take_sequence
from entrepairs.networks.models import Membership
from entrepairs.rights.registry import ExportPart


def erase_member_messages(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    files: list[tuple[object, str]] = []
    sent = Message.objects.filter(network_id=member.network_id, sender=member).order_by(
        "conversation_id", "sequence"
    )
    now = timezone.now()
    # System messages ("… left the group") hold no text: they only change signature.
    sent.filter(kind=Message.Kind.SYSTEM).update(sender=ghost)
    for message in sent.filter(kind=Message.Kind.TEXT).select_related("conversation"):
        if message.attachment:
            files.append((message.attachment.storage, message.attachment.name))
        message.body, message.attachment = "", ""
        message.attachment_name, message.attachment_type, message.attachment_size = "", "", 0
        message.client_id, message.sender = None, ghost
        message.deleted_at = message.deleted_at or now
        message.change_sequence = _take_sequence(message.conversation)
        message.save(
            update_fields=[
                "body",
                "attachment",
                "attachment_name",
                "attachment_type",
                "attachment_size",
                "client_id",
                "sender",
                "deleted_at",
                "change_sequence",
            ]
        )
    Block.objects.filter(Q(blocker=member) | Q(blocked=member), network_id=member.network_id).delete()
    Participant.objects.filter(member=member, network_id=member.network_id).delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def export_member_messages(user) -> ExportPart:
    part = ExportPart()
    messages = (
        Message.objects.filter(sender__user=user, kind=Message.Kind.TEXT)
        .select_related("network", "conversation")
        .order_by("network_id", "conversation_id", "sequence")
    )
    rows = []
    for message in messages:
        rows.append(
            {
                "network": message.network.name,
                "conversation_id": message.conversation_id,
                "sequence": message.sequence,
                "body": message.body,
                "attachment": message.attachment_name or None,
                "created_at": message.created_at.isoformat(),
                "deleted": message.deleted_at is not None,
            }
        )
        if message.attachment:
            part.files.append(
                (f"attachments/{message.pk}-{_safe(message.attachment_name)}", message.attachment)
            )
    part.sections["messaging.messages_sent"] = rows
    participants = (
        Participant.objects.filter(member__user=user)
        .select_related("conversation", "network")
        .prefetch_related("conversation__participants__member")
    )
    part.sections["messaging.messages_received"] = _received(user, participants)
    part.sections["messaging.conversations"] = [
        {
            "network": row.network.name,
            "id": row.conversation_id,
            "kind": row.conversation.kind,
            "name": row.conversation.name,
            "participants": sorted(p.member.display_name for p in row.conversation.participants.all()),
            "left": row.left_at is not None,
        }
        for row in participants
    ]
    return part


def _received(user, participants) -> list[dict]:
    """What others wrote in the account's conversations, in the window the account could read
    (from when it joined to when it left), senders named by pseudonym only."""
    rows = []
    for row in participants:
        window = Message.objects.filter(
            conversation_id=row.conversation_id,
            kind=Message.Kind.TEXT,
            deleted_at__isnull=True,
            sequence__gte=row.visible_from_sequence,
        ).exclude(sender__user=user)
        if row.left_at is not None:
            window = window.filter(created_at__lte=row.left_at)
        rows += [
            {
                "network": row.network.name,
                "conversation_id": row.conversation_id,
                "sequence": message.sequence,
                "from": message.sender.display_name,
                "body": message.body,
                "attachment": message.attachment_name or None,
                "created_at": message.created_at.isoformat(),
            }
            for message in window.select_related("sender").order_by("sequence")
        ]
    return rows


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:80] or "file"


def apply_retention(network, retention, now) -> dict[str, int]:
    """Messages (and their files) older than the network's message retention are deleted."""
    if not retention.messages_days:
        return {}
    cutoff = now - timedelta(days=retention.messages_days)
    old = Message.objects.filter(network=network, created_at__lt=cutoff)
    files = [(m.attachment.storage, m.attachment.name) for m in old.exclude(attachment="")]
    Message.objects.filter(reply_to__in=old).update(reply_to=None)
    deleted, _by_model = old.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return {"messages": deleted}
