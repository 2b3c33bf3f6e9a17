"""Background tasks (Celery; inline in the embedded default)."""

import atexit
import logging
import threading

from celery import shared_task

from entrepairs.messaging.actions import emails

logger = logging.getLogger(__name__)

# Unread emails scheduled within this long go to the broker as one task. Publishing a Celery task cost
# about 0.9 ms of CPU, in the thread that stores messages, for each message sent; the email waits
# MESSAGING_EMAIL_DELAY_MINUTES (15) anyway, so a second more changes nothing a member sees.
BATCH_SECONDS = 1.0


@shared_task
def email_unread_messages(conversation_id: int, sequence: int) -> int:
    """Scheduled MESSAGING_EMAIL_DELAY_MINUTES after a message: emails whoever has still not read it.
    (Tasks are now scheduled in batches, email_unread_batch; this one stays for those already queued.)"""
    return emails.email_unread(conversation_id, sequence)


@shared_task
def email_unread_batch(pairs: list[list[int]]) -> int:
    """email_unread for each (conversation, sequence), in order. Each pair stands alone, as its own
    task did: one failing is logged and the others still run."""
    sent = 0
    for conversation_id, sequence in pairs:
        try:
            sent += emails.email_unread(conversation_id, sequence)
        except Exception:
            logger.exception("messaging: the unread email of conversation %s failed", conversation_id)
    return sent


class _Batch:
    """Pairs waiting to be published, and the timer that publishes them BATCH_SECONDS after the first.
    Kept in the process: one that dies within that second loses those emails only (the messages are
    stored and shown), as a broker that is away loses them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pairs: list[tuple[int, int]] = []
        self.timer: threading.Timer | None = None

    def add(self, conversation_id: int, sequence: int) -> None:
        with self.lock:
            self.pairs.append((conversation_id, sequence))
            if self.timer is None:
                self.timer = threading.Timer(BATCH_SECONDS, self.flush)
                self.timer.daemon = True
                self.timer.start()

    def flush(self) -> None:
        with self.lock:
            pairs, self.pairs = self.pairs, []
            if self.timer is not None:
                self.timer.cancel()  # when flushed before it fires (at exit, in tests)
                self.timer = None
        if not pairs:
            return
        # The countdown starts now, after the last pair's commit: no email is due before it (an early
        # run would send nothing).
        try:
            email_unread_batch.apply_async((pairs,), countdown=emails.delay().total_seconds())
        except Exception:  # the broker is down: the messages are stored and shown, only the emails are lost
            logger.warning("messaging: could not schedule the unread emails of %s messages", len(pairs))


_batch = _Batch()
flush_unread_emails = _batch.flush
atexit.register(flush_unread_emails)


def schedule_unread_email(conversation_id: int, sequence: int) -> None:
    """Called after a message commits. With a broker, the email is scheduled within BATCH_SECONDS,
    together with the others of that second. Tasks that run inline (no broker: the embedded default)
    cannot wait, so with a delay there is nothing to schedule; email_unread would find it too early
    anyway."""
    if email_unread_messages.app.conf.task_always_eager:
        if emails.delay():
            return
        try:
            email_unread_messages.apply_async((conversation_id, sequence))
        except Exception:  # as a broker that is away: the message is stored and shown
            logger.warning("messaging: could not email about conversation %s", conversation_id)
        return
    _batch.add(conversation_id, sequence)
