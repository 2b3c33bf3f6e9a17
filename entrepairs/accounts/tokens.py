"""Personal access tokens: created on the account page, shown once, stored hashed, revocable, and
expiring TOKEN_LIFETIME_DAYS after their creation or last renewal. Creating and renewing ask for
the password again (allauth's reauthentication, on the pages: accounts/views.py)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entrepairs.accounts.models import PersonalAccessToken, hash_token, token_expiry
from entrepairs.errors import ActionRefused

MAX_ACTIVE_TOKENS = 20


def create_token(user, name: str) -> tuple[PersonalAccessToken, str]:
    """Returns the stored token and the raw value, which the caller shows once and forgets."""
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 80:
        raise ActionRefused(
            "invalid_token_name", _("Give the token a name of 1 to 80 characters."), field="name"
        )
    if (
        user.access_tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count()
        >= MAX_ACTIVE_TOKENS
    ):
        raise ActionRefused(
            "too_many_tokens", _("You have too many active tokens. Revoke one first."), field="name"
        )
    raw = PersonalAccessToken.generate()
    token = PersonalAccessToken.objects.create(
        user=user, name=name, token_hash=hash_token(raw), hint=raw[: len(PersonalAccessToken.PREFIX) + 4]
    )
    return token, raw


def revoke_token(user, token_id: int) -> None:
    """Revoking someone else's token, or one that does not exist, reads the same: not found."""
    updated = PersonalAccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated and not PersonalAccessToken.objects.filter(pk=token_id, user=user).exists():
        raise ActionRefused("not_found", _("Not found."), status=404)


def renew_token(user, token_id: int) -> PersonalAccessToken:
    """A live or expired (never a revoked) token of `user` gets TOKEN_LIFETIME_DAYS from now."""
    token = PersonalAccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise ActionRefused("not_found", _("Not found."), status=404)
    token.expires_at = token_expiry()
    token.save(update_fields=["expires_at"])
    return token


@dataclass(frozen=True)
class ExpiredToken:
    """A token that was valid but has expired: the API says so, so that its owner renews it."""

    expired_at: object

    def refusal(self) -> ActionRefused:
        return ActionRefused(
            "token_expired",
            _("This access token expired on %(date)s. Renew it on your account page, or create another.")
            % {"date": date_format(timezone.localtime(self.expired_at), "SHORT_DATE_FORMAT")},
            status=401,
        )


def user_for_token(raw: str | None):
    """The active account behind a raw token; an ExpiredToken if it expired; else None (unknown,
    revoked, deactivated account). Records the last use (at most once a minute)."""
    if not raw or not raw.startswith(PersonalAccessToken.PREFIX) or len(raw) > 200:
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        return ExpiredToken(token.expires_at)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
