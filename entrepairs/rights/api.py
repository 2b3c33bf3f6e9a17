"""The members' rights in the API: asking for the account's erasure (and cancelling it with the
emailed link's token), the data export. Same operations as the pages (rights/erasure.py, export.py)."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.rights import erasure

router = Router(tags=["rights"], auth=SIGNED_IN)


class ErasureIn(Schema):
    password: str
    posts: Literal["delete", "anonymise"]


class ErasureOut(Schema):
    posts: str
    erase_after: datetime


class CancelIn(Schema):
    token: str


class CancelOut(Schema):
    cancelled: bool


@router.post(
    "/me/erasure",
    response={202: ErasureOut, **error_responses(409, 422)},
    operation_id="request_erasure",
    summary="Ask for the account to be erased (after a grace period)",
)
def request_erasure(request: HttpRequest, payload: ErasureIn):
    """Needs the account's password again. The account is deactivated at once (every token,
    session and socket ends, this token included) and erased for good after the grace period
    (ERASURE_GRACE_DAYS); `posts` says whether the posts are deleted or kept signed "deleted
    member". The email sent carries the link (and its token) that cancels. 403 `wrong_password`,
    409 `already_requested`."""
    done = erasure.request_erasure(
        request.auth,
        password=payload.password,
        posts=payload.posts,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return Status(202, ErasureOut(posts=done.posts, erase_after=done.erase_after))


@router.post(
    "/erasure/cancel",
    response={200: CancelOut, **error_responses(422)},
    auth=None,
    operation_id="cancel_erasure",
    summary="Cancel an erasure during its grace period, with the emailed token",
)
def cancel_erasure(request: HttpRequest, payload: CancelIn):
    """The account is deactivated while it waits, so this takes no authentication: the token from
    the emailed link is the proof. 404 `invalid_token` for a wrong, used or expired token."""
    erasure.cancel_erasure(payload.token)
    return CancelOut(cancelled=True)
