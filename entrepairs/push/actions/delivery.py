"""Delivering one activity (entrepairs/activity.py) to its recipients' devices. Runs in a background
task (tasks.deliver_activity: Celery in production, inline in the embedded default), after the
operation that caused it committed.

Who gets a notification, in order (each step reads once for every recipient):
1. personas still in standing (active, of an active account, verified in a professional network)
   whose account registered at least one device;
2. whose settings for this network want this kind of activity, outside their quiet hours;
3. who still have it unread (the announcing feature answers: read on another device, nothing);
4. who have no notification outstanding for the same collapse key (one burst of messages in a
   conversation: one notification, until the member reads it).

What a notification says (docs/push-notifications.md): by default the kind of activity and the
network ("Nouveau message — Cardiologues"), never a name, a pseudonym or any text. A member can
choose to show the sender's pseudonym; a network can forbid anything beyond "Entrepairs — nouvelle
activité", which then wins over the member's choice."""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entrepairs import activity as activities
from entrepairs.networks import access
from entrepairs.networks.models import Membership, Network
from entrepairs.push import sender
from entrepairs.push.models import NetworkPolicy, Preference, Pushed, Subscription

logger = logging.getLogger(__name__)

# Without a read position (a mention, a decision), one notification per key in this window.
COLLAPSE_WINDOW = timedelta(minutes=10)
PRODUCT = "Entrepairs"


def kind_label(kind: str) -> str:
    labels = {
        activities.MESSAGE: _("New message"),
        activities.MENTION: _("You were mentioned"),
        activities.REPLY: _("New reply"),
        activities.ACCEPTED: _("Your answer was accepted"),
        activities.MODERATION: _("From the moderators"),
        activities.REPORT: _("New report"),
    }
    return labels.get(kind, _("New activity"))


def _urgency(kind: str) -> str:
    return "high" if kind in {activities.MESSAGE, activities.REPORT} else "normal"


def payload(
    activity: activities.Activity, member: Membership, *, minimal: bool, sender_name: str | None, badge: int
):
    """The notification as the service worker shows it. No text of the activity, ever; the sender's
    pseudonym only when given (the member chose it and the network allows it)."""
    with translation.override(member.user.language or settings.LANGUAGE_CODE):
        if minimal:
            title, body = PRODUCT, _("New activity")
        elif sender_name:
            title = _("%(kind)s — %(network)s") % {
                "kind": kind_label(activity.kind),
                "network": member.network.name,
            }
            body = _("From %(name)s") % {"name": sender_name}
        else:
            title = _("%(kind)s — %(network)s") % {
                "kind": kind_label(activity.kind),
                "network": member.network.name,
            }
            body = ""
    return {
        "title": title,
        "body": body,
        "url": activity.path,
        "tag": sender.topic(activity.collapse_key),
        "badge": badge,
    }


def _local_time(now: datetime):
    return timezone.localtime(now).time()


def deliver(activity: activities.Activity, *, now: datetime | None = None) -> int:
    """Push `activity` to whoever should hear of it. Returns the number of notifications sent (one
    per device). Safe to run twice: the second run finds the collapse rows and sends nothing."""
    if not sender.configured() or not activity.recipients:
        return 0
    now = now or timezone.now()
    network = Network.objects.filter(pk=activity.network_id, is_active=True).first()
    if network is None:
        return 0
    # Standing now, as any page requires (a lapsed verification in a professional network: nothing).
    members = list(
        Membership.objects.filter(
            access.standing(network), pk__in=list(activity.recipients), network_id=network.pk
        ).select_related("user", "network")
    )
    devices = defaultdict(list)
    for subscription in Subscription.objects.filter(user_id__in=[m.user_id for m in members]):
        devices[subscription.user_id].append(subscription)
    members = [member for member in members if devices[member.user_id]]
    if not members:
        return 0
    preferences = {p.member_id: p for p in Preference.objects.filter(member__in=members)}
    default = Preference()
    local = _local_time(now)
    members = [
        member
        for member in members
        if preferences.get(member.pk, default).wants(activity.kind)
        and not preferences.get(member.pk, default).is_quiet(local)
    ]
    if not members:
        return 0
    unread = activities.still_unread(activity, [member.pk for member in members])
    members = _claim(activity, [member for member in members if member.pk in unread], unread, now)
    if not members:
        return 0
    badges = activities.unread_counts(activity.network_id, [member.pk for member in members])
    minimal = NetworkPolicy.objects.filter(network_id=activity.network_id, minimal_only=True).exists()
    sender_name = None
    if not minimal and activity.actor_id and any(preferences.get(m.pk, default).show_sender for m in members):
        sender_name = (
            Membership.objects.filter(pk=activity.actor_id, network_id=activity.network_id)
            .values_list("display_name", flat=True)
            .first()
        )
    sent, gone = 0, []
    for member in members:
        shown = sender_name if preferences.get(member.pk, default).show_sender else None
        body = payload(activity, member, minimal=minimal, sender_name=shown, badge=badges.get(member.pk, 0))
        for subscription in devices[member.user_id]:
            device = sender.Device(subscription.endpoint, subscription.p256dh, subscription.auth)
            outcome = sender.send(
                device, body, collapse_key=activity.collapse_key, urgency=_urgency(activity.kind)
            )
            if outcome == sender.SENT:
                sent += 1
                Subscription.objects.filter(pk=subscription.pk).update(last_pushed_at=now)
            elif outcome == sender.GONE:
                gone.append(subscription.pk)
    if gone:  # expired or unsubscribed in the browser: the push service will never take it again
        Subscription.objects.filter(pk__in=gone).delete()
    return sent


def _claim(activity, members: list[Membership], unread: dict, now: datetime) -> list[Membership]:
    """Those of `members` with no notification outstanding for the activity's key; the rest were
    told of this burst already. Rows locked, so two tasks of one burst push once."""
    if not members:
        return []
    key = activity.collapse_key
    chosen, changed = [], []
    with transaction.atomic():
        Pushed.objects.bulk_create(
            [
                Pushed(network_id=activity.network_id, member=member, collapse_key=key, position=None,
                       pushed_at=now - COLLAPSE_WINDOW - timedelta(seconds=1))
                for member in members
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        rows = {
            row.member_id: row
            for row in Pushed.objects.select_for_update()
            .filter(member__in=members, collapse_key=key)
            .order_by("pk")
        }
        for member in members:
            row, read = rows[member.pk], unread[member.pk]
            if activity.position is not None and read is not None and row.position is not None:
                if row.position > read:
                    continue  # told already, and not read since
            elif row.pushed_at > now - COLLAPSE_WINDOW:
                continue
            row.position, row.pushed_at = activity.position, now
            changed.append(row)
            chosen.append(member)
        Pushed.objects.bulk_update(changed, ["position", "pushed_at"])
    return chosen
