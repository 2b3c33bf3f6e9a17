"""What a member confirmed when publishing personal data that their network asks to confirm.

One row per confirmed submission: the kinds (PHONE, PERSON...), never the values, attached to what was
published (a post, a message, a persona). Moderators see the kinds next to the post; the text itself
is the post's, under the post's own rules of visibility and erasure."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.privacy.policy import CONTEXTS, TEXT
from entrepairs.public_ids import PublicIdField


class Confirmation(models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Sorted kinds, e.g. ["PERSON", "PHONE"]: what the author ticked, limited to what the check found.
    kinds = models.JSONField(_("kinds confirmed"), default=list)
    context = models.CharField(max_length=8, choices=[(c, c) for c in CONTEXTS], default=TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{', '.join(self.kinds)} confirmed by {self.member_id} on {self.content_type_id}:{self.object_id}"


class AnonymityThreshold(models.Model):
    """A network's k: the fewest members an aggregate shown to members may come from (privacy/kanon.py).
    No row means the default (5); never below 3. Set by the network's administrators."""

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="+")
    k = models.PositiveSmallIntegerField(_("smallest group shown"), default=5)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"k={self.k} for {self.network_id}"
