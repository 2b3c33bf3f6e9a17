"""The email digest of a network, per persona: daily, weekly or never (networks.EmailPreference.digest).

What it holds, read through each feature's own access rules as `member` (networks.bridges): the
magazine's new articles, the most useful threads, unanswered questions the member could answer, and
how many private messages wait. Never a message's text nor a post's words; in "titles hidden" mode
(a patient network's choice) not even a title: counts and links only, and no network name in the
subject.

Sending is idempotent. One `DigestSend` row per persona and period ("2026-12-06", "2026-W49"), unique,
created in the transaction that records the email in the outbox (outbox/services.py). A run killed
half-way is simply run again: the members already done have their row and are skipped, the others
get theirs; an email recorded but not sent yet goes out with the next delivery. A digest never goes to
a persona that is no longer an active member in good standing: the run reads only those."""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.errors import ActionRefused
from entrepairs.magazine import queries
from entrepairs.magazine.models import DigestSend, MagazineSettings
from entrepairs.networks import bridges
from entrepairs.networks.models import EmailPreference, Membership, Network
from entrepairs.outbox import services as outbox

DEFAULT = EmailPreference.Digest.WEEKLY
UNSUBSCRIBE_SALT = "magazine.digest.unsubscribe"
TRACKING_SALT = "magazine.digest.tracking"
ITEMS = 5
# An email carrying only the notifications a persona chose to receive daily (no digest due today).
NOTIFICATIONS_ONLY = "notifications"


def digest_of(member: Membership) -> str:
    preference = EmailPreference.objects.filter(member=member).first()
    return preference.digest if preference else DEFAULT


def set_digest(member: Membership, digest: str) -> None:
    if digest not in EmailPreference.Digest.values:
        raise ActionRefused("invalid_digest", _("Choose how often you receive the digest."), field="digest")
    EmailPreference.objects.update_or_create(
        member=member, defaults={"network_id": member.network_id, "digest": digest}
    )


# --- One-click unsubscribe: a signed persona id, valid without signing in --------------------------
def unsubscribe_token(member: Membership) -> str:
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT)


def member_for_unsubscribe(token: str) -> Membership | None:
    """The persona a link was made for, or None for a tampered or unknown link."""
    try:
        member_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Membership.objects.select_related("network").filter(pk=member_id).first()


def unsubscribe(token: str) -> Membership | None:
    """No more digest, and no more of the "daily" notifications that rode in it (this email stops
    altogether); notifications chosen "at once" are another email, left as they are."""
    member = member_for_unsubscribe(token)
    if member is not None:
        preference, _created = EmailPreference.objects.get_or_create(
            member=member, defaults={"network_id": member.network_id}
        )
        preference.digest = EmailPreference.Digest.NEVER
        if preference.frequency == EmailPreference.Frequency.DAILY:
            preference.frequency = EmailPreference.Frequency.NEVER
        preference.save(update_fields=["digest", "frequency"])
    return member


# --- Opens and clicks (first party; off per network or for the installation) ---------------------
def tracking_token(send: DigestSend) -> str:
    return signing.dumps(send.pk, salt=TRACKING_SALT)


def record(token: str, *, click: bool) -> None:
    try:
        send_id = signing.loads(token, salt=TRACKING_SALT)
    except signing.BadSignature:
        return
    now = timezone.now()
    sends = DigestSend.objects.filter(pk=send_id)
    sends.filter(opened_at__isnull=True).update(opened_at=now)  # a click opened it too
    if click:
        sends.filter(clicked_at__isnull=True).update(clicked_at=now)


def _tracking_on(network: Network) -> bool:
    if not settings.DIGEST_TRACKING:
        return False
    found = MagazineSettings.objects.filter(network=network).first()
    return found.track_digest_opens if found else True


# --- Who gets one, when --------------------------------------------------------------------------
def period_of(digest: str, moment: datetime) -> str:
    day = timezone.localdate(moment)
    if digest == EmailPreference.Digest.DAILY:
        return day.isoformat()
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _today_start(now: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))


def due(now: datetime, digests=(EmailPreference.Digest.DAILY, EmailPreference.Digest.WEEKLY)):
    """Active personas in good standing (a professional's verification still valid) of active
    networks, of active accounts, without an email of this kind today, that are due one: their daily
    digest, their weekly digest not sent this week, or the notifications they chose to receive
    "daily" (discussions, through networks.bridges) waiting. Annotated with `week_sent`."""
    no_row = Q(email_preference__isnull=True)
    digest_daily = Q(email_preference__digest=EmailPreference.Digest.DAILY)
    digest_weekly = Q(email_preference__digest=EmailPreference.Digest.WEEKLY) | no_row
    week_sent = Exists(
        DigestSend.objects.filter(member=OuterRef("pk"), period=period_of(EmailPreference.Digest.WEEKLY, now))
    )
    wanted = Q(pk__in=[])
    if EmailPreference.Digest.DAILY in digests:
        wanted |= digest_daily
    if EmailPreference.Digest.WEEKLY in digests:
        wanted |= digest_weekly & Q(week_sent=False)
    waiting = bridges.notification_recipients()
    if waiting is not None:
        notifications_daily = Q(email_preference__frequency=EmailPreference.Frequency.DAILY) | no_row
        wanted |= notifications_daily & Q(pk__in=waiting)
    verified = Q(network__kind=Network.Kind.PATIENTS) | (
        Q(qualification__status="verified")
        & (Q(qualification__verified_until__isnull=True) | Q(qualification__verified_until__gt=now))
    )
    # One email a day at most: whatever this persona received today (a digest, or its notifications).
    today = DigestSend.objects.filter(member=OuterRef("pk"), created_at__gte=_today_start(now))
    return (
        Membership.objects.annotate(week_sent=week_sent)
        .filter(
            wanted,
            verified,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
            network__is_active=True,
        )
        .exclude(Exists(today))
        .select_related("network", "user", "email_preference")
        .order_by("pk")
    )


def _preferences(member: Membership) -> tuple[str, str]:
    """(digest, notifications frequency) of a persona, the defaults where it chose nothing."""
    try:
        preference = member.email_preference
    except EmailPreference.DoesNotExist:
        return DEFAULT, EmailPreference.Frequency.DAILY
    return preference.digest, preference.frequency


def _since(member: Membership, digest: str, now: datetime) -> datetime:
    """The last digest of this kind (a notifications-only email does not count), at most a day or a
    week back."""
    sends = DigestSend.objects.filter(member=member)
    if digest == EmailPreference.Digest.WEEKLY:
        sends = sends.filter(period__contains="-W")
    else:
        sends = sends.exclude(period__contains="-W")
    last = sends.order_by("-created_at").values_list("created_at", flat=True).first()
    window = timedelta(days=1 if digest == EmailPreference.Digest.DAILY else 7)
    return max(last, now - window) if last else now - window


def content_for(member: Membership, since: datetime, now: datetime) -> dict:
    """What `member` may see that is new since `since`, read as `member`."""
    articles = list(queries.magazine_articles(member, now=now).filter(publish_at__gt=since)[:ITEMS])
    return {
        "articles": articles,
        "threads": bridges.digest_section("useful_threads", member, since, ITEMS),
        "questions": bridges.digest_section("unanswered_questions", member, since, ITEMS),
        "unread_messages": bridges.digest_section("unread_messages_count", member, since),
    }


EMPTY = {"articles": [], "threads": [], "questions": [], "unread_messages": 0}


def is_empty(content: dict) -> bool:
    return not (
        content["articles"]
        or content["threads"]
        or content["questions"]
        or content["unread_messages"]
        or content.get("notifications")
    )


def render(
    member: Membership, content: dict, *, send: DigestSend | None, digest: str
) -> tuple[str, str, str, dict]:
    """(subject, text, html, headers) in the account's language."""
    site = settings.SITE_URL.rstrip("/")
    hidden = MagazineSettings.objects.filter(network_id=member.network_id, digest_titles_hidden=True).exists()
    tracking = send is not None and _tracking_on(member.network)
    token = tracking_token(send) if tracking else ""

    def link(path: str) -> str:
        if tracking:
            return (
                site + reverse("magazine_public:digest_click", args=[token]) + "?" + urlencode({"to": path})
            )
        return site + path

    unsubscribe_url = site + reverse("magazine_public:unsubscribe", args=[unsubscribe_token(member)])
    with translation.override(member.user.language or settings.LANGUAGE_CODE):
        network_name = member.network.name
        if hidden:
            subject = _("Your Entrepairs digest")
        elif digest == NOTIFICATIONS_ONLY:
            subject = ngettext(
                "%(count)d new notification in %(network)s",
                "%(count)d new notifications in %(network)s",
                content["notifications"],
            ) % {"count": content["notifications"], "network": network_name}
        elif digest == EmailPreference.Digest.DAILY:
            subject = _("Today in %(network)s") % {"network": network_name}
        else:
            subject = _("This week in %(network)s") % {"network": network_name}
        context = {
            "member": member,
            "network_name": network_name,
            "hidden": hidden,
            "articles": [
                (article, link(reverse("magazine:article", args=[member.network.slug, article.pk])))
                for article in content["articles"]
            ],
            "threads": [(item, link(item.path)) for item in content["threads"]],
            "questions": [(item, link(item.path)) for item in content["questions"]],
            "unread_messages": content["unread_messages"],
            "notifications": content.get("notifications", 0),
            "notifications_url": link(reverse("discussions:notifications", args=[member.network.slug])),
            "notifications_only": digest == NOTIFICATIONS_ONLY,
            "messages_url": link(reverse("messaging:index", args=[member.network.slug])),
            "home_url": link(reverse("networks:home", args=[member.network.slug])),
            "preferences_url": site + reverse("magazine:digest", args=[member.network.slug]),
            "unsubscribe_url": unsubscribe_url,
            "pixel_url": site + reverse("magazine_public:digest_open", args=[token]) if tracking else "",
            "subject": subject,
            "weekly": digest == EmailPreference.Digest.WEEKLY,
        }
        text = render_to_string("magazine/email/digest.txt", context)
        html = render_to_string("magazine/email/digest.html", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return subject, text, html, headers


def send_digests(
    now: datetime | None = None, *, digests=(EmailPreference.Digest.DAILY, EmailPreference.Digest.WEEKLY)
) -> int:
    """Decide and record today's emails, each persona in its own transaction, then deliver: the
    daily digests, the weekly ones not sent this week, and for the others the notifications they
    chose to receive "daily" (the discussions' daily email, folded in: one email a day at most per
    persona and network). Returns how many were recorded. Safe to run again at any time: a persona
    done has its DigestSend of today, its notifications are marked emailed in the same transaction."""
    now = now or timezone.now()
    recorded: list[str] = []
    for member in due(now, digests).iterator(chunk_size=500):
        digest, frequency = _preferences(member)
        digest_due = digest in digests and (
            digest == EmailPreference.Digest.DAILY
            or (digest == EmailPreference.Digest.WEEKLY and not member.week_sent)
        )
        content = content_for(member, _since(member, digest, now), now) if digest_due else dict(EMPTY)
        wants_notifications = frequency == EmailPreference.Frequency.DAILY
        if is_empty(content) and not wants_notifications:
            continue
        kind = digest if digest_due else NOTIFICATIONS_ONLY
        period = period_of(digest, now) if digest_due else timezone.localdate(now).isoformat()
        with transaction.atomic():
            send, created = DigestSend.objects.get_or_create(
                member=member, period=period, defaults={"network_id": member.network_id, "created_at": now}
            )
            if not created:  # another run took it meanwhile
                continue
            content["notifications"] = bridges.take_notifications(member) if wants_notifications else 0
            if is_empty(content):
                transaction.set_rollback(True)  # nothing to say: no email, no row
                continue
            subject, text, html, headers = render(member, content, send=send, digest=kind)
            key = f"digest:{member.pk}:{period}"
            outbox.queue_rich(key, member.user.email, subject, text, html=html, headers=headers)
            recorded.append(key)
    # Everything pending, a digest recorded by an interrupted run included (outbox/services.py).
    outbox.deliver()
    return len(recorded)
