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

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
    member = member_for_unsubscribe(token)
    if member is not None:
        EmailPreference.objects.update_or_create(
            member=member, defaults={"network_id": member.network_id, "digest": EmailPreference.Digest.NEVER}
        )
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


def due(digest: str, now: datetime):
    """Active personas in good standing (a professional's verification still valid) of active
    networks, of active accounts, choosing `digest`, without a digest for this period yet."""
    chose = EmailPreference.objects.filter(member=OuterRef("pk"), digest=digest)
    chose_other = EmailPreference.objects.filter(member=OuterRef("pk")).exclude(digest=digest)
    preference = Exists(chose) if digest != DEFAULT else ~Exists(chose_other)
    verified = Q(network__kind=Network.Kind.PATIENTS) | (
        Q(qualification__status="verified")
        & (Q(qualification__verified_until__isnull=True) | Q(qualification__verified_until__gt=now))
    )
    already = DigestSend.objects.filter(member=OuterRef("pk"), period=period_of(digest, now))
    return (
        Membership.objects.filter(
            preference,
            verified,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
            network__is_active=True,
        )
        .exclude(Exists(already))
        .select_related("network", "user")
        .order_by("pk")
    )


def _since(member: Membership, digest: str, now: datetime) -> datetime:
    last = (
        DigestSend.objects.filter(member=member)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
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


def is_empty(content: dict) -> bool:
    return not (
        content["articles"] or content["threads"] or content["questions"] or content["unread_messages"]
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
    """Decide and record today's digests (and this week's weekly ones), each persona in its own
    transaction; then deliver. Returns how many were recorded. Safe to run again at any time."""
    now = now or timezone.now()
    recorded: list[str] = []
    for digest in digests:
        period = period_of(digest, now)
        for member in due(digest, now).iterator(chunk_size=500):
            content = content_for(member, _since(member, digest, now), now)
            if is_empty(content):
                continue
            with transaction.atomic():
                send, created = DigestSend.objects.get_or_create(
                    member=member,
                    period=period,
                    defaults={"network_id": member.network_id, "created_at": now},
                )
                if not created:  # another run took it meanwhile
                    continue
                subject, text, html, headers = render(member, content, send=send, digest=digest)
                key = f"digest:{member.pk}:{period}"
                outbox.queue_rich(key, member.user.email, subject, text, html=html, headers=headers)
                recorded.append(key)
    # Everything pending, a digest recorded by an interrupted run included (outbox/services.py).
    outbox.deliver()
    return len(recorded)
