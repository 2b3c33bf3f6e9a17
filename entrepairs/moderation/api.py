"""The moderation API: reporting (every member), the moderators' queue and decisions (moderators of
that network, with two-factor authentication), and the member's notices. Reads go through
moderation.queries, writes through moderation.services; handlers parse, call and shape."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PageQuery, PathId, page_limit
from entrepairs.moderation import queries, services
from entrepairs.moderation.api_schemas import (
    DecisionIn,
    DecisionOut,
    MyReportOut,
    NoticePage,
    ReportDetailOut,
    ReportIn,
    ReportPage,
)
from entrepairs.networks import access
from entrepairs.web.pagination import keyset_page

router = Router(tags=["moderation"], auth=SIGNED_IN)
ERRORS = error_responses(400, 409, 422)


def _moderator(request: HttpRequest, slug: str):
    moderator = access.get_moderator_membership_or_404(request.auth, slug)
    require_mfa_for_role(moderator)
    return moderator


def _report_out(report) -> dict:
    return {
        "id": report.pk,
        "kind": report.kind,
        "object_id": report.object_id,
        "reason": report.reason,
        "source": report.source,
        "priority": report.priority,
        "status": report.status,
        "author_id": report.author_id,
        "author_name": report.author.display_name,
        "reporter_name": report.reporter.display_name if report.reporter_id else None,
        "note": report.note,
        "created_at": report.created_at,
        "outcome": report.outcome,
    }


@router.post(
    "/networks/{slug}/reports",
    response={201: MyReportOut, **ERRORS},
    operation_id="create_report",
    summary="Report a post, a thread, a message or a profile",
)
def create_report(request: HttpRequest, slug: str, payload: ReportIn):
    """Only what the caller can see (404 otherwise, as for an id that does not exist); one open report
    per reporter and item (409 `already_reported`); not one's own content (409 `own_content`)."""
    member = access.get_membership_or_404(request.auth, slug)
    report = services.report(
        member, payload.kind, payload.object_id, reason=payload.reason, note=payload.note
    )
    return Status(
        201,
        {
            "id": report.pk,
            "kind": report.kind,
            "object_id": report.object_id,
            "reason": report.reason,
            "status": report.status,
            "created_on": report.created_at.date().isoformat(),
        },
    )


@router.get(
    "/networks/{slug}/moderation/reports",
    response={200: ReportPage, **ERRORS},
    operation_id="list_reports",
    summary="Open reports of the network (moderators)",
)
def list_reports(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Priority reports (someone in distress) first, then oldest first; keyset pagination over the
    others: pass `next_cursor` back as `cursor`."""
    moderator = _moderator(request, slug)
    reports = queries.open_reports(moderator).select_related("reporter")
    priority = list(reports.filter(priority=True)[:100]) if not query.cursor else []
    items, next_cursor = keyset_page(
        reports.filter(priority=False),
        sort_field="created_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        parse=datetime.fromisoformat,
    )
    return {"items": [_report_out(r) for r in [*priority, *items]], "next_cursor": next_cursor}


@router.get(
    "/networks/{slug}/moderation/reports/{report_id}",
    response={200: ReportDetailOut, **ERRORS},
    operation_id="get_report",
    summary="A report with the reported text, its history and the author's record here (moderators)",
)
def get_report(request: HttpRequest, slug: str, report_id: PathId):
    """Reading the reported text is audited (`report.read`). The author's record counts this network
    only."""
    moderator = _moderator(request, slug)
    report = queries.get_report_or_404(moderator, report_id)
    services.read_report(moderator, report)
    item = queries.reported_item(moderator, report)
    record = queries.author_record(moderator, report.author)
    return {
        **_report_out(report),
        "text": report.snapshot,
        "item_exists": item is not None,
        "hidden": bool(getattr(item, "hidden_at", None)),
        "history": [_report_out(r) for r in queries.item_history(moderator, report)],
        "author_record": {
            "reports": record["counts"]["total"],
            "acted_upon": record["counts"]["actioned"],
            "dismissed": record["counts"]["dismissed"],
            "suspended_until": record["suspended_until"],
            "decisions": [
                {
                    "action": d.action,
                    "reason": d.reason,
                    "moderator_name": d.moderator.display_name,
                    "created_at": d.created_at,
                }
                for d in record["decisions"]
            ],
        },
    }


@router.post(
    "/networks/{slug}/moderation/reports/{report_id}/decision",
    response={200: DecisionOut, **ERRORS},
    operation_id="decide_report",
    summary="Decide on a report: dismiss, approve, hide, redact, warn, suspend, remove or ban (moderators)",
)
def decide_report(request: HttpRequest, slug: str, report_id: PathId, payload: DecisionIn):
    """Closes every open report of the item. All but `dismiss` and `approve` need a `reason` (told to
    the author) and `confirm: true` (400 `reason_required`, `confirmation_required`); 409 when another
    moderator already decided."""
    moderator = _moderator(request, slug)
    report = queries.get_report_or_404(moderator, report_id)
    decision = services.decide(
        moderator,
        report,
        action=payload.action,
        reason=payload.reason,
        confirmed=payload.confirm,
        until=payload.until,
        redacted_text=payload.redacted_text,
    )
    return {
        "id": decision.pk,
        "action": decision.action,
        "reason": decision.reason,
        "suspended_until": decision.suspended_until,
        "created_at": decision.created_at,
    }


@router.get(
    "/networks/{slug}/moderation/notices",
    response={200: NoticePage, **ERRORS},
    operation_id="list_notices",
    summary="What the moderators told me in this network",
)
def list_notices(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        queries.my_notices(member),
        sort_field="created_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {
        "items": [
            {
                "id": n.pk,
                "kind": n.kind,
                "action": n.action,
                "item_kind": n.item_kind,
                "reason": n.reason,
                "created_on": n.created_at.date().isoformat(),
                "read": n.read_at is not None,
            }
            for n in items
        ],
        "next_cursor": next_cursor,
    }


@router.post(
    "/networks/{slug}/moderation/notices/read",
    response={204: None, **ERRORS},
    operation_id="mark_notices_read",
    summary="Mark my notices as read",
)
def mark_notices_read(request: HttpRequest, slug: str):
    services.mark_notices_read(access.get_membership_or_404(request.auth, slug))
    return Status(204, None)
