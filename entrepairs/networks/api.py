"""The networks API: the directory, joining and leaving, my persona and the member list (`router`), the
caller's memberships across networks (`me_router`), and the moderators' tools (`moderation_router`).

Reads go through networks.access, writes through networks.services and networks.lifecycle; handlers
only parse, call and shape (networks/api_outputs.py). Moderation has the same gates as the pages:
non-members get 404, members without the role 403, and the role requires two-factor authentication
(a token does not bypass what the session would be asked for). An operation's description is its
handler's docstring."""

from datetime import date, datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.api.auth import OPEN_TO_VISITORS, SIGNED_IN, SIGNED_IN_OR_ANONYMOUS
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PageQuery, PathId, page_limit
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, lifecycle, services
from entrepairs.networks.api_outputs import (
    ended_member_out,
    invitation_out,
    join_request_out,
    member_out,
    membership_out,
    network_out,
)
from entrepairs.networks.api_schemas import (
    BanIn,
    EndedMemberOut,
    EndedMemberPage,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    JoinIn,
    JoinRequestOut,
    JoinRequestPage,
    MemberOut,
    MemberPage,
    MembershipOut,
    NetworkOut,
    NewInvitationOut,
    PersonaPatch,
    RemoveIn,
    RoleIn,
    Suggestion,
)
from entrepairs.networks.models import Membership
from entrepairs.sorting import by_name
from entrepairs.web.pagination import keyset_page

router = Router(tags=["networks"], auth=SIGNED_IN)
me_router = Router(tags=["me"], auth=SIGNED_IN)
moderation_router = Router(tags=["moderation"], auth=SIGNED_IN)

ERRORS = error_responses(400, 409, 410, 422)
PUBLISHING_ERRORS = error_responses(400, 409, 410, publishing=True)


# --- The directory, joining and leaving ----------------------------------------------------------
@router.get(
    "/networks",
    response={200: list[NetworkOut], **ERRORS},
    auth=SIGNED_IN_OR_ANONYMOUS,
    openapi_extra=OPEN_TO_VISITORS,
    operation_id="list_networks",
    summary="Networks open to new members, and the caller's own",
)
def list_networks(request: HttpRequest):
    mine = {m.network_id: m for m in access.my_memberships(request.auth)}
    listed = access.listed_networks().values_list("id", flat=True)
    networks = access.with_member_counts(
        access.visible_networks_for(request.auth, mine.keys(), listed)
    ).order_by(by_name("name"), "id")
    return [network_out(network, mine.get(network.id)) for network in networks]


@router.get(
    "/networks/{slug}",
    response={200: NetworkOut, **ERRORS},
    auth=SIGNED_IN_OR_ANONYMOUS,
    openapi_extra=OPEN_TO_VISITORS,
    operation_id="get_network",
    summary="One network (listed, or one the caller belongs to)",
)
def get_network(request: HttpRequest, slug: str):
    network = access.get_discoverable_network_or_404(request.auth, slug)
    network = access.get_network_with_counts(network)
    return network_out(network, access.own_membership(request.auth, network))


@router.get(
    "/networks/{slug}/pseudonym-suggestion",
    response={200: Suggestion, **ERRORS},
    operation_id="suggest_pseudonym",
    summary="A free pseudonym for joining this network",
)
def suggest_pseudonym(request: HttpRequest, slug: str):
    network = access.get_discoverable_network_or_404(request.auth, slug)
    return {"display_name": services.suggest_display_name(network)}


@router.post(
    "/networks/{slug}/join",
    response={201: MembershipOut, **error_responses(400, 409, 410, publishing=True)},
    operation_id="join_network",
    summary="Join (open), ask to join (approval) or join with an invitation token",
)
def join_network(request: HttpRequest, slug: str, payload: JoinIn):
    """Patient networks require `consent: true` (recorded with its text version). Invitation-only
    networks are joinable only with a valid `invitation_token` for that network."""
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
        confirm_privacy=payload.confirm_privacy,
    )
    return Status(201, membership_out(membership))


@router.post(
    "/networks/{slug}/leave",
    response={204: None, **ERRORS},
    operation_id="leave_network",
    summary="Leave the network (withdraws the health-data consent)",
)
def leave_network(request: HttpRequest, slug: str):
    services.leave_network(access.get_membership_or_404(request.auth, slug))
    return Status(204, None)


# --- My persona and the members ------------------------------------------------------------------
@router.get(
    "/networks/{slug}/persona",
    response={200: MembershipOut, **ERRORS},
    operation_id="get_persona",
    summary="My persona in this network",
)
def get_persona(request: HttpRequest, slug: str):
    return membership_out(access.get_membership_or_404(request.auth, slug))


@router.patch(
    "/networks/{slug}/persona",
    response={200: MembershipOut, **PUBLISHING_ERRORS},
    operation_id="update_persona",
    summary="Change my display name or bio in this network",
)
def update_persona(request: HttpRequest, slug: str, payload: PersonaPatch):
    """Only `display_name`, `bio` and `confirm_privacy`; any other field (role, status...) is refused
    with 422. Changed fields go through the network's privacy policy: 422 `privacy_blocked` or
    `privacy_confirm_required` (see the API guide)."""
    member = access.get_membership_or_404(request.auth, slug)
    services.update_persona(
        member,
        display_name=payload.display_name if payload.display_name is not None else member.display_name,
        bio=payload.bio if payload.bio is not None else member.bio,
        confirm_privacy=payload.confirm_privacy,
    )
    return membership_out(member)


@router.get(
    "/networks/{slug}/members",
    response={200: MemberPage, **ERRORS},
    operation_id="list_members",
    summary="Members of a network (members only): pseudonyms and badges",
)
def list_members(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Keyset pagination by display name: pass `next_cursor` back as `cursor`."""
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        access.visible_members(member),
        sort_field="sort_name",
        cursor=query.cursor,
        limit=page_limit(query.limit),
    )
    return {"items": [member_out(m) for m in items], "next_cursor": next_cursor}


# --- Me ------------------------------------------------------------------------------------------
@me_router.get(
    "/me/memberships",
    response={200: list[MembershipOut], **ERRORS},
    operation_id="my_memberships",
    summary="The caller's memberships (personas) in every network",
)
def my_memberships(request: HttpRequest):
    """Active and pending memberships; refused, left, removed and banned ones are not listed."""
    memberships = access.my_memberships(request.auth).select_related(
        "qualification__profession", "qualification__specialty"
    )
    return [membership_out(m) for m in memberships]


# --- Moderation: join requests -------------------------------------------------------------------
def _moderator(request: HttpRequest, slug: str) -> Membership:
    """Two-factor authentication is checked after the role, so that non-members still get their 404.
    Reads (the lists) need it here; writes are refused by their services too (accounts/mfa.py), in
    the same words."""
    moderator = access.get_moderator_membership_or_404(request.auth, slug)
    require_mfa_for_role(moderator)
    return moderator


def _admin(request: HttpRequest, slug: str) -> Membership:
    admin = access.get_admin_membership_or_404(request.auth, slug)
    require_mfa_for_role(admin)
    return admin


@moderation_router.get(
    "/networks/{slug}/requests",
    response={200: JoinRequestPage, **ERRORS},
    operation_id="list_join_requests",
    summary="Pending requests to join (moderators)",
)
def list_join_requests(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Oldest first, keyset pagination: pass `next_cursor` back as `cursor`."""
    moderator = _moderator(request, slug)
    items, next_cursor = keyset_page(
        access.pending_requests(moderator).select_related(
            "qualification__profession", "qualification__specialty"
        ),
        sort_field="requested_on",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        parse=date.fromisoformat,
    )
    return {"items": [join_request_out(m) for m in items], "next_cursor": next_cursor}


@moderation_router.post(
    "/networks/{slug}/requests/{request_id}/approve",
    response={200: JoinRequestOut, **ERRORS},
    operation_id="approve_join_request",
    summary="Accept a request to join (moderators)",
)
def approve_join_request(request: HttpRequest, slug: str, request_id: PathId):
    moderator = _moderator(request, slug)
    pending = access.get_pending_request_or_404(moderator, request_id)
    return join_request_out(services.approve_request(moderator, pending))


@moderation_router.post(
    "/networks/{slug}/requests/{request_id}/refuse",
    response={200: JoinRequestOut, **ERRORS},
    operation_id="refuse_join_request",
    summary="Refuse a request to join (moderators)",
)
def refuse_join_request(request: HttpRequest, slug: str, request_id: PathId):
    moderator = _moderator(request, slug)
    pending = access.get_pending_request_or_404(moderator, request_id)
    return join_request_out(services.refuse_request(moderator, pending))


# --- Moderation: invitations ---------------------------------------------------------------------
@moderation_router.get(
    "/networks/{slug}/invitations",
    response={200: InvitationPage, **ERRORS},
    operation_id="list_invitations",
    summary="Invitation links of the network (moderators)",
)
def list_invitations(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Newest first, keyset pagination. Tokens are never shown again after creation."""
    moderator = _moderator(request, slug)
    items, next_cursor = keyset_page(
        access.network_invitations(moderator).order_by("-created_at", "-id"),
        sort_field="created_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {"items": [invitation_out(i) for i in items], "next_cursor": next_cursor}


@moderation_router.post(
    "/networks/{slug}/invitations",
    response={201: NewInvitationOut, **ERRORS},
    operation_id="create_invitation",
    summary="Create an invitation link (moderators)",
)
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn):
    """The response carries the raw `token` and its `url` once: only a hash is stored."""
    moderator = _moderator(request, slug)
    invitation, token = services.create_invitation(
        moderator, days=payload.days, max_uses=payload.max_uses, note=payload.note
    )
    invitation.created_by = moderator  # already loaded: no query to name the author
    url = request.build_absolute_uri(reverse("invitation", kwargs={"token": token}))
    return Status(201, {**invitation_out(invitation), "token": token, "url": url})


@moderation_router.post(
    "/networks/{slug}/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, **ERRORS},
    operation_id="revoke_invitation",
    summary="Revoke an invitation link (moderators)",
)
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: PathId):
    moderator = _moderator(request, slug)
    invitation = access.get_invitation_or_404(moderator, invitation_id)
    services.revoke_invitation(moderator, invitation)
    return invitation_out(invitation)


# --- Moderation: roles ---------------------------------------------------------------------------
@moderation_router.put(
    "/networks/{slug}/members/{member_id}/role",
    response={200: MemberOut, **ERRORS},
    operation_id="set_member_role",
    summary="Give a member a role (administrators)",
)
def set_member_role(request: HttpRequest, slug: str, member_id: PathId, payload: RoleIn):
    """A network keeps at least one administrator (409 `last_admin`)."""
    admin = _admin(request, slug)
    target = access.get_member_or_404(admin, member_id)
    return member_out(services.set_role(admin, target, payload.role))


# --- Moderation: ending memberships --------------------------------------------------------------
@moderation_router.post(
    "/networks/{slug}/members/{member_id}/remove",
    response={200: EndedMemberOut, **ERRORS},
    operation_id="remove_member",
    summary="Remove a member from the network (moderators)",
)
def remove_member(request: HttpRequest, slug: str, member_id: PathId, payload: RemoveIn):
    """Their sockets close, they leave every conversation, they are told by email with the reason.
    Moderators and editors are removed by administrators only; administrators not at all."""
    moderator = _moderator(request, slug)
    target = access.get_member_or_404(moderator, member_id)
    ended = lifecycle.remove_member(moderator, target, reason=payload.reason)
    ended.ended_by = moderator  # already loaded: no query to name who did it
    return ended_member_out(ended)


@moderation_router.post(
    "/networks/{slug}/members/{member_id}/ban",
    response={200: EndedMemberOut, **ERRORS},
    operation_id="ban_member",
    summary="Ban a member (moderators)",
)
def ban_member(request: HttpRequest, slug: str, member_id: PathId, payload: BanIn):
    """As a removal, and the account cannot join or ask to join again before `until` (omitted: for
    good)."""
    moderator = _moderator(request, slug)
    target = access.get_member_or_404(moderator, member_id)
    ended = lifecycle.ban_member(moderator, target, reason=payload.reason, until=payload.until)
    ended.ended_by = moderator
    return ended_member_out(ended)


@moderation_router.delete(
    "/networks/{slug}/bans/{member_id}",
    response={204: None, **ERRORS},
    operation_id="lift_ban",
    summary="Lift a ban (moderators)",
)
def lift_ban(request: HttpRequest, slug: str, member_id: PathId):
    """The account may join or ask to join again; it stays listed as removed."""
    moderator = _moderator(request, slug)
    lifecycle.lift_ban(moderator, access.get_ended_member_or_404(moderator, member_id))
    return Status(204, None)


@moderation_router.get(
    "/networks/{slug}/ended-members",
    response={200: EndedMemberPage, **ERRORS},
    operation_id="list_ended_members",
    summary="Removed and banned members (moderators)",
)
def list_ended_members(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Most recent first, keyset pagination: pass `next_cursor` back as `cursor`."""
    moderator = _moderator(request, slug)
    items, next_cursor = keyset_page(
        access.ended_members(moderator),
        sort_field="left_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {"items": [ended_member_out(m) for m in items], "next_cursor": next_cursor}
