"""Before a professional's yearly verification lapses: an email 30 days before and another 7 days
before (a daily task), and a banner on their network pages in the last 30 days.

Idempotent through the outbox (entrepairs/outbox/services.py): each reminder is keyed by the
qualification, the reminder (30 or 7) and the end date, so a task run twice, or two workers, send
it once; a verification renewed meanwhile has a new end date and, if it comes close again, new
reminders. Only the reminder due is sent: a verification found 5 days from its end gets the 7-day
one, never both at once."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from entrepairs.networks import access
from entrepairs.outbox import services as outbox
from entrepairs.professionals.models import Qualification

REMINDER_DAYS = (30, 7)
BANNER_DAYS = 30


def days_left(qualification, now=None) -> int | None:
    """Whole days before `qualification` lapses, when that is within BANNER_DAYS (None otherwise)."""
    if qualification is None or qualification.status != Qualification.Status.VERIFIED:
        return None
    until = qualification.verified_until
    now = now or timezone.now()
    if until is None or until <= now or until - now > timedelta(days=BANNER_DAYS):
        return None
    return (until - now).days


def _due(now):
    """(qualification, reminder) pairs due now, for accounts with an active professional membership."""
    in_use = access.qualifications_in_use()
    due = (
        Qualification.objects.filter(
            status=Qualification.Status.VERIFIED,
            verified_until__gt=now,
            verified_until__lte=now + timedelta(days=max(REMINDER_DAYS)),
            pk__in=in_use,
            user__is_active=True,
        )
        .select_related("user", "profession", "specialty")
        .order_by("verified_until", "pk")
    )
    for qualification in due:
        left = qualification.verified_until - now
        reminder = min(days for days in REMINDER_DAYS if left <= timedelta(days=days))
        yield qualification, reminder


def _email(qualification, reminder: int) -> tuple[str, str, str, str]:
    user = qualification.user
    link = settings.SITE_URL.rstrip("/") + reverse("professionals:mine")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        label = (
            qualification.specialty.practitioner if qualification.specialty else qualification.profession.name
        )
        date = formats.date_format(timezone.localtime(qualification.verified_until), "DATE_FORMAT")
        subject = _("Your verification ends on %(date)s") % {"date": date}
        body = _(
            "Your verification as %(profession)s ends on %(date)s. After that date your professional "
            "networks close to you until you are verified again (your posts stay).\n\n"
            "Renew it now, it takes a minute:\n%(link)s"
        ) % {"profession": label, "date": date, "link": link}
    key = f"verification-reminder:{qualification.pk}:{reminder}:{qualification.verified_until.date().isoformat()}"
    return key, user.email, subject, body


def send_verification_reminders(now=None) -> int:
    """Queue and send the reminders due; returns how many were sent by this run."""
    now = now or timezone.now()
    emails = [_email(qualification, reminder) for qualification, reminder in _due(now)]
    if not emails:
        return 0
    outbox.queue(*emails)
    return outbox.deliver(keys=[email[0] for email in emails])
