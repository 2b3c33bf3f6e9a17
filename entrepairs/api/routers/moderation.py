"""Moderators' tools: join requests and invitations; administrators give roles.

Same gates as the pages: non-members get 404, members without the role 403, and the role requires
two-factor authentication (a token does not bypass what the session would be asked for)."""

from datetime import date, datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import ERROR_RESPONSES
from entrepairs.api.outputs import ended_member_out, invitation_out, join_request_out, member_out
from entrepairs.api.routers.networks import PageQuery, page_limit
from entrepairs.api.schemas import (
    BanIn,
    EndedMemberOut,
    EndedMemberPage,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    JoinRequestOut,
    JoinRequestPage,
    MemberOut,
    NewInvitationOut,
    RemoveIn,
    RoleIn,
)
from entrepairs.networks import access, lifecycle, services
from entrepairs.networks.models import Membership
from entrepairs.web.pagination import keyset_page

router = Router(tags=["moderation"])


def _require_mfa(request: HttpRequest, member: Membership) -> Membership:
    """Called after the role check, so that non-members still get their 404. Reads (the lists) need
    it here; writes are refused by their services too (accounts/mfa.py), in the same words."""
    require_mfa_for_role(member)
    return member


def _moderator(request: HttpRequest, slug: str) -> Membership:
    return _require_mfa(request, access.get_moderator_membership_or_404(request.auth, slug))


def _admin(request: HttpRequest, slug: str) -> Membership:
    return _require_mfa(request, access.get_admin_membership_or_404(request.auth, slug))


# --- Join requests -------------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/requests", response={200: JoinRequestPage, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="list_join_requests", summary="Pending requests to join (moderators)",
    description="Oldest first, keyset pagination: pass `next_cursor` back as `cursor`.",
)  # fmt: skip
def list_join_requests(request: HttpRequest, slug: str, query: Query[PageQuery]):
    moderator = _moderator(request, slug)
    items, next_cursor = keyset_page(
        access.pending_requests(moderator).select_related(
            "qualification__profession", "qualification__specialty"
        ),
        sort_field="requested_on",
        cursor=query.cursor,
        limit=page_limit(query),
        parse=date.fromisoformat,
    )
    return {"items": [join_request_out(m) for m in items], "next_cursor": next_cursor}


@router.post(
    "/networks/{slug}/requests/{request_id}/approve", response={200: JoinRequestOut, **ERROR_RESPONSES},
    auth=SIGNED_IN, operation_id="approve_join_request", summary="Accept a request to join (moderators)",
)  # fmt: skip
def approve_join_request(request: HttpRequest, slug: str, request_id: int):
    moderator = _moderator(request, slug)
    pending = access.get_pending_request_or_404(moderator, request_id)
    return join_request_out(services.approve_request(moderator, pending))


@router.post(
    "/networks/{slug}/requests/{request_id}/refuse", response={200: JoinRequestOut, **ERROR_RESPONSES},
    auth=SIGNED_IN, operation_id="refuse_join_request", summary="Refuse a request to join (moderators)",
)  # fmt: skip
def refuse_join_request(request: HttpRequest, slug: str, request_id: int):
    moderator = _moderator(request, slug)
    pending = access.get_pending_request_or_404(moderator, request_id)
    return join_request_out(services.refuse_request(moderator, pending))


# --- Invitations ---------------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/invitations", response={200: InvitationPage, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="list_invitations", summary="Invitation links of the network (moderators)",
    description="Newest first, keyset pagination. Tokens are never shown again after creation.",
)  # fmt: skip
def list_invitations(request: HttpRequest, slug: str, query: Query[PageQuery]):
    moderator = _moderator(request, slug)
    items, next_cursor = keyset_page(
        access.network_invitations(moderator).order_by("-created_at", "-id"),
        sort_field="created_at",
        cursor=query.cursor,
        limit=page_limit(query),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {"items": [invitation_out(i) for i in items], "next_cursor": next_cursor}


@router.post(
    "/networks/{slug}/invitations", response={201: NewInvitationOut, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="create_invitation", summary="Create an invitation link (moderators)",
    description="The response carries the raw `token` and its `url` once: only a hash is stored.",
)  # fmt: skip
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn):
    moderator = _moderator(request, slug)
    invitation, token = services.create_invitation(
        moderator, days=payload.days, max_uses=payload.max_uses, note=payload.note
    )
    invitation.created_by = moderator  # already loaded: no query to name the author
    url = request.build_absolute_uri(reverse("invitation", kwargs={"token": token}))
    return Status(201, {**invitation_out(invitation), "token": token, "url": url})


@router.post(
    "/networks/{slug}/invitations/{invitation_id}/revoke", response={200: InvitationOut, **ERROR_RESPONSES},
    auth=SIGNED_IN, operation_id="revoke_invitation", summary="Revoke an invitation link (moderators)",
)  # fmt: skip
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int):
    moderator = _moderator(request, slug)
    invitation = access.get_invitation_or_404(moderator, invitation_id)
    services.revoke_invitation(moderator, invitation)
    return invitation_out(invitation)


# --- Roles ---------------------------------------------------------------------------------------
@router.put(
    "/networks/{slug}/members/{member_id}/role", response={200: MemberOut, **ERROR_RESPONSES},
    auth=SIGNED_IN, operation_id="set_member_role", summary="Give a member a role (administrators)",
    description="A network keeps at least one administrator (409 `last_admin`).",
)  # fmt: skip
def set_member_role(request: HttpRequest, slug: str, member_id: int, payload: RoleIn):
    admin = _admin(request, slug)
    target = access.get_member_or_404(admin, member_id)
    return member_out(services.set_role(admin, target, payload.role))


# --- Ending memberships --------------------------------------------------------------------------
@router.post(
    "/networks/{slug}/members/{member_id}/remove", response={200: EndedMemberOut, **ERROR_RESPONSES},
    auth=SIGNED_IN, operation_id="remove_member", summary="Remove a member from the network (moderators)",
    description="Their sockets close, they leave every conversation, they are told by email with the "
    "reason. Moderators and editors are removed by administrators only; administrators not at all.",
)  # fmt: skip
def remove_member(request: HttpRequest, slug: str, member_id: int, payload: RemoveIn):
    moderator = _moderator(request, slug)
    target = access.get_member_or_404(moderator, member_id)
    ended = lifecycle.remove_member(moderator, target, reason=payload.reason)
    ended.ended_by = moderator  # already loaded: no query to name who did it
    return ended_member_out(ended)


@router.post(
    "/networks/{slug}/members/{member_id}/ban", response={200: EndedMemberOut, **ERROR_RESPONSES},
    auth=SIGNED_IN, operation_id="ban_member", summary="Ban a member (moderators)",
    description="As a removal, and the account cannot join or ask to join again before `until` "
    "(omitted: for good).",
)  # fmt: skip
def ban_member(request: HttpRequest, slug: str, member_id: int, payload: BanIn):
    moderator = _moderator(request, slug)
    target = access.get_member_or_404(moderator, member_id)
    ended = lifecycle.ban_member(moderator, target, reason=payload.reason, until=payload.until)
    ended.ended_by = moderator
    return ended_member_out(ended)


@router.delete(
    "/networks/{slug}/bans/{member_id}", response={204: None, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="lift_ban", summary="Lift a ban (moderators)",
    description="The account may join or ask to join again; it stays listed as removed.",
)  # fmt: skip
def lift_ban(request: HttpRequest, slug: str, member_id: int):
    moderator = _moderator(request, slug)
    lifecycle.lift_ban(moderator, access.get_ended_member_or_404(moderator, member_id))
    return Status(204, None)


@router.get(
    "/networks/{slug}/ended-members", response={200: EndedMemberPage, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="list_ended_members", summary="Removed and banned members (moderators)",
    description="Most recent first, keyset pagination: pass `next_cursor` back as `cursor`.",
)  # fmt: skip
def list_ended_members(request: HttpRequest, slug: str, query: Query[PageQuery]):
    moderator = _moderator(request, slug)
    items, next_cursor = keyset_page(
        access.ended_members(moderator),
        sort_field="left_at",
        cursor=query.cursor,
        limit=page_limit(query),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {"items": [ended_member_out(m) for m in items], "next_cursor": next_cursor}
