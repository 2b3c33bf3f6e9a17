"""What moderation does for the members' rights (registered in apps.py with rights.registry): erasing
what a persona wrote or is told in moderation, exporting it, and the network's log retention.

Moderation registers with rights, never the other way round: rights (erasure, export, retention) knows
moderation only through its registry, as it knows the features (docs/architecture.md).

Erasure and consent withdrawal of a persona (`erase_member_moderation`):
- reports they made stay for the moderators (the reported content may still need a decision), but
  lose their note (their words) and their reporter: a report of an erased reporter reads "a member",
  like any report, so erasing a reporter tells nobody who reported, nor that they left;
- reports and automatic flags (crisis, watched words, first posts) about their content or profile go:
  they hold the persona's own words (the snapshot) and the reporters' notes about them;
- decisions about them stay for the network's record (and the audit entries naming them), signed
  "deleted member", without the reason told to them nor the original of an edited-out text;
- decisions they took as a moderator stay, signed "deleted member" (the audit keeps the fact);
- notices addressed to them go.
Suspensions carry no text: on erasure they go with the persona; after a consent withdrawal the
persona's standing (and so its suspension) stays."""

from datetime import timedelta

from entrepairs.moderation.models import Decision, Notice, Report
from entrepairs.networks.models import Membership
from entrepairs.outbox import services as outbox
from entrepairs.rights.registry import ExportPart


def end_membership(member: Membership) -> None:
    """The email of moderation notices decided for the persona and not sent yet goes when its
    membership ends: a removal or ban is told by its own email (networks.lifecycle_notices)."""
    outbox.forget_pending(f"notices:{member.pk}:")


def erase_member_moderation(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    network_id = member.network_id
    Report.objects.filter(network_id=network_id, reporter=member).update(reporter=None, note="")
    Report.objects.filter(network_id=network_id, author=member).delete()
    Decision.objects.filter(network_id=network_id, author=member).update(
        author=ghost, reason="", original_text=""
    )
    Decision.objects.filter(network_id=network_id, moderator=member).update(moderator=ghost)
    Notice.objects.filter(network_id=network_id, recipient=member).delete()


def export_member_moderation(user) -> ExportPart:
    """The reports the account made (with its own notes) and the notices it received. Never who
    reported the account's content: reports about it are not exported (the notices say what was
    decided and why), nor their reporters or notes."""
    part = ExportPart()
    reports = (
        Report.objects.filter(reporter__user=user)
        .select_related("network")
        .order_by("network_id", "created_at", "id")
    )
    part.sections["moderation.reports_made"] = [
        {
            "network": report.network.name,
            "id": report.pk,
            "item_kind": report.kind,
            "reason": report.reason,
            "note": report.note,
            "created_at": report.created_at.isoformat(),
            "status": report.status,
            "outcome": report.outcome,
        }
        for report in reports
    ]
    notices = (
        Notice.objects.filter(recipient__user=user)
        .select_related("network")
        .order_by("network_id", "created_at", "id")
    )
    part.sections["moderation.notices"] = [
        {
            "network": notice.network.name,
            "kind": notice.kind,
            "action": notice.action,
            "item_kind": notice.item_kind,
            "reason": notice.reason,
            "created_at": notice.created_at.isoformat(),
            "read": notice.read_at is not None,
        }
        for notice in notices
    ]
    return part


def apply_retention(network, retention, now) -> dict[str, int]:
    """Notices (what members were told) are logs: they follow the network's log retention. The
    original of an edited-out text is kept for the audit only: it follows the audit retention."""
    done = {}
    if retention.logs_days:
        cutoff = now - timedelta(days=retention.logs_days)
        deleted, _by_model = Notice.objects.filter(network=network, created_at__lt=cutoff).delete()
        done["moderation_notices"] = deleted
    if retention.audit_days:
        cutoff = now - timedelta(days=retention.audit_days)
        done["edited_out_originals"] = (
            Decision.objects.filter(network=network, created_at__lt=cutoff)
            .exclude(original_text="")
            .update(original_text="")
        )
    return done
