"""The caller's own memberships across networks."""

from django.http import HttpRequest
from ninja import Router

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import ERROR_RESPONSES
from entrepairs.api.outputs import membership_out
from entrepairs.api.schemas import MembershipOut
from entrepairs.networks import access

router = Router(tags=["me"])


@router.get(
    "/me/memberships", response={200: list[MembershipOut], **ERROR_RESPONSES}, auth=SIGNED_IN,
    operation_id="my_memberships", summary="The caller's memberships (personas) in every network",
    description="Active and pending memberships; refused, left, removed and banned ones are not listed.",
)  # fmt: skip
def my_memberships(request: HttpRequest):
    memberships = access.my_memberships(request.auth).select_related(
        "qualification__profession", "qualification__specialty"
    )
    return [membership_out(m) for m in memberships]
