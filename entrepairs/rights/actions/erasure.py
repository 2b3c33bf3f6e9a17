"""Erasing an account (GDPR art. 17), and the per-persona part it shares with consent withdrawal.

1. `request_erasure`: the member types their password again and chooses what happens to their posts
   (deleted, or kept signed "deleted member"). The account is deactivated at once
   (networks.lifecycle.deactivate_account: sessions, tokens and sockets end) and an email carries a
   link that cancels the request during the grace period (ERASURE_GRACE_DAYS, 7 by default).
2. `erase_due_accounts` (hourly task, or `manage.py erase_due_accounts`) erases the accounts whose
   grace period is over with `erase_account`.
3. `erase_account`, in one transaction: each persona's content goes through the features' handlers
   (rights.registry.on_member_erasure) and the foundation's own part (privacy confirmations,
   invitation notes, verification documents); audit rows lose their actor and free text; Django
   admin history about the account goes; emails still waiting in the outbox for its address (address
   and text) and its read flags go; the account and its personas are deleted; one audit row says
   that an erasure happened (no actor, the old account number). Files go after commit.

What is kept is signed by the network's "deleted member" persona (`ghost_member`): one per network,
owned by a placeholder account that cannot sign in, so nothing links two erased people either."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entrepairs.accounts.models import ReadFlag, User
from entrepairs.audit.models import AuditEvent, maintenance
from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, avatars
from entrepairs.networks.lifecycle import deactivate_account
from entrepairs.networks.models import Invitation, Membership, Network
from entrepairs.outbox import services as outbox
from entrepairs.outbox.models import OutgoingEmail
from entrepairs.privacy.models import Confirmation
from entrepairs.professionals.models import DocumentSubmission
from entrepairs.rights import registry
from entrepairs.rights.models import DataExport, ErasureRequest

logger = logging.getLogger(__name__)
GHOST_EMAIL = "deleted-member@entrepairs.invalid"
GHOST_NAMES = {"fr": "Membre supprimé", "en": "Deleted member"}
CANCEL_SALT = "entrepairs.rights.erasure-cancel"


# --- Asking, cancelling ----------------------------------------------------------------------------
def request_erasure(user: User, *, password: str, posts: str, base_url: str = "") -> ErasureRequest:
    """The account asks to be erased: re-authentication, then deactivation for the grace period."""
    if posts not in ErasureRequest.Posts.values:
        raise ActionRefused("invalid_choice", _("Choose what happens to your posts."), field="posts")
    if not password or not user.check_password(password):
        raise ActionRefused("wrong_password", _("The password is not correct."), field="password", status=403)
    if ErasureRequest.objects.filter(user=user).exists():
        raise ActionRefused("already_requested", _("Your account is already being deleted."), status=409)
    for admin in Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    ):
        if not access.other_admins(admin).exists():  # a network never loses its last administrator
            raise ActionRefused(
                "last_admin",
                _("Name another administrator of “%(network)s” first: you are the last one.")
                % {"network": admin.network.name},
                status=409,
            )
    now = timezone.now()
    with transaction.atomic():
        request = ErasureRequest.objects.create(
            user=user, posts=posts, requested_at=now, erase_after=now + timedelta(days=grace_days())
        )
        record(user, "account.erasure_request", user, detail=posts)
        deactivate_account(user)
        token = signing.dumps({"request": request.pk, "user": user.pk}, salt=CANCEL_SALT)
        # In the outbox with the request: sent once, even by a later delivery if this one fails.
        key = _queue_cancel_link(user, request, token, base_url)
        transaction.on_commit(lambda: outbox.deliver(keys=[key]))
    return request


def cancel_erasure(token: str) -> User:
    """The link from the email, within the grace period: the account is active again (the ended
    sessions and revoked tokens stay dead; the member signs in again)."""
    try:
        data = signing.loads(token, salt=CANCEL_SALT, max_age=timedelta(days=grace_days() + 1))
    except signing.BadSignature:
        raise ActionRefused(
            "invalid_token", _("This link is not valid or has expired."), status=404
        ) from None
    with transaction.atomic():
        request = (
            ErasureRequest.objects.select_for_update()
            .select_related("user")
            .filter(pk=data.get("request"), user_id=data.get("user"))
            .first()
        )
        if request is None:
            raise ActionRefused("invalid_token", _("This link is not valid or has expired."), status=404)
        user = request.user
        request.delete()
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(user, "account.erasure_cancel", user)
    return user


def cancel_link(token: str) -> str:
    return reverse("erasure_cancel", args=[token])


def grace_days() -> int:
    return settings.ERASURE_GRACE_DAYS


def _queue_cancel_link(user: User, request: ErasureRequest, token: str, base_url: str) -> str:
    # The date in the key: SQLite may give a cancelled request's number to the next one.
    key = f"erasure-cancel:{request.pk}:{request.requested_at.isoformat()}"
    with translation.override(user.language):
        date = timezone.localtime(request.erase_after).date().isoformat()
        outbox.queue(
            (
                key,
                user.email,
                _("Your account will be deleted"),
                _(
                    "You asked for your account to be deleted. It is deactivated now and will be erased "
                    "for good on %(date)s.\n\nIf you change your mind before then, open this link:\n"
                    "%(link)s\n"
                )
                % {"date": date, "link": base_url + cancel_link(token)},
            )
        )
    return key


# --- Erasing -----------------------------------------------------------------------------------------
def erase_due_accounts(*, now=None) -> int:
    """The scheduled job: erase every account whose grace period is over. Returns how many."""
    now = now or timezone.now()
    due = ErasureRequest.objects.filter(erase_after__lte=now).select_related("user").order_by("pk")
    erased = 0
    for request in due:
        try:
            erase_account(request.user, keep_posts=request.posts == ErasureRequest.Posts.ANONYMISE)
        except Exception:
            # One failure (rolled back whole) must not keep the others waiting: logged by number
            # only, retried at the next run.
            logger.exception("erasure request %s failed", request.pk)
            continue
        erased += 1
    return erased


def erase_account(user: User, *, keep_posts: bool) -> None:
    """Erase the account now (the grace period is the caller's business)."""
    files: list[tuple[object, str]] = []
    user_pk = user.pk
    with maintenance():  # one transaction, in which the audit rows may lose actor and free text
        memberships = list(Membership.objects.filter(user=user).select_related("network"))
        for membership in memberships:
            erase_member_content(membership, keep_posts=keep_posts)
        membership_ids = [m.pk for m in memberships]
        stored = [s.file for s in DocumentSubmission.objects.filter(user=user)]
        stored += [e.file for e in DataExport.objects.filter(user=user)]
        files.extend((field.storage, field.name) for field in stored if field)
        # Invitations the person wrote as a moderator stay usable; their note was their words.
        Invitation.objects.filter(created_by_id__in=membership_ids).update(note="")
        _scrub_audit(user_pk, membership_ids)
        _forget_admin_history(user_pk, membership_ids)
        # Sent emails keep neither address nor text (outbox.deliver); those still waiting go whole.
        OutgoingEmail.objects.filter(recipient__iexact=user.email).delete()
        ReadFlag.objects.filter(user=user).delete()
        Membership.objects.filter(pk__in=membership_ids).delete()
        user.delete()
        AuditEvent.objects.create(
            actor=None,
            action="account.erase",
            object_type="accounts.user",
            object_id=str(user_pk),
            detail="posts kept anonymised" if keep_posts else "posts deleted",
        )
        transaction.on_commit(lambda: _delete_files(files))


def erase_member_content(membership: Membership, *, keep_posts: bool) -> None:
    """What one persona wrote and what is about it leaves its network: the features' part
    (registry), then the foundation's. The persona itself stays for the caller to delete (erasure)
    or keep as a former member (consent withdrawal)."""
    ghost = ghost_member(membership.network)
    for handler in registry.member_erasure_handlers:
        handler(membership, ghost, keep_posts=keep_posts)
    Confirmation.objects.filter(member=membership).delete()
    avatars.erase_picture(membership)  # the uploaded picture, file and field


def ghost_member(network: Network) -> Membership:
    """The network's "deleted member" persona (created on first need): signs what erased members
    chose to keep. A former member for every list, owned by an account that cannot sign in."""
    ghost_user = _ghost_user()
    name = GHOST_NAMES.get(network.language, GHOST_NAMES["en"])
    ghost, _created = Membership.objects.get_or_create(
        network=network,
        user=ghost_user,
        defaults={
            "display_name": name,
            "status": Membership.Status.LEFT,
            "member_type": Membership.MemberType.PATIENT
            if network.is_patient_network
            else Membership.MemberType.PROFESSIONAL,
        },
    )
    return ghost


def is_ghost(membership: Membership) -> bool:
    return membership.user.email == GHOST_EMAIL


def _ghost_user() -> User:
    user = User.objects.filter(email=GHOST_EMAIL).first()
    if user is None:
        user = User(email=GHOST_EMAIL, is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def _scrub_audit(user_pk: int, membership_ids: list[int]) -> None:
    """Audit rows by or about the person keep what happened and when, not their free text (which a
    moderator may have filled with something about them); the actor goes with the account."""
    about = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user_pk))
    about_personas = AuditEvent.objects.filter(
        object_type="networks.membership", object_id__in=[str(pk) for pk in membership_ids]
    )
    by = AuditEvent.objects.filter(actor_id=user_pk)
    for rows in (about, about_personas, by):
        rows.exclude(detail="").update(detail="")


def _forget_admin_history(user_pk: int, membership_ids: list[int]) -> None:
    # Django's admin history names the objects it touched (an account's str() is its email).
    user_type = ContentType.objects.get_for_model(User)
    persona_type = ContentType.objects.get_for_model(Membership)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user_pk)).delete()
    LogEntry.objects.filter(
        content_type=persona_type, object_id__in=[str(pk) for pk in membership_ids]
    ).delete()


def _delete_files(files) -> None:
    for storage, name in files:
        storage.delete(name)
