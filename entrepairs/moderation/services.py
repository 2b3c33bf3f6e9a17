"""Every write of moderation: reporting, deciding on reports, telling members, suspensions.

A member reports what they can see (the kind's own access-layer lookup, so 404 for anything else) and
at most once while their report is open. A moderator decides in their own network only (404 elsewhere,
as for a report that does not exist), with two-factor authentication, and gives a reason for everything
but a dismissal; one decision closes every open report of the item. The reporters are told the outcome
(never the author's name of the reporter), the author what was done and why. Every decision is
audited; the audit's detail never carries the reason's text (it may quote health details)."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.audit.services import record
from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.moderation import registry
from entrepairs.moderation.models import Decision, Notice, Report, Suspension
from entrepairs.moderation.tasks import email_new_notices
from entrepairs.networks import lifecycle
from entrepairs.networks.models import Membership

logger = logging.getLogger(__name__)

NOTE_MAX = 1000
REASON_MAX = 500
Action = Decision.Action
# Need the item to still exist (an author can be warned about something since deleted).
ACTIONS_ON_THE_ITEM = {Action.HIDE, Action.UNHIDE, Action.REDACT, Action.APPROVE}
# Change nothing for the author: no reason required, nothing to confirm.
GENTLE_ACTIONS = {Action.DISMISS, Action.APPROVE}


def _kind_or_404(name: str) -> registry.ReportableKind:
    kind = registry.get(name)
    if kind is None:
        raise Http404(NOT_FOUND)
    return kind


# --- Reporting -----------------------------------------------------------------------------------
def report(member: Membership, kind_name: str, object_id: int, *, reason: str, note: str = "") -> Report:
    """`member` reports an item they can see (Http404 otherwise). Refused: their own content, an
    unknown reason, a note too long, a second open report of the same item (409)."""
    kind = _kind_or_404(kind_name)
    item = kind.find(member, object_id)
    author = kind.author_of(item)
    if author.pk == member.pk:
        raise ActionRefused("own_content", _("You cannot report your own content."), status=409)
    if reason not in Report.Reason.values:
        raise ActionRefused("invalid_reason", _("Choose a reason."), field="reason")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ActionRefused(
            "note_too_long", _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX}, field="note"
        )
    try:
        with transaction.atomic():
            created = Report.objects.create(
                network_id=member.network_id, reporter=member, kind=kind.name, object_id=item.pk,
                author=author, reason=reason, note=note, snapshot=kind.text_of(item),
                priority=reason == Report.Reason.DISTRESS,
            )  # fmt: skip
            record(member.user, "report.create", created, detail=f"{kind.name} {reason}")
    except IntegrityError:
        raise ActionRefused(
            "already_reported",
            _("You already reported this; the moderators will look at it."),
            status=409,
        ) from None
    return created


def flag(author: Membership, kind_name: str, item, *, source: str, reason: str, priority: bool = False):
    """An automatic report (crisis detection, a watched word, a first post awaiting approval): no
    reporter. One open flag per item and source."""
    kind = _kind_or_404(kind_name)
    existing = Report.objects.filter(
        network_id=author.network_id,
        kind=kind.name,
        object_id=item.pk,
        source=source,
        status=Report.Status.OPEN,
    ).first()
    if existing is not None:
        return existing
    return Report.objects.create(
        network_id=author.network_id, reporter=None, source=source, kind=kind.name, object_id=item.pk,
        author=author, reason=reason, snapshot=kind.text_of(item), priority=priority,
    )  # fmt: skip


def respond_to_distress(author: Membership, kind_name: str, item, text: str) -> list[str] | None:
    """Crisis response, called by the features when something is published: when the text suggests
    suicidal intent or self-harm (moderation.crisis), the moderators get a priority item in their
    queue, and the support resources of the network's country are returned for the author to see at
    once. Nothing is blocked; nobody outside the network is called. None when nothing suggests it."""
    from entrepairs.moderation import crisis, network_settings

    if not crisis.suggests_crisis(text):
        return None
    flag(author, kind_name, item, source=Report.Source.CRISIS, reason=Report.Reason.DISTRESS, priority=True)
    return network_settings.support_resources(author.network)


# --- Deciding ------------------------------------------------------------------------------------
def _require_moderator_of(moderator: Membership, report_: Report) -> None:
    """Moderators act in their own network only: anywhere else it is a 404, as for no report."""
    if report_.network_id != moderator.network_id or not moderator.is_moderator:
        raise ActionRefused("not_found", _("Not found."), status=404)
    require_mfa_for_role(moderator)


def _clean_reason(reason: str, action: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason and action not in GENTLE_ACTIONS:
        raise ActionRefused("reason_required", _("Give the reason: the author is told."), field="reason")
    if len(reason) > REASON_MAX:
        raise ActionRefused("reason_too_long", _("Keep the reason under 500 characters."), field="reason")
    return reason


def decide(
    moderator: Membership,
    report_: Report,
    *,
    action: str,
    reason: str = "",
    confirmed: bool = False,
    until: datetime | None = None,
    redacted_text: str = "",
) -> Decision:
    """One decision on the reported item, closing every open report of it.

    Everything but a dismissal or an approval changes something for the author: it needs a reason
    (told to the author) and `confirmed` (the pages ask "are you sure?", the API sends
    `confirm: true`). Removal and ban are networks.lifecycle's, with their own rules (never an
    administrator; moderators and editors by administrators only)."""
    _require_moderator_of(moderator, report_)
    if report_.author_id == moderator.pk:
        # Nobody judges their own words: another moderator or an administrator decides.
        raise ActionRefused(
            "own_content", _("Reports about your own content are decided by another moderator."), status=409
        )
    if action not in Action.values:
        raise ActionRefused("invalid_action", _("Unknown action."), field="action")
    reason = _clean_reason(reason, action)
    if action not in GENTLE_ACTIONS and not confirmed:
        raise ActionRefused("confirmation_required", _("Confirm this action: tick the box."), field="confirm")
    kind = _kind_or_404(report_.kind)
    item = kind.find_for_moderator(moderator, report_.object_id)
    if item is None and action in ACTIONS_ON_THE_ITEM:
        raise ActionRefused("item_gone", _("This content no longer exists."), status=409)
    if action == Action.DISMISS and getattr(item, "approval_pending_since", None) is not None:
        # Nothing wrong with an item still held for approval: it is published (and its author told),
        # instead of staying hidden with no report left to bring it back.
        action = Action.APPROVE
    author = Membership.objects.select_related("network", "user").get(pk=report_.author_id)
    original = ""
    with transaction.atomic():
        open_reports = list(
            Report.objects.select_for_update().filter(
                network_id=moderator.network_id, kind=report_.kind, object_id=report_.object_id,
                status=Report.Status.OPEN,
            )
        )  # fmt: skip
        if not open_reports and action not in {Action.UNHIDE}:
            raise ActionRefused("already_decided", _("Another moderator already decided."), status=409)
        if action == Action.HIDE:
            _require(kind.hide, _("This kind of content cannot be hidden."))(moderator, item)
        elif action == Action.UNHIDE:
            _require(kind.unhide, _("This kind of content cannot be shown again."))(moderator, item)
        elif action == Action.APPROVE:
            _approve(kind, moderator, item)
        elif action == Action.REDACT:
            text = (redacted_text or "").strip()
            if not text:
                raise ActionRefused(
                    "empty_body", _("Write the text without the personal data."), field="redacted_text"
                )
            original = kind.text_of(item)
            _require(kind.redact, _("This kind of content cannot be edited."))(moderator, item, text)
        elif action == Action.SUSPEND:
            if until is None or until <= timezone.now():
                raise ActionRefused("invalid_until", _("A suspension ends in the future."), field="until")
        elif action == Action.REMOVE:
            lifecycle.remove_member(moderator, author, reason=reason)
        elif action == Action.BAN:
            lifecycle.ban_member(moderator, author, reason=reason, until=until)
        decision = Decision.objects.create(
            network_id=moderator.network_id, moderator=moderator, author=author, kind=report_.kind,
            object_id=report_.object_id, action=action, reason=reason, original_text=original,
            suspended_until=until if action == Action.SUSPEND else None,
        )  # fmt: skip
        if action == Action.SUSPEND:
            Suspension.objects.create(
                network_id=moderator.network_id, member=author, until=until, decision=decision
            )
        now = timezone.now()
        status = Report.Status.DISMISSED if action == Action.DISMISS else Report.Status.ACTIONED
        Report.objects.filter(pk__in=[r.pk for r in open_reports]).update(
            status=status, decided_at=now, decided_by=moderator, outcome=action
        )
        report_.status, report_.decided_at, report_.outcome = status, now, action
        record(moderator.user, f"moderation.{action}", decision, detail=f"{report_.kind} {report_.object_id}")
        _tell(decision, open_reports, author)
    return decision


def _require(operation, message):
    if operation is None:
        raise ActionRefused("not_possible", message, status=409)
    return operation


def _approve(kind, moderator: Membership, item) -> None:
    """A post or thread awaiting approval is published (the features' rows carry the flag): the
    feature's `approve` counts it and sends what its publication would have sent."""
    if item is None or getattr(item, "approval_pending_since", None) is None:
        return
    if kind.approve is not None:
        kind.approve(moderator, item)
    else:
        type(item).objects.filter(pk=item.pk).update(approval_pending_since=None)
        item.approval_pending_since = None


def _tell(decision: Decision, reports: list[Report], author: Membership) -> None:
    """Reporters learn the outcome, never the reason given to the author; the author learns what was
    done and why, never who reported. A removed or banned author is told by lifecycle's email; a
    dismissal changes nothing for the author, who is not told of reports that led nowhere."""
    reporters = {r.reporter_id for r in reports if r.reporter_id and r.reporter_id != author.pk}
    notices = [
        Notice(network_id=decision.network_id, recipient_id=reporter_id, kind=Notice.Kind.REPORT_OUTCOME,
               action=decision.action, item_kind=decision.kind)
        for reporter_id in sorted(reporters)
    ]  # fmt: skip
    if decision.action not in {Action.DISMISS, Action.REMOVE, Action.BAN}:
        notices.append(
            Notice(network_id=decision.network_id, recipient=author, kind=Notice.Kind.ABOUT_YOUR_CONTENT,
                   action=decision.action, item_kind=decision.kind, reason=decision.reason)
        )  # fmt: skip
    Notice.objects.bulk_create(notices)
    _email_after_commit([notice.recipient_id for notice in notices])


def _email_after_commit(member_ids) -> None:
    """The notices' emails (moderation/actions/notice_emails.py), scheduled once the decision
    committed. A broker that is away must not undo a decision: the notices stay unemailed and go
    with the next daily digest."""

    def schedule():
        try:
            email_new_notices.delay(sorted(set(member_ids)))
        except Exception:
            logger.exception("moderation: could not schedule notice emails (broker away?)")

    if member_ids:
        transaction.on_commit(schedule)


def tell_author(
    moderator: Membership, author: Membership, kind: str, object_id: int, *, action: str, reason: str
):
    """A moderator's action taken outside the queue (deleting a post or a thread from the thread
    page): recorded as a decision like the queue's (the author's record shows it), audited, and the
    author told why. The caller checked the role, two-factor and the reason."""
    decision = Decision.objects.create(
        network_id=moderator.network_id, moderator=moderator, author=author, kind=kind,
        object_id=object_id, action=action, reason=reason,
    )  # fmt: skip
    record(moderator.user, f"moderation.{action}", decision, detail=f"{kind} {object_id}")
    if author.pk != moderator.pk:
        Notice.objects.create(
            network_id=moderator.network_id, recipient=author, kind=Notice.Kind.ABOUT_YOUR_CONTENT,
            action=action, item_kind=kind, reason=reason,
        )  # fmt: skip
        _email_after_commit([author.pk])
    return decision


def read_report(moderator: Membership, report_: Report) -> None:
    """A moderator opening a report reads the reported text (perhaps hidden, perhaps a private
    message): audited (SECURITY.md, every moderator read of protected content)."""
    _require_moderator_of(moderator, report_)
    record(moderator.user, "report.read", report_, detail=report_.kind)


def mark_notices_read(member: Membership) -> int:
    return Notice.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())


# --- Suspensions ---------------------------------------------------------------------------------
def require_not_suspended(member: Membership, *, until=None, known: bool = False) -> None:
    """Called by every publishing operation (posts, replies, messages): a suspended member reads but
    does not publish until the end of the suspension. `known`: the caller already read `until` in a
    statement it ran anyway (queries.publishing_annotations)."""
    if not known:
        until = (
            Suspension.objects.filter(member=member, until__gt=timezone.now())
            .order_by("-until")
            .values_list("until", flat=True)
            .first()
        )
    if until is not None:
        raise ActionRefused(
            "suspended",
            _("A moderator suspended you: you can publish again on %(date)s.")
            % {"date": timezone.localtime(until).date().isoformat()},
            status=403,
        )


# --- Settings and watched words (administrators) -------------------------------------------------
def _require_admin(admin: Membership) -> None:
    if not admin.is_admin:
        raise ActionRefused("forbidden", _("Only administrators of this network change this."), status=403)
    require_mfa_for_role(admin)


def save_settings(admin: Membership, settings):
    """The code of conduct, the support resources and the approval of first posts."""
    _require_admin(admin)
    if settings.network_id != admin.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    if settings.first_posts_needing_approval > 20:
        raise ActionRefused(
            "too_many",
            _("At most 20 first posts can wait for approval."),
            field="first_posts_needing_approval",
        )
    settings.save()
    record(admin.user, "moderation.settings", settings)
    return settings


def add_watched_word(admin: Membership, *, word: str, action: str, replacement: str = ""):
    from entrepairs.moderation.models import WatchedWord

    _require_admin(admin)
    word = " ".join((word or "").split()).lower()
    if len(word) < 2:
        raise ActionRefused("invalid_word", _("A watched word has at least 2 characters."), field="word")
    if action not in WatchedWord.Action.values:
        raise ActionRefused("invalid_action", _("Unknown action."), field="action")
    if action == WatchedWord.Action.REPLACE and not replacement.strip():
        raise ActionRefused("replacement_required", _("Give the replacement."), field="replacement")
    try:
        with transaction.atomic():
            created = WatchedWord.objects.create(
                network_id=admin.network_id, word=word, action=action, replacement=replacement.strip()
            )
    except IntegrityError:
        raise ActionRefused("word_exists", _("This word is already watched."), field="word") from None
    record(admin.user, "moderation.watched_word.add", created)
    return created


def delete_watched_word(admin: Membership, word) -> None:
    _require_admin(admin)
    record(admin.user, "moderation.watched_word.delete", word)
    word.delete()


def redact_bio(moderator: Membership, member: Membership, text: str) -> None:
    """A profile's "about me" without the personal data (the original kept by the decision)."""
    member.bio = text
    Membership.objects.filter(pk=member.pk).update(bio=text)


def hold_for_approval(author: Membership, kind_name: str, item, *, because_of_words: bool) -> Report:
    """A post or thread waiting for a moderator (its `approval_pending_since` set by the feature): an
    item in the queue; the author sees it marked as pending and is told so."""
    source = Report.Source.WATCHED_WORD if because_of_words else Report.Source.APPROVAL
    held = flag(author, kind_name, item, source=source, reason=Report.Reason.OTHER)
    Notice.objects.create(
        network_id=author.network_id, recipient=author, kind=Notice.Kind.PENDING, item_kind=kind_name
    )
    return held


def flag_watched_words(author: Membership, kind_name: str, item, words: list[str]) -> Report | None:
    if not words:
        return None
    return flag(author, kind_name, item, source=Report.Source.WATCHED_WORD, reason=Report.Reason.OTHER)
