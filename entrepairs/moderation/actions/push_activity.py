"""What moderation tells the activity registry (entrepairs/activity.py), which push listens to:
a decision about a member or the outcome of their report (MODERATION), and for the network's
moderators a new report (REPORT). Ids and addresses only: never the reason, the reporter or the text."""

from django.db import transaction
from django.urls import reverse

from entrepairs import activity
from entrepairs.moderation.models import Notice, Report
from entrepairs.networks.models import Membership, Network


def announce_notices(network_id: int, recipients) -> None:
    """Inside the decision's transaction: the recipients' devices hear of it after commit."""
    recipients = sorted(set(recipients))
    if not recipients:
        return

    def announce():
        slug = Network.objects.filter(pk=network_id).values_list("slug", flat=True).first()
        if slug is None:
            return
        activity.announce(
            activity.Activity(
                kind=activity.MODERATION, network_id=network_id, recipients=tuple(recipients),
                path=reverse("moderation:notices", kwargs={"slug": slug}), collapse_key="notices",
            )
        )  # fmt: skip

    transaction.on_commit(announce, robust=True)


def announce_report(report: Report) -> None:
    """Inside the report's transaction: after commit, the network's moderators (not the reported
    author, were they one) hear that there is a report to look at."""
    network_id, author_id = report.network_id, report.author_id

    def announce():
        moderators = list(
            Membership.objects.filter(
                network_id=network_id,
                status=Membership.Status.ACTIVE,
                role__in=[Membership.Role.MODERATOR, Membership.Role.ADMIN],
            )
            .exclude(pk=author_id)
            .values_list("pk", flat=True)
        )
        if not moderators:
            return
        slug = Network.objects.filter(pk=network_id).values_list("slug", flat=True).first()
        activity.announce(
            activity.Activity(
                kind=activity.REPORT, network_id=network_id, recipients=tuple(moderators),
                path=reverse("moderation:queue", kwargs={"slug": slug}), collapse_key="reports",
            )
        )  # fmt: skip

    transaction.on_commit(announce, robust=True)


def notices_unread(event: activity.Activity, member_ids: list[int]) -> dict[int, None]:
    unread = Notice.objects.filter(
        network_id=event.network_id, recipient_id__in=member_ids, read_at__isnull=True
    ).values_list("recipient_id", flat=True)
    return dict.fromkeys(unread)


def reports_open(event: activity.Activity, member_ids: list[int]) -> dict[int, None]:
    """Nothing to say once the queue is empty (another moderator handled it)."""
    if not Report.objects.filter(network_id=event.network_id, status=Report.Status.OPEN).exists():
        return {}
    return dict.fromkeys(member_ids)
