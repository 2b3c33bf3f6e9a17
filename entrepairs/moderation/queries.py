"""Reads of moderation, scoped by a membership from networks.access: a moderator sees their own
network's reports only; a member their own notices only."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from entrepairs.errors import NOT_FOUND
from entrepairs.moderation import registry
from entrepairs.moderation.models import Decision, Notice, Report, Suspension
from entrepairs.networks.models import Membership
from entrepairs.prepared import Prepared


def open_reports(moderator: Membership) -> QuerySet[Report]:
    """The queue: one row per open report, priority (crisis, distress) first, then oldest first."""
    return (
        Report.objects.filter(network_id=moderator.network_id, status=Report.Status.OPEN)
        .select_related("author")
        .order_by("-priority", "created_at", "id")
    )


def open_reports_badge(member: Membership) -> QuerySet[Report]:
    """The header badge: open reports of the network, for its moderators; nothing for members."""
    if not member.is_moderator:
        return Report.objects.none()
    return Report.objects.filter(network_id=member.network_id, status=Report.Status.OPEN)


def get_report_or_404(moderator: Membership, report_id: int) -> Report:
    """A report of the moderator's network (404 for any other, as for one that does not exist)."""
    found = (
        Report.objects.filter(pk=report_id, network_id=moderator.network_id)
        .select_related("author", "reporter", "decided_by")
        .first()
    )
    if found is None or not moderator.is_moderator:
        raise Http404(NOT_FOUND)
    return found


def item_history(moderator: Membership, report: Report) -> list[Report]:
    """Every report of the same item, in this network, oldest first (one query)."""
    return list(
        Report.objects.filter(network_id=moderator.network_id, kind=report.kind, object_id=report.object_id)
        .select_related("reporter", "decided_by")
        .order_by("created_at", "id")
    )


def author_record(moderator: Membership, author: Membership) -> dict:
    """The author's record in this network only (never another: a persona is all moderators know of
    a person): reports about them by outcome, the decisions taken, and a suspension running now."""
    from django.utils import timezone

    counts = Report.objects.filter(network_id=moderator.network_id, author=author).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Report.Status.OPEN)),
        actioned=Count("id", filter=Q(status=Report.Status.ACTIONED)),
        dismissed=Count("id", filter=Q(status=Report.Status.DISMISSED)),
    )
    decisions = list(
        Decision.objects.filter(network_id=moderator.network_id, author=author)
        .select_related("moderator")
        .order_by("-created_at", "-id")[:20]
    )
    suspended_until = (
        Suspension.objects.filter(network_id=moderator.network_id, member=author, until__gt=timezone.now())
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )
    return {"counts": counts, "decisions": decisions, "suspended_until": suspended_until}


def reported_item(moderator: Membership, report: Report):
    """The item as it is now (None if deleted since), through its kind's moderator lookup."""
    kind = registry.get(report.kind)
    return kind.find_for_moderator(moderator, report.object_id) if kind else None


def my_notices(member: Membership) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=member, network_id=member.network_id).order_by(
        "-created_at", "-id"
    )


def unread_notices(member: Membership) -> QuerySet[Notice]:
    """The header badge of what the moderators told the member."""
    return Notice.objects.filter(recipient=member, read_at__isnull=True)


def my_open_report(member: Membership, kind: str, object_id: int) -> Report | None:
    return Report.objects.filter(
        reporter=member, kind=kind, object_id=object_id, status=Report.Status.OPEN
    ).first()


def watched_words(admin: Membership):
    from entrepairs.moderation.models import WatchedWord

    return WatchedWord.objects.filter(network_id=admin.network_id).order_by("word")


def get_watched_word_or_404(admin: Membership, word_id: int):
    found = watched_words(admin).filter(pk=word_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def member_for_moderator(moderator: Membership, member_id: int) -> Membership | None:
    """A reported profile of the moderator's network, in any status."""
    return (
        Membership.objects.filter(pk=member_id, network_id=moderator.network_id)
        .select_related("network")
        .first()
    )


def _settings_row(network_id) -> QuerySet:
    from entrepairs.moderation.models import ModerationSettings

    return ModerationSettings.objects.filter(network_id=network_id).order_by("pk")[:1]


# Read by every thread page (who may add an expert note) and every post (first posts held, crisis
# lines): compiled once (entrepairs/prepared.py).
_settings_statement = Prepared(_settings_row, ("int",))


def settings_for(network):
    """The network's moderation settings, or an unsaved row with the defaults (reading never writes)."""
    from entrepairs.moderation.models import ModerationSettings

    found = _settings_statement.first(network.pk) if network.pk is not None else None
    return found or ModerationSettings(network=network)


def network_watched_words(network_id: int):
    """The words a network watches, for screening what its members publish (one query)."""
    from entrepairs.moderation.models import WatchedWord

    return WatchedWord.objects.filter(network_id=network_id).only("word", "action", "replacement")


def first_posts_needing_approval(network) -> int:
    return settings_for(network).first_posts_needing_approval


def is_expert(member: Membership) -> bool:
    """An expert of a patient network that admits them (moderation settings): a member whose account
    holds a profession verified now. Experts may attach sourced notes to posts."""
    from django.utils import timezone

    from entrepairs.professionals.models import Qualification

    if not member.network.is_patient_network or not settings_for(member.network).admit_experts:
        return False
    now = timezone.now()
    return Qualification.objects.filter(
        Q(verified_until__isnull=True) | Q(verified_until__gt=now),
        user_id=member.user_id,
        status=Qualification.Status.VERIFIED,
    ).exists()


def publishing_annotations(network_id: int, now, prefix: str = "") -> dict:
    """For a statement that runs anyway when a member publishes (the websocket's participant row):
    when their suspension ends (None: not suspended) and whether their network watches any word, as
    scalar subqueries, so that a message sent over the socket pays no statement for moderation in a
    network without watched words. `now` is an argument (not read here) so that the statement can be
    compiled once (entrepairs/prepared.py)."""
    from django.db.models import Exists, OuterRef, Subquery

    from entrepairs.moderation.models import WatchedWord

    running = (
        Suspension.objects.filter(member=OuterRef(f"{prefix}member_id"), until__gt=now)
        .order_by("-until")
        .values("until")[:1]
    )
    return {
        "suspended_until": Subquery(running),
        "watches_words": Exists(WatchedWord.objects.filter(network_id=network_id)),
    }
