"""The members' rights in the API: asking for the account's erasure (and cancelling it with the
emailed link's token), the data export. Same operations as the pages (rights/actions/erasure.py, export.py)."""

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.responses import Status

from entrepairs.accounts.mfa import MfaRequired, mfa_missing, require_mfa_for_role
from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PageQuery, PathId, page_limit
from entrepairs.audit import queries as audit_queries
from entrepairs.networks import access
from entrepairs.rights.actions import consent, erasure, export, retention
from entrepairs.rights.models import DataExport
from entrepairs.rights.views import zip_response
from entrepairs.web.pagination import keyset_page

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


# --- Export ------------------------------------------------------------------------------------------
class ExportOut(Schema):
    id: int
    status: str
    progress: int
    created_at: datetime
    expires_at: datetime | None
    download_url: str | None


def export_out(done: DataExport) -> ExportOut:
    return ExportOut(
        id=done.pk,
        status=done.status,
        progress=done.progress,
        created_at=done.created_at,
        expires_at=done.expires_at,
        download_url=reverse("api:download_export", kwargs={"export_id": done.pk})
        if done.is_downloadable()
        else None,
    )


@router.post(
    "/me/exports",
    response={202: ExportOut, **error_responses(409)},
    operation_id="request_export",
    summary="Prepare a ZIP of all the account's data",
)
def request_export(request: HttpRequest):
    """Built in the background; poll the export until `status` is `ready`, then download it (for
    EXPORT_DAYS days). The link is emailed too. 409 `export_running` while one is being prepared."""
    done = export.request_export(request.auth, base_url=request.build_absolute_uri("/").rstrip("/"))
    done.refresh_from_db()  # built inline in the embedded mode
    return Status(202, export_out(done))


@router.get(
    "/me/exports/{export_id}",
    response={200: ExportOut, **error_responses()},
    operation_id="get_export",
    summary="An export's progress",
)
def get_export(request: HttpRequest, export_id: PathId):
    """The caller's own export only (anyone else's is 404, like a missing one)."""
    return export_out(export.get_export_or_404(request.auth, export_id))


@router.get(
    "/me/exports/{export_id}/download",
    response={200: None, **error_responses()},
    operation_id="download_export",
    summary="Download a ready export (ZIP)",
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}, "description": "The ZIP"}}},
)
def download_export(request: HttpRequest, export_id: PathId):
    """The ZIP, to its owner only, while it has not expired (404 otherwise)."""
    return zip_response(export.downloadable_export_or_404(request.auth, export_id))


# --- Consents ----------------------------------------------------------------------------------------
class ConsentOut(Schema):
    network: str
    network_slug: str
    purpose: str
    text_version: str
    text: str
    given_at: datetime
    withdrawn_at: datetime | None


class WithdrawIn(Schema):
    posts: Literal["delete", "anonymise"]


class WithdrawOut(Schema):
    withdrawn: bool


@router.get(
    "/me/consents",
    response={200: list[ConsentOut], **error_responses()},
    operation_id="my_consents",
    summary="The account's consents, per network, with text version and dates",
)
def my_consents(request: HttpRequest):
    """Every health-data consent the account gave, newest first, withdrawn ones included."""
    return [
        ConsentOut(
            network=c.network.name,
            network_slug=c.network.slug,
            purpose=c.purpose,
            text_version=c.text_version,
            text=c.text,
            given_at=c.given_at,
            withdrawn_at=c.withdrawn_at,
        )
        for c in consent.consents_of(request.auth)
    ]


@router.post(
    "/me/memberships/{membership_id}/withdraw-consent",
    response={200: WithdrawOut, **error_responses(409, 422)},
    operation_id="withdraw_consent",
    summary="Withdraw the health-data consent of one network",
)
def withdraw_consent(request: HttpRequest, membership_id: PathId, payload: WithdrawIn):
    """The persona leaves the network and what it wrote there is deleted, or kept signed "deleted
    member" (`posts`); private messages are always deleted. 404 for a persona that is not the
    caller's or a network without consent; 409 `last_admin`."""
    membership = consent.get_consenting_membership_or_404(request.auth, membership_id)
    consent.withdraw_consent(membership, posts=payload.posts)
    return WithdrawOut(withdrawn=True)


# --- Retention -----------------------------------------------------------------------------------------
class RetentionSchema(Schema):
    messages_days: int | None = None
    logs_days: int | None = None
    audit_days: int | None = None


@router.get(
    "/networks/{slug}/retention",
    response={200: RetentionSchema, **error_responses()},
    operation_id="get_retention",
    summary="The network's retention periods (administrators)",
)
def get_retention(request: HttpRequest, slug: str):
    """Days kept; null means kept while the network exists. Administrators with two-factor only."""
    admin = access.get_admin_membership_or_404(request.auth, slug)
    require_mfa_for_role(admin)
    current = retention.retention_of(admin.network)
    return RetentionSchema(**{name: getattr(current, name) for name in retention.FIELDS})


@router.put(
    "/networks/{slug}/retention",
    response={200: RetentionSchema, **error_responses(400, 422)},
    operation_id="set_retention",
    summary="Change the network's retention periods (administrators)",
)
def set_retention(request: HttpRequest, slug: str, payload: RetentionSchema):
    """Each between 1 and 36500 days (audit entries: at least 30), or null. Applied hourly."""
    admin = access.get_admin_membership_or_404(request.auth, slug)
    saved = retention.set_retention(admin, **payload.dict())
    return RetentionSchema(**{name: getattr(saved, name) for name in retention.FIELDS})


# --- Audit log -----------------------------------------------------------------------------------------
class AuditEventOut(Schema):
    at: datetime
    actor: str | None  # operators: the account's email; network administrators: the persona's name
    network: str | None
    action: str
    object_type: str
    object_id: str
    detail: str


class AuditPage(Schema):
    items: list[AuditEventOut]
    next_cursor: str | None


class AuditQuery(PageQuery):
    action: str = ""
    since: date | None = None
    until: date | None = None


def _audit_page(events, query: AuditQuery, actor_of) -> AuditPage:
    items, next_cursor = keyset_page(
        events,
        sort_field="at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return AuditPage(
        items=[
            AuditEventOut(
                at=event.at,
                actor=actor_of(event),
                network=event.network.name if event.network_id else None,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                detail=event.detail,
            )
            for event in items
        ],
        next_cursor=next_cursor,
    )


@router.get(
    "/networks/{slug}/audit",
    response={200: AuditPage, **error_responses()},
    operation_id="network_audit",
    summary="The network's audit log (administrators)",
)
def network_audit(request: HttpRequest, slug: str, query: Query[AuditQuery]):
    """Newest first, filtered by `action` and dates; actors by their persona in this network (null
    for operators and erased accounts). Read-only: no route edits or deletes an entry."""
    admin = access.get_admin_membership_or_404(request.auth, slug)
    require_mfa_for_role(admin)
    filters = {"action": query.action, "since": query.since, "until": query.until}
    events = audit_queries.events_for_network_admin(admin, **filters).select_related("network")
    return _audit_page(events, query, lambda event: event.actor_name)


@router.get(
    "/operator/audit",
    response={200: AuditPage, **error_responses()},
    operation_id="operator_audit",
    summary="The whole audit log (operators)",
)
def operator_audit(request: HttpRequest, query: Query[AuditQuery], network: str = ""):
    """Platform staff with two-factor only (404 for everyone else). `network`: a slug."""
    access.require_operator(request.auth)
    if mfa_missing(request.auth):
        raise MfaRequired
    network_id = (
        access.operator_networks(request.auth).filter(slug=network).values_list("pk", flat=True).first()
    )
    if network and network_id is None:
        raise Http404
    filters = {"action": query.action, "since": query.since, "until": query.until}
    events = audit_queries.events_for_operator(network_id=network_id, **filters)
    return _audit_page(events, query, lambda event: event.actor.email if event.actor_id else None)
