"""Writes about accounts that reach beyond one form: closing an account everywhere at once."""

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone

from entrepairs.accounts.models import PersonalAccessToken, User
from entrepairs.audit.services import record
from entrepairs.messaging.services import close_account_sockets


def deactivate_account(user: User, *, by: User | None = None) -> None:
    """Kept for callers of accounts: deactivating is one lifecycle operation, which also ends the
    account's memberships' conversations and audiences (networks.lifecycle.deactivate_account)."""
    # networks.lifecycle imports this module (close_account): a local import breaks the cycle.
    from entrepairs.networks.lifecycle import deactivate_account as end_everything

    end_everything(user, by=by)


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
        close_account_sockets(user)
