"""Emails sent by background tasks, exactly once as far as SMTP allows (docs/decisions/0008-faults.md).

A task that decides to email (a notification, a digest, an unread message) records the email with
`queue` in the same transaction that marks its reason handled (`emailed_at`, `last_emailed_sequence`),
and after commit calls `deliver`, which sends every email still pending. So:
- killed before its transaction commits: nothing was marked, the task runs again (Celery acks late
  and redelivers) and decides again;
- killed after commit, before or while sending: the email is pending; the task's second run
  decides nothing new and `deliver` sends it; so does any later email task, and the periodic
  `deliver_pending_emails`;
- a second run, or two workers at once, never send one email twice: each row is locked while it
  is sent and marked sent in the same transaction.
The one window left is SMTP's own: a worker killed after the mail server accepted an email and
before its transaction commits sends it again on the next run (milliseconds, and no protocol
closes it)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from entrepairs.outbox.models import OutgoingEmail

logger = logging.getLogger(__name__)
# Sent rows are kept this long (key and date only), then deleted: their reasons are marked handled
# (`emailed_at`, `last_emailed_sequence`), so no task can decide the same email again.
KEEP_SENT = timedelta(days=30)


def queue(*emails: tuple[str, str, str, str]) -> None:
    """Record emails to send, each (key, recipient, subject, body), inside the caller's transaction,
    in one statement. A key already recorded (the same decision taken twice) adds nothing."""
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(key=key, recipient=to, subject=subject, body=body)
            for key, to, subject, body in emails
        ],
        ignore_conflicts=True,
    )


def queue_rich(key: str, recipient: str, subject: str, body: str, *, html: str = "", headers=None) -> bool:
    """Record one email with an HTML alternative and headers (a digest), in the caller's
    transaction. Returns False when the key was already recorded (nothing added)."""
    created = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                key=key,
                recipient=recipient,
                subject=subject,
                body=body,
                html_body=html,
                headers=headers or {},
            )
        ],
        ignore_conflicts=True,
    )
    return bool(created) and OutgoingEmail.objects.filter(key=key, sent_at__isnull=True).exists()


def forget_pending(*key_prefixes: str) -> int:
    """Drop the emails not sent yet whose key starts with one of `key_prefixes` (a persona's, when its
    membership ends: an email decided a moment before must not reach a former member, and after a
    consent withdrawal nothing more about the network may). Inside the caller's transaction; a row
    being sent right now is locked by its sender and is left to it. Returns how many were dropped."""
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True)
    condition = None
    for prefix in key_prefixes:
        clause = Q(key__startswith=prefix)
        condition = clause if condition is None else condition | clause
    if condition is None:
        return 0
    deleted, _by_model = pending.filter(condition).delete()
    return deleted


def _send(email: OutgoingEmail) -> None:
    if not email.html_body and not email.headers:
        send_mail(email.subject, email.body, None, [email.recipient])
        return
    message = EmailMultiAlternatives(
        email.subject, email.body, None, [email.recipient], headers=email.headers
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()


def _locked(pk: int):
    rows = OutgoingEmail.objects.filter(pk=pk, sent_at__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        # Another worker sending it holds the lock: leave it to that one.
        rows = rows.select_for_update(skip_locked=True)
    return rows.first()


def deliver(limit: int = 500, *, keys: list[str] | None = None) -> int:
    """Send the pending emails, oldest first, each in its own transaction. Returns how many were
    sent. An email the mail server refuses stays pending (logged) and is tried again later.
    `keys`: only those (a page sending its own email does not send everyone's)."""
    sent = 0
    rows = OutgoingEmail.objects.filter(sent_at__isnull=True)
    if keys is not None:
        rows = rows.filter(key__in=keys)
    pending = list(rows.order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in pending:
        try:
            with transaction.atomic():
                email = _locked(pk)
                if email is None:  # sent meanwhile, or being sent by another worker
                    continue
                _send(email)
                email.sent_at = timezone.now()
                email.recipient = email.subject = email.body = email.html_body = ""
                email.headers = {}
                email.save(update_fields=["sent_at", "recipient", "subject", "body", "html_body", "headers"])
        except Exception:
            logger.exception("outbox: email %s not sent; it stays pending", pk)
            continue
        sent += 1
    return sent


def forget_sent(now=None) -> int:
    """Delete the records of emails sent more than KEEP_SENT ago. Returns how many."""
    deleted, _by_model = OutgoingEmail.objects.filter(
        sent_at__lt=(now or timezone.now()) - KEEP_SENT
    ).delete()
    return deleted
