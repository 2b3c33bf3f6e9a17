"""Conversations, their participants and messages, and blocks between members.

Every table carries `network_id` (the future distribution column). A conversation hands out one
strictly increasing sequence number per change (a new message, an edit, a deletion, a member added
or removed): clients resume from the last sequence they saw and the server replays what changed
after it, from the database, so nothing committed is ever lost."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.instances import QuickFromDb
from entrepairs.networks.models import Membership, Network
from entrepairs.public_ids import PublicIdField


class Conversation(QuickFromDb, models.Model):
    id = PublicIdField()

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Direct conversation")
        GROUP = "group", _("Group")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    # "<smaller membership id>:<larger membership id>": one direct conversation per pair, enforced by
    # the database even when both members start it at the same instant.
    direct_key = models.CharField(max_length=41, null=True, blank=True)  # noqa: DJ001 NULL for groups: unique only when set
    # The next sequence to hand out. Only ever read and increased under select_for_update.
    next_sequence = models.PositiveBigIntegerField(default=1)
    last_message_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "direct_key"],
                condition=Q(direct_key__isnull=False),
                name="one_direct_conversation_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} conversation {self.pk} @ {self.network_id}"

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP


class Participant(QuickFromDb, models.Model):
    """A member in a conversation. `left_at` set means gone (left or removed): they lose the whole
    conversation, and rejoining starts a new window (`visible_from_sequence`)."""

    id = PublicIdField()

    class Role(models.TextChoices):
        ADMIN = "admin", _("Group administrator")
        MEMBER = "member", _("Member")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Someone added to a group later reads from the moment they joined, not the history before.
    visible_from_sequence = models.PositiveBigIntegerField(default=1)
    last_read_sequence = models.PositiveBigIntegerField(default=0)
    last_delivered_sequence = models.PositiveBigIntegerField(default=0)
    # The sequence the last "unread messages" email was about. While it is above the read marker, an
    # email is outstanding and later messages send none: one email per burst, not per message.
    last_emailed_sequence = models.PositiveBigIntegerField(default=0)
    muted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="one_participant_row_per_member")
        ]
        indexes = [models.Index(fields=["member", "left_at"])]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN


def _attachment_path(instance, filename):
    # Random names: an attachment's path cannot be guessed and says nothing about its sender.
    extension = ".pdf" if instance.attachment_type == "application/pdf" else ".png"
    return f"messages/{secrets.token_urlsafe(24)}{extension}"


class Message(QuickFromDb, models.Model):
    id = PublicIdField()

    class Kind(models.TextChoices):
        TEXT = "text", _("Message")
        SYSTEM = "system", _("Event")

    class Event(models.TextChoices):
        CREATED = "created", _("created the group")
        ADDED = "added", _("added")
        REMOVED = "removed", _("removed")
        LEFT = "left", _("left the group")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TEXT)
    # Position in the conversation, fixed at creation.
    sequence = models.PositiveBigIntegerField()
    # The sequence of the last change to this message (== sequence until edited or deleted): what a
    # resuming client compares with the last sequence it saw.
    change_sequence = models.PositiveBigIntegerField()
    sender = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    # Chosen by the client; sending twice with one id (a retry after a cut) yields one message.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 NULL for system events
    body = models.TextField(blank=True)
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # System messages ("Camille added Rose") name the member they are about.
    event = models.CharField(max_length=8, choices=Event.choices, blank=True)
    subject = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attachment = models.FileField(upload_to=_attachment_path, blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    attachment_name = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator after a report: shown as deleted; the reported text stays in the report.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "sequence"], name="one_message_per_sequence"),
            models.UniqueConstraint(
                fields=["conversation", "sender", "client_id"], name="one_message_per_client_id"
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "change_sequence"]),
            models.Index(fields=["network", "created_at"], name="message_by_network_day"),  # analytics
        ]

    def __str__(self) -> str:
        return f"message {self.sequence} of {self.conversation_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Block(models.Model):
    """`blocker` no longer receives direct messages from `blocked` (and cannot be added by them)."""

    id = PublicIdField()
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    blocker = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
