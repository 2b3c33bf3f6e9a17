"""Model → response dict, one function per schema of networks/api_schemas.py. Written out field by
field, so that adding a column to a model never publishes it by accident (no `fields = "__all__"`)."""

from django.utils import timezone


def badge(membership) -> str | None:
    """The persona's verified profession ("Cardiologue vérifié"), never the identifier behind it; the
    one rule of the API's `badge` fields (members, requests, conversation participants).
    `qualification` comes with select_related wherever a list uses this: no query per row."""
    return membership.qualification.badge if membership.qualification_id else None


def network_out(network, my_membership=None) -> dict:
    """`network` comes from access.with_member_counts (member_count, prefetched professions)."""
    return {
        "slug": network.slug,
        "name": network.name,
        "kind": network.kind,
        "description": network.description,
        "language": network.language,
        "theme_color": network.theme_color,
        "join_policy": network.join_policy,
        "allow_relatives": network.allow_relatives,
        "professions": [{"code": p.code, "name": p.name} for p in network.professions.all()],
        "specialties": [{"code": s.code, "name": s.name} for s in network.specialties.all()],
        "member_count": network.member_count,
        "my_membership": {"status": my_membership.status, "role": my_membership.role}
        if my_membership
        else None,
    }


def day_of(moment):
    """Dates that could pair two personas of one account (joining or asking to join two networks a
    few milliseconds apart) are given to the day only."""
    return timezone.localdate(moment) if moment is not None else None


def membership_out(membership) -> dict:
    """The caller's own persona (never someone else's: it carries the bio and status)."""
    return {
        "id": membership.pk,
        "network": membership.network.slug,
        "network_name": membership.network.name,
        "display_name": membership.display_name,
        "bio": membership.bio,
        "role": membership.role,
        "status": membership.status,
        "member_type": membership.member_type,
        "badge": badge(membership),
        "joined_at": day_of(membership.joined_at),
    }


def member_out(membership) -> dict:
    return {
        "id": membership.pk,
        "display_name": membership.display_name,
        "role": membership.role,
        "member_type": membership.member_type,
        "badge": badge(membership),
        "joined_at": day_of(membership.joined_at),
    }


def join_request_out(membership) -> dict:
    return {
        "id": membership.pk,
        "display_name": membership.display_name,
        "member_type": membership.member_type,
        "badge": badge(membership),
        "message": membership.request_message,
        "requested_at": day_of(membership.requested_at),
        "status": membership.status,
    }


def invitation_out(invitation) -> dict:
    return {
        "id": invitation.pk,
        "note": invitation.note,
        "created_by": invitation.created_by.display_name if invitation.created_by_id else None,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "max_uses": invitation.max_uses,
        "use_count": invitation.use_count,
        "revoked_at": invitation.revoked_at,
        "usable": invitation.is_usable(timezone.now()),
    }


def ended_member_out(membership) -> dict:
    return {
        "id": membership.pk,
        "display_name": membership.display_name,
        "status": membership.status,
        "reason": membership.ended_reason,
        "ended_on": timezone.localtime(membership.left_at).date() if membership.left_at else None,
        "ended_by": membership.ended_by.display_name if membership.ended_by_id else None,
        "banned_until": membership.banned_until,
    }
