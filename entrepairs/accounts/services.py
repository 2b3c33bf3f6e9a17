"""Writes about accounts that reach beyond one form: closing an account everywhere at once."""

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone

from entrepairs import realtime
from entrepairs.accounts.models import PersonalAccessToken, User
from entrepairs.audit.services import record


def close_account(user: User, *, by: User | None = None) -> None:
    """The account part of deactivating (called by networks.lifecycle.deactivate_account): it can
    no longer sign in, and whatever was already open stops now: its sessions end, its API tokens are
    revoked and its open websockets close (code 4403). An operator can set the account active again;
    the ended sessions and revoked tokens stay dead. `by`: the operator doing it, audited."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        get_adapter().end_sessions(list(UserSession.objects.filter(user=user)))
        if by is not None:
            record(by, "account.deactivate", user)
        user_id = user.pk
        transaction.on_commit(lambda: realtime.close_account_sockets(user_id))
