"""How a membership ends, as one service: leaving, removal, ban, lapsed verification and account
deactivation end everything at once (SECURITY.md, "a membership that ends").

Every operation, in one transaction:
- changes the membership (status, end date, reason, who ended it) and writes an audit row (never
  the reason's text: a moderator may have quoted health details in it);
- ends the persona's participation in every conversation of the network (a "left" system message
  for the others), so that rejoining later starts fresh;
- takes it out of every audience: thread follows and unread notifications go, no email follows;
- after commit, closes the persona's open websockets with a documented code (4404 ended, 4410
  verification lapsed; 4403 for a deactivated account, through its account group).

The actor is the moderator's Membership, or an operator's User (admin, management command): then
`ended_by` stays empty. Networks is the foundation and imports no feature: what the features do
when a persona's access ends (messaging ends its conversations, discussions drops its follows and
notifications) they register with `on_membership_end` from their AppConfig.ready()."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs import realtime
from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.accounts.models import ConsentRecord, User
from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks import access
from entrepairs.networks.lifecycle_notices import email_ended_membership
from entrepairs.networks.models import Membership, Network
from entrepairs.professionals.models import Qualification

Status = Membership.Status
Role = Membership.Role

SOCKET_ENDED = 4404
SOCKET_ACCOUNT_CLOSED = 4403
SOCKET_VERIFICATION_LAPSED = 4410
REASON_MAX = 500
ENDING_FIELDS = ["status", "role", "left_at", "ended_reason", "banned_until", "ended_by"]

# What each feature does when a persona's access ends, called in order inside the ending's
# transaction (so that a failure undoes the ending too). Filled by the features' AppConfig.ready().
_membership_end_handlers: list[Callable[[Membership], object]] = []


def on_membership_end(handler: Callable[[Membership], object]) -> None:
    """Register `handler(membership)`: it takes the persona out of a feature (its conversations, its
    audiences) when the membership ends, lapses or its account is deactivated. It runs inside the
    transaction and schedules its own side effects with transaction.on_commit."""
    if handler not in _membership_end_handlers:
        _membership_end_handlers.append(handler)


# --- Leaving -------------------------------------------------------------------------------------
def leave_network(member: Membership) -> None:
    """Leaving withdraws the health-data consent. The pseudonym stays on past content, marked "former
    member", and is free again for active members (docs/decisions/0006)."""
    now = timezone.now()
    with transaction.atomic():
        if member.role == Role.ADMIN and access.other_admins(member).count() == 0:
            raise ActionRefused(
                "last_admin",
                _("Name another administrator before leaving: you are the last one."),
                status=409,
            )
        if member.consent_id:
            ConsentRecord.objects.filter(pk=member.consent_id, withdrawn_at__isnull=True).update(
                withdrawn_at=now
            )
        member.status, member.role, member.left_at = Status.LEFT, Role.MEMBER, now
        member.save(update_fields=["status", "role", "left_at"])
        record(member.user, "membership.leave", member)
        _end_access(member, code=SOCKET_ENDED)


# --- Removal and bans ----------------------------------------------------------------------------
def remove_member(actor: Membership | User, target: Membership, *, reason: str) -> Membership:
    """A moderator (or an operator) ends an active membership. The person may come back as the
    network's join policy allows, as a new start."""
    reason = _clean_reason(reason)
    _require_may_end(actor, target)
    return _end(actor, target, Status.REMOVED, reason=reason, action="membership.remove")


def ban_member(
    actor: Membership | User, target: Membership, *, reason: str, until: datetime | None = None
) -> Membership:
    """Like a removal, and the account cannot join or ask to join again before `until` (None: for
    good). Someone who already left, was removed or refused can be banned too."""
    reason = _clean_reason(reason)
    _require_may_end(actor, target)
    if until is not None and until <= timezone.now():
        raise ActionRefused("invalid_until", _("A ban ends in the future."), field="until")
    return _end(actor, target, Status.BANNED, reason=reason, until=until, action="membership.ban")


def lift_ban(actor: Membership | User, target: Membership) -> Membership:
    """The account may join or ask to join again; the record stays as a removal, reason kept."""
    _require_may_end(actor, target, lifting=True)
    with transaction.atomic():
        lifted = Membership.objects.filter(pk=target.pk, status=Status.BANNED).update(
            status=Status.REMOVED, banned_until=None
        )
        if not lifted:
            raise ActionRefused("not_banned", _("This member is not banned."), status=409)
        target.status, target.banned_until = Status.REMOVED, None
        record(_user_of(actor), "membership.lift_ban", target)
    return target


def ban_blocks_joining(membership: Membership | None) -> ActionRefused | None:
    """The refusal for an account whose ban still runs (join_network raises it), else None."""
    if membership is None or membership.status != Status.BANNED:
        return None
    until = membership.banned_until
    if until is None:
        return ActionRefused("banned", _("You were banned from this network."), status=403)
    if until > timezone.now():
        return ActionRefused(
            "banned",
            _("You were banned from this network until %(date)s.")
            % {"date": timezone.localtime(until).date().isoformat()},
            status=403,
        )
    return None  # the ban has ended: the account may come back


# --- Verification and accounts -------------------------------------------------------------------
def lapse_verification(membership: Membership, *, actor: User | None = None) -> Membership:
    """A professional whose verification lapsed: the membership and its content stay, access ends
    until verified again (access.get_membership_or_404 re-admits with a new qualification). Clearing
    `qualification` marks it handled, so the periodic job does not end it twice. Audited under the
    operator running it, or the account itself for the automatic job (the audit needs an actor)."""
    with transaction.atomic():
        membership.qualification = None
        membership.save(update_fields=["qualification"])
        record(actor or membership.user, "membership.verification_lapsed", membership)
        _end_access(membership, code=SOCKET_VERIFICATION_LAPSED)
    return membership


def lapse_expired_verifications(*, now=None, user_ids=None) -> int:
    """The periodic job (networks.tasks, hourly) and the directory import: active professional
    memberships whose qualification is no longer valid, and which no other qualification of the
    account admits, lapse now rather than at the member's next visit (their open sockets and
    notifications would run on meanwhile). Returns how many lapsed."""
    now = now or timezone.now()
    candidates = (
        Membership.objects.filter(
            status=Status.ACTIVE,
            member_type=Membership.MemberType.PROFESSIONAL,
            network__kind=Network.Kind.PROFESSIONALS,
            qualification__isnull=False,
        )
        .filter(
            ~Q(qualification__status=Qualification.Status.VERIFIED)
            | Q(qualification__verified_until__lte=now)
        )
        .select_related("user", "network")
        .order_by("pk")
    )
    if user_ids is not None:
        candidates = candidates.filter(user_id__in=list(user_ids))
    lapsed = 0
    for membership in candidates:
        renewed = access.admitting_qualification(membership.user, membership.network)
        if renewed is not None:  # verified again by another qualification: the badge follows it
            membership.qualification = renewed
            membership.save(update_fields=["qualification"])
            continue
        lapse_verification(membership)
        lapsed += 1
    return lapsed


def deactivate_account(user: User, *, by: User | None = None) -> None:
    """The account can no longer sign in and whatever was open stops now (sessions, tokens, every
    socket with 4403); each of its memberships leaves its conversations and audiences, so that
    nothing reaches it and, reactivated, it starts fresh. The memberships keep their status: an
    operator who reactivates the account gives back the networks, not the past conversations."""
    # accounts.services imports messaging (a feature), which imports networks: a local import until
    # the registry (issue 11).
    from entrepairs.accounts.services import close_account

    with transaction.atomic():
        close_account(user, by=by)
        for membership in Membership.objects.filter(user=user, status=Status.ACTIVE).select_related(
            "network"
        ):
            _end_access(membership, code=None)  # the account's sockets close as a whole (4403)


# --- Internals -----------------------------------------------------------------------------------
def _end(actor, target: Membership, status: str, *, reason: str, action: str, until=None) -> Membership:
    with transaction.atomic():
        # Checked on the locked row: two moderators acting at once end it once, the other is told.
        locked = Membership.objects.select_for_update().select_related("network", "user").get(pk=target.pk)
        if status == Status.REMOVED and locked.status != Status.ACTIVE:
            raise ActionRefused("not_member", _("Only active members can be removed."), status=409)
        if status == Status.BANNED and locked.status == Status.BANNED:
            raise ActionRefused("already_banned", _("This member is already banned."), status=409)
        was_active = locked.status == Status.ACTIVE
        locked.status, locked.role = status, Role.MEMBER
        locked.left_at = timezone.now() if was_active or locked.left_at is None else locked.left_at
        locked.ended_reason, locked.banned_until = reason, until
        locked.ended_by = actor if isinstance(actor, Membership) else None
        locked.save(update_fields=ENDING_FIELDS)
        detail = f"until {until.date().isoformat()}" if until else ""
        record(_user_of(actor), action, locked, detail=detail)
        _end_access(locked, code=SOCKET_ENDED)
        transaction.on_commit(lambda: _tell_the_member(locked.pk))
    # The caller's object says what the database now holds (its cached user and network kept).
    for field in ENDING_FIELDS:
        setattr(target, field, getattr(locked, field))
    return target


def _tell_the_member(membership_id: int) -> None:
    """After commit: the email, unless the membership changed again meanwhile (a ban lifted at
    once) or the account is closed."""
    membership = (
        Membership.objects.filter(
            pk=membership_id, status__in=[Status.REMOVED, Status.BANNED], user__is_active=True
        )
        .select_related("user", "network")
        .first()
    )
    if membership is not None:
        email_ended_membership(membership)


def _end_access(member: Membership, *, code: int | None) -> None:
    for handler in _membership_end_handlers:
        handler(member)
    if code is not None:
        member_id = member.pk
        transaction.on_commit(lambda: realtime.close_member_sockets(member_id, code))


def _require_may_end(actor, target: Membership, *, lifting: bool = False) -> None:
    """Operators may act on anyone. A moderator acts in their own network only (404 elsewhere, as
    for a persona that does not exist), never on themselves or an administrator; only an
    administrator ends a moderator's or an editor's membership."""
    if isinstance(actor, User):
        if not (actor.is_active and actor.is_staff):
            raise ActionRefused("not_found", _("Not found."), status=404)
        return
    if actor.network_id != target.network_id or not actor.is_moderator:
        raise ActionRefused("not_found", _("Not found."), status=404)
    require_mfa_for_role(actor)  # as every moderator power: pages and API answer it alike
    if target.pk == actor.pk:
        raise ActionRefused(
            "self", _("You cannot do this to yourself; leave the network instead."), status=409
        )
    if lifting:
        return
    if target.role == Role.ADMIN:
        raise ActionRefused("forbidden", _("An administrator cannot be removed or banned here."), status=403)
    if target.role != Role.MEMBER and not actor.is_admin:
        raise ActionRefused(
            "forbidden", _("Only administrators remove or ban moderators and editors."), status=403
        )


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ActionRefused("reason_required", _("Give the reason: the member is told."), field="reason")
    if len(reason) > REASON_MAX:
        raise ActionRefused("reason_too_long", _("Keep the reason under 500 characters."), field="reason")
    return reason


def _user_of(actor) -> User:
    return actor if isinstance(actor, User) else actor.user
