"""The network directory, joining and leaving, my persona, and the member list.

Reads go through networks.access, writes through networks.services; handlers only parse and shape."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from entrepairs.api.auth import SIGNED_IN, SIGNED_IN_OR_ANONYMOUS
from entrepairs.api.errors import ERROR_RESPONSES, PUBLISH_ERROR_RESPONSES
from entrepairs.api.outputs import member_out, membership_out, network_out
from entrepairs.api.schemas import JoinIn, MemberPage, MembershipOut, NetworkOut, PersonaPatch, Suggestion
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, services
from entrepairs.web.pagination import keyset_page

router = Router(tags=["networks"])


class PageQuery(Schema):
    cursor: str | None = Field(default=None, description="next_cursor of the previous page")
    limit: int = Field(default=50, description="1 to 100")


def page_limit(query: PageQuery) -> int:
    # Out-of-range limits are clamped rather than refused: a client asking for 1000 gets 100.
    return min(max(query.limit, 1), settings.API_MEMBER_PAGE_MAX)


@router.get(
    "/networks", response={200: list[NetworkOut], **ERROR_RESPONSES}, auth=SIGNED_IN_OR_ANONYMOUS,
    operation_id="list_networks", summary="Networks open to new members, and the caller's own",
)  # fmt: skip
def list_networks(request: HttpRequest):
    mine = {m.network_id: m for m in access.my_memberships(request.auth)}
    listed = access.listed_networks().values_list("id", flat=True)
    networks = access.with_member_counts(
        access.visible_networks_for(request.auth, mine.keys(), listed)
    ).order_by("name")
    return [network_out(network, mine.get(network.id)) for network in networks]


@router.get(
    "/networks/{slug}", response={200: NetworkOut, **ERROR_RESPONSES}, auth=SIGNED_IN_OR_ANONYMOUS,
    operation_id="get_network", summary="One network (listed, or one the caller belongs to)",
)  # fmt: skip
def get_network(request: HttpRequest, slug: str):
    network = access.get_discoverable_network_or_404(request.auth, slug)
    network = access.get_network_with_counts(network)
    return network_out(network, access.own_membership(request.auth, network))


@router.get(
    "/networks/{slug}/pseudonym-suggestion", response={200: Suggestion, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="suggest_pseudonym", summary="A free pseudonym for joining this network",
)  # fmt: skip
def suggest_pseudonym(request: HttpRequest, slug: str):
    network = access.get_discoverable_network_or_404(request.auth, slug)
    return {"display_name": services.suggest_display_name(network)}


@router.post(
    "/networks/{slug}/join", response={201: MembershipOut, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="join_network", summary="Join (open), ask to join (approval) or join with an invitation token",
    description="Patient networks require `consent: true` (recorded with its text version). "
    "Invitation-only networks are joinable only with a valid `invitation_token` for that network.",
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
    return Status(201, membership_out(membership))


@router.post(
    "/networks/{slug}/leave", response={204: None, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="leave_network", summary="Leave the network (withdraws the health-data consent)",
)  # fmt: skip
def leave_network(request: HttpRequest, slug: str):
    services.leave_network(access.get_membership_or_404(request.auth, slug))
    return Status(204, None)


@router.get(
    "/networks/{slug}/persona", response={200: MembershipOut, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="get_persona", summary="My persona in this network",
)  # fmt: skip
def get_persona(request: HttpRequest, slug: str):
    return membership_out(access.get_membership_or_404(request.auth, slug))


@router.patch(
    "/networks/{slug}/persona", response={200: MembershipOut, **PUBLISH_ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="update_persona", summary="Change my display name or bio in this network",
    description="Only `display_name`, `bio` and `confirm_privacy`; any other field (role, status...) is "
    "refused with 422. Changed fields go through the network's privacy policy: 422 `privacy_blocked` or "
    "`privacy_confirm_required` (see the API guide).",
)  # fmt: skip
def update_persona(request: HttpRequest, slug: str, payload: PersonaPatch):
    member = access.get_membership_or_404(request.auth, slug)
    services.update_persona(
        member,
        display_name=payload.display_name if payload.display_name is not None else member.display_name,
        bio=payload.bio if payload.bio is not None else member.bio,
        confirm_privacy=payload.confirm_privacy,
    )
    return membership_out(member)


@router.get(
    "/networks/{slug}/members", response={200: MemberPage, **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="list_members", summary="Members of a network (members only): pseudonyms and badges",
    description="Keyset pagination by display name: pass `next_cursor` back as `cursor`.",
)  # fmt: skip
def list_members(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        access.visible_members(member), sort_field="sort_name", cursor=query.cursor, limit=page_limit(query)
    )
    return {"items": [member_out(m) for m in items], "next_cursor": next_cursor}
