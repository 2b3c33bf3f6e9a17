"""Members' rights for push (registered with entrepairs.rights.registry): a persona erased or
withdrawing its consent loses its notification settings and collapse rows; the account's export
lists its devices (a coarse name and a date: never the push service's address nor the keys) and
each persona's settings. An account's devices go with the account (its rows cascade)."""

from entrepairs.networks.models import Membership
from entrepairs.push.models import Preference, Pushed, Subscription
from entrepairs.rights.registry import ExportPart


def erase_member_push(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    Preference.objects.filter(network_id=member.network_id, member=member).delete()
    Pushed.objects.filter(network_id=member.network_id, member=member).delete()


def export_member_push(user) -> ExportPart:
    part = ExportPart()
    part.sections["push.devices"] = [
        {"device": device.label, "registered_at": device.created_at.isoformat()}
        for device in Subscription.objects.filter(user=user).order_by("created_at", "id")
    ]
    part.sections["push.settings"] = [
        {
            "network": preference.member.network.name,
            "muted_kinds": list(preference.muted_kinds or []),
            "show_sender": preference.show_sender,
            "quiet_from": preference.quiet_from.isoformat() if preference.quiet_from else None,
            "quiet_until": preference.quiet_until.isoformat() if preference.quiet_until else None,
        }
        for preference in Preference.objects.filter(member__user=user)
        .select_related("member__network")
        .order_by("network_id", "id")
    ]
    return part
