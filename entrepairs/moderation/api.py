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
from entrepairs.moderation import network_settings, queries, services
from entrepairs.moderation.api_schemas import (
    DecisionIn,
    DecisionOut,
    ModerationSettingsOut,
    ModerationSettingsPatch,
    MyReportOut,
    NoticePage,
    ReportDetailOut,
    ReportIn,
    ReportPage,
    WatchedWordIn,
    WatchedWordList,
    WatchedWordOut,
)
from entrepairs.networks import access
from entrepairs.web.pagination import keyset_page

router = Router(tags=["moderation"], auth=SIGNED_IN)
ERRORS = error_responses(400, 409, 422)


def _moderator(request: HttpRequest, slug: str):
    moderator = access.get_moderator_membership_or_404(request.auth, slug)
    require_mfa_for_role(moderator)
    return moderator


def _admin(request: HttpRequest, slug: str):
    """As the settings pages: non-members 404, members without the administrator's role 403, then
    two-factor authentication (403 `mfa_required`)."""
    admin = access.get_admin_membership_or_404(request.auth, slug)
    require_mfa_for_role(admin)
    return admin


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


# --- The network's watched words and moderation settings (administrators) --------------------------
# No conflict here: a word watched twice is a 400 `word_exists` on the form's field, as on the page.
ADMIN_ERRORS = error_responses()


def _word_out(word) -> dict:
    return {"id": word.pk, "word": word.word, "action": word.action, "replacement": word.replacement}


@router.get(
    "/networks/{slug}/moderation/watched-words",
    response={200: WatchedWordList, **ADMIN_ERRORS},
    operation_id="list_watched_words",
    summary="The network's watched words (administrators)",
)
def list_watched_words(request: HttpRequest, slug: str):
    admin = _admin(request, slug)
    return {"items": [_word_out(word) for word in queries.watched_words(admin)]}


@router.post(
    "/networks/{slug}/moderation/watched-words",
    response={201: WatchedWordOut, **ADMIN_ERRORS},
    operation_id="add_watched_word",
    summary="Watch a word or phrase in what members publish (administrators)",
)
def add_watched_word(request: HttpRequest, slug: str, payload: WatchedWordIn):
    """The word is stored in lower case, spaces folded. 400 `word_exists` when the network already
    watches it, `replacement_required` for replace without a replacement. Audited."""
    admin = _admin(request, slug)
    word = services.add_watched_word(
        admin, word=payload.word, action=payload.action, replacement=payload.replacement
    )
    return Status(201, _word_out(word))


@router.delete(
    "/networks/{slug}/moderation/watched-words/{word_id}",
    response={204: None, **ADMIN_ERRORS},
    operation_id="remove_watched_word",
    summary="Stop watching a word (administrators)",
)
def remove_watched_word(request: HttpRequest, slug: str, word_id: PathId):
    admin = _admin(request, slug)
    services.delete_watched_word(admin, queries.get_watched_word_or_404(admin, word_id))
    return Status(204, None)


def _settings_out(network, current) -> dict:
    written = bool(current.code_of_conduct.strip())
    return {
        "code_of_conduct": network_settings.code_of_conduct(network, current),
        "code_of_conduct_is_default": not written,
        "country": current.country,
        "crisis_resources": current.crisis_resources,
        "support_lines": network_settings.support_resources(network, current),
        "first_posts_needing_approval": current.first_posts_needing_approval,
        "admit_experts": current.admit_experts,
    }


@router.get(
    "/networks/{slug}/moderation/settings",
    response={200: ModerationSettingsOut, **ADMIN_ERRORS},
    operation_id="get_moderation_settings",
    summary="The network's moderation settings (administrators)",
)
def get_moderation_settings(request: HttpRequest, slug: str):
    admin = _admin(request, slug)
    return _settings_out(admin.network, network_settings.settings_for(admin.network))


@router.patch(
    "/networks/{slug}/moderation/settings",
    response={200: ModerationSettingsOut, **ADMIN_ERRORS},
    operation_id="update_moderation_settings",
    summary="Change the code of conduct, support lines, first posts held for approval or expert notes",
)
def update_moderation_settings(request: HttpRequest, slug: str, payload: ModerationSettingsPatch):
    """Only the fields sent change. An empty `code_of_conduct` goes back to the default text, empty
    `crisis_resources` to the country's lines. Audited (`moderation.settings`)."""
    admin = _admin(request, slug)
    current = network_settings.settings_for(admin.network)
    for name, value in payload.model_dump(exclude_none=True).items():
        setattr(current, name, value.strip() if isinstance(value, str) and name != "country" else value)
    services.save_settings(admin, current)
    return _settings_out(admin.network, current)
