"""Networks, memberships and personas. Reads through networks.access, writes through services."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from entrepairs.api.auth import SIGNED_IN, SIGNED_IN_OR_ANONYMOUS
from entrepairs.api.schemas import (
    ErrorOut,
    JoinIn,
    MemberOut,
    MemberPage,
    MembershipOut,
    NetworkOut,
    PersonaPatch,
    Suggestion,
)
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, services
from entrepairs.networks.pagination import keyset_page

router = Router(tags=["networks"])
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    410: ErrorOut,
    429: ErrorOut,
}


def _network_out(network, my_membership=None) -> dict:
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


def _membership_out(membership) -> dict:
    return {
        "id": membership.pk,
        "network": membership.network.slug,
        "network_name": membership.network.name,
        "display_name": membership.display_name,
        "bio": membership.bio,
        "role": membership.role,
        "status": membership.status,
        "member_type": membership.member_type,
        "badge": membership.qualification.badge if membership.qualification_id else None,
        "joined_at": membership.joined_at,
    }


def _member_out(membership) -> dict:
    return {
        "id": membership.pk,
        "display_name": membership.display_name,
        "role": membership.role,
        "member_type": membership.member_type,
        "badge": membership.qualification.badge if membership.qualification_id else None,
        "joined_at": membership.joined_at,
    }


@router.get(
    "/networks", response={200: list[NetworkOut], **ERRORS}, auth=SIGNED_IN_OR_ANONYMOUS, operation_id="list_networks",
    summary="Networks open to new members, and the caller's own",
)  # fmt: skip
def list_networks(request: HttpRequest):
    mine = {m.network_id: m for m in access.my_memberships(request.auth)}
    listed = access.listed_networks().values_list("id", flat=True)
    networks = access.with_member_counts(
        access.visible_networks_for(request.auth, mine.keys(), listed)
    ).order_by("name")
    return [_network_out(network, mine.get(network.id)) for network in networks]


@router.get(
    "/networks/{slug}", response={200: NetworkOut, **ERRORS}, auth=SIGNED_IN_OR_ANONYMOUS, operation_id="get_network",
    summary="One network (listed, or one the caller belongs to)",
)  # fmt: skip
def get_network(request: HttpRequest, slug: str):
    network = access.get_discoverable_network_or_404(request.auth, slug)
    network = access.get_network_with_counts(network)
    return _network_out(network, access.own_membership(request.auth, network))


@router.get(
    "/networks/{slug}/pseudonym-suggestion", response={200: Suggestion, **ERRORS}, auth=SIGNED_IN,
    operation_id="suggest_pseudonym", summary="A free pseudonym for joining this network",
)  # fmt: skip
def suggest_pseudonym(request: HttpRequest, slug: str):
    network = access.get_discoverable_network_or_404(request.auth, slug)
    return {"display_name": services.suggest_display_name(network)}


@router.post(
    "/networks/{slug}/join", response={201: MembershipOut, **ERRORS}, auth=SIGNED_IN, operation_id="join_network",
    summary="Join (open), ask to join (approval) or join with an invitation token",
)  # fmt: skip
def join_network(request: HttpRequest, slug: str, payload: JoinIn):
    if payload.invitation_token:
        # An invitation opens even an invitation-only network; it must be for this very network.
        network = services.resolve_invitation(payload.invitation_token).network
        if network.slug != slug:
            raise ActionRefused("invalid_invitation", _("This invitation link is not valid."), status=404)
    else:
        network = access.get_discoverable_network_or_404(request.auth, slug)
    membership = services.join_network(
        request.auth,
        network,
        display_name=payload.display_name,
        member_type=payload.member_type,
        consent_given=payload.consent,
        invitation_token=payload.invitation_token,
        request_message=payload.message,
    )
    return Status(201, _membership_out(membership))


@router.post(
    "/networks/{slug}/leave", response={204: None, **ERRORS}, auth=SIGNED_IN, operation_id="leave_network",
    summary="Leave the network (withdraws the health-data consent)",
)  # fmt: skip
def leave_network(request: HttpRequest, slug: str):
    services.leave_network(access.get_membership_or_404(request.auth, slug))
    return Status(204, None)


@router.get(
    "/me/memberships", response={200: list[MembershipOut], **ERRORS}, auth=SIGNED_IN,
    operation_id="my_memberships", summary="The caller's memberships (personas) in every network",
)  # fmt: skip
def my_memberships(request: HttpRequest):
    memberships = access.my_memberships(request.auth).select_related(
        "qualification__profession", "qualification__specialty"
    )
    return [_membership_out(m) for m in memberships]


@router.get(
    "/networks/{slug}/persona", response={200: MembershipOut, **ERRORS}, auth=SIGNED_IN,
    operation_id="get_persona", summary="My persona in this network",
)  # fmt: skip
def get_persona(request: HttpRequest, slug: str):
    return _membership_out(access.get_membership_or_404(request.auth, slug))


@router.patch(
    "/networks/{slug}/persona", response={200: MembershipOut, **ERRORS}, auth=SIGNED_IN,
    operation_id="update_persona", summary="Change my display name or bio in this network",
)  # fmt: skip
def update_persona(request: HttpRequest, slug: str, payload: PersonaPatch):
    member = access.get_membership_or_404(request.auth, slug)
    services.update_persona(
        member,
        display_name=payload.display_name if payload.display_name is not None else member.display_name,
        bio=payload.bio if payload.bio is not None else member.bio,
    )
    return _membership_out(member)


class MemberQuery(Schema):
    cursor: str | None = None
    limit: int = 50


@router.get(
    "/networks/{slug}/members", response={200: MemberPage, **ERRORS}, auth=SIGNED_IN,
    operation_id="list_members", summary="Members of a network (members only): pseudonyms and badges",
)  # fmt: skip
def list_members(request: HttpRequest, slug: str, query: Query[MemberQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    limit = min(max(query.limit, 1), settings.API_MEMBER_PAGE_MAX)
    items, next_cursor = keyset_page(
        access.visible_members(member), sort_field="sort_name", cursor=query.cursor, limit=limit
    )
    return {"items": [_member_out(m) for m in items], "next_cursor": next_cursor}


__all__ = ["router", "MemberOut"]
