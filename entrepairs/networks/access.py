"""The access layer: every read of network-owned data goes through here (or an app's queries.py
calling it). Views, the API, and later search, notifications and websockets share these functions.

Rule: whoever is not an active member of a network gets Http404 for anything inside it, exactly
as for an id that does not exist, so that the existence of private objects never leaks."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower, TruncDate
from django.http import Http404
from django.utils import timezone

from entrepairs.networks.models import Invitation, Membership, Network

NOT_FOUND = "Not found"


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def listed_networks() -> QuerySet[Network]:
    """Networks a visitor may discover: active and not invitation-only."""
    return Network.objects.filter(is_active=True).exclude(join_policy=Network.JoinPolicy.INVITE)


# The statuses in which a network stays known to the account: its members and those waiting for an
# answer. A refused, departed, removed or banned account is back to a visitor's view: an unlisted
# network disappears from its lists and its about/join pages answer 404, as for any other visitor.
CURRENT_STATUSES = (Membership.Status.ACTIVE, Membership.Status.PENDING)


def my_memberships(user) -> QuerySet[Membership]:
    """The account's current memberships (active or pending), with their network (one query)."""
    if not _authenticated(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, network__is_active=True, status__in=CURRENT_STATUSES)
        .select_related("network")
        .order_by("network__name")
    )


def my_active_memberships(user) -> QuerySet[Membership]:
    return my_memberships(user).filter(status=Membership.Status.ACTIVE)


def get_discoverable_network_or_404(user, slug: str) -> Network:
    """The 'about and join' view of a network: listed networks, or one the account currently belongs to
    (active or pending; see CURRENT_STATUSES). Invitation links reach the others (`resolve_invitation`)."""
    network = Network.objects.filter(slug=slug, is_active=True).first()
    if network is None:
        raise Http404(NOT_FOUND)
    if network.is_listed:
        return network
    if _authenticated(user) and network.memberships.filter(user=user, status__in=CURRENT_STATUSES).exists():
        return network
    raise Http404(NOT_FOUND)


def get_membership_or_404(user, slug: str) -> Membership:
    """The account's active membership in the network `slug`, with the network loaded."""
    if not _authenticated(user):
        raise Http404(NOT_FOUND)
    membership = (
        # The account comes along (a join, no query): services check its two-factor authentication
        # when a moderator power is used (accounts/mfa.py require_mfa_for_role).
        Membership.objects.select_related(
            "network", "user", "qualification__profession", "qualification__specialty"
        )
        .filter(user=user, network__slug=slug, network__is_active=True, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        raise Http404(NOT_FOUND)
    if membership.network.kind == Network.Kind.PROFESSIONALS:
        _require_current_verification(membership)
    return membership


class VerificationLapsed(PermissionDenied):
    """A professional whose verification lapsed keeps their membership and content but cannot enter
    until verified again."""


def _require_current_verification(membership: Membership) -> None:
    qualification = membership.qualification
    if qualification is not None and qualification.is_valid_at(timezone.now()):
        return  # the common case costs no query: the qualification came with the membership
    # networks.services reaches this module (through privacy.services): a local import breaks the
    # cycle.
    from entrepairs.networks.services import admitting_qualification

    renewed = admitting_qualification(membership.user, membership.network)
    if renewed is None:
        raise VerificationLapsed
    membership.qualification = renewed
    membership.save(update_fields=["qualification"])


def get_moderator_membership_or_404(user, slug: str) -> Membership:
    """Non-members get 404; members without a moderator role get 403 (they know the network exists)."""
    membership = get_membership_or_404(user, slug)
    if not membership.is_moderator:
        raise PermissionDenied
    return membership


def get_admin_membership_or_404(user, slug: str) -> Membership:
    membership = get_membership_or_404(user, slug)
    if not membership.is_admin:
        raise PermissionDenied
    return membership


def visible_members(member: Membership) -> QuerySet[Membership]:
    """Active personas of the member's network, ordered for keyset pagination (name, id)."""
    return (
        Membership.objects.filter(network_id=member.network_id, status=Membership.Status.ACTIVE)
        .select_related("qualification__profession", "qualification__specialty")
        .annotate(sort_name=Lower("display_name"))
        .order_by("sort_name", "id")
    )


def get_member_or_404(member: Membership, membership_id: int) -> Membership:
    found = visible_members(member).filter(pk=membership_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def pending_requests(moderator: Membership) -> QuerySet[Membership]:
    """Oldest day first. Within a day the order is the random id's: the exact moment of a request is
    never shown, even in a cursor (requests to two networks a moment apart would pair them)."""
    return (
        Membership.objects.filter(network_id=moderator.network_id, status=Membership.Status.PENDING)
        .annotate(requested_on=TruncDate("requested_at"))
        .order_by("requested_on", "id")
    )


def get_pending_request_or_404(moderator: Membership, membership_id: int) -> Membership:
    found = pending_requests(moderator).filter(pk=membership_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def network_invitations(moderator: Membership):
    return Invitation.objects.filter(network_id=moderator.network_id).select_related("created_by")


def get_invitation_or_404(moderator: Membership, invitation_id: int):
    found = network_invitations(moderator).filter(pk=invitation_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def require_operator(user) -> None:
    """Operator pages are invisible (404) to everyone but platform staff."""
    if not (_authenticated(user) and user.is_staff):
        raise Http404(NOT_FOUND)


def with_member_counts(networks: QuerySet[Network]) -> QuerySet[Network]:
    """Networks with `member_count` and their admitted professions/specialties, in constant queries."""
    return networks.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    ).prefetch_related("professions", "specialties")


def network_moderators(member: Membership) -> QuerySet[Membership]:
    return visible_members(member).filter(role__in=[Membership.Role.MODERATOR, Membership.Role.ADMIN])


def active_member_count(network: Network) -> int:
    return Membership.objects.filter(network=network, status=Membership.Status.ACTIVE).count()


def persona_row(member: Membership) -> QuerySet[Membership]:
    """The persona's own row as a one-row queryset: per-persona figures (the header's unread badges,
    networks/header.py) hang on it as scalar subqueries, so that they cost one query together."""
    return Membership.objects.filter(pk=member.pk)


def own_membership(user, network: Network) -> Membership | None:
    """The account's membership row in `network` in any status (for the about/join pages)."""
    if not _authenticated(user):
        return None
    return Membership.objects.filter(user=user, network=network).first()


def get_invitation_by_token_or_refuse(token: str):
    """The network behind an invitation link (even invitation-only), or ActionRefused."""
    # networks.services reaches this module (through privacy.services): a local import breaks the
    # cycle.
    from entrepairs.networks.services import resolve_invitation

    return resolve_invitation(token)


def operator_networks(user) -> QuerySet[Network]:
    """Every network, for platform staff only (404 for anyone else)."""
    require_operator(user)
    return with_member_counts(Network.objects.all()).order_by("name")


def visible_networks_for(user, my_network_ids, listed_ids) -> QuerySet[Network]:
    """Listed networks plus the account's current ones (`my_memberships`), for the API directory."""
    return Network.objects.filter(Q(id__in=listed_ids) | Q(id__in=list(my_network_ids)), is_active=True)


def get_network_with_counts(network: Network) -> Network:
    return with_member_counts(Network.objects.filter(pk=network.pk)).get()


def ended_members(moderator: Membership) -> QuerySet[Membership]:
    """Removed and banned personas of the moderator's network, most recent first (keyset on
    left_at, id): the moderators' record of who was ended, why, by whom and until when."""
    return (
        Membership.objects.filter(
            network_id=moderator.network_id, status__in=[Membership.Status.REMOVED, Membership.Status.BANNED]
        )
        .select_related("ended_by")
        .order_by("-left_at", "-id")
    )


def get_ended_member_or_404(moderator: Membership, membership_id: int) -> Membership:
    found = ended_members(moderator).filter(pk=membership_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found
