from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    """An email a background task decided to send, recorded in the transaction that decided it
    (entrepairs/outbox/services.py). `key` names the decision ("notifications:<member>:<last
    notification>"...): the same decision is never recorded twice. Once sent, the address and the
    text are cleared: what remains says only that this email went out, and when."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    # An HTML alternative (digests) and extra headers (List-Unsubscribe...), cleared once sent.
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return self.key
