"""Personal access tokens: created on the account page, shown once, stored hashed, revocable."""

from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.models import PersonalAccessToken, hash_token
from entrepairs.errors import ActionRefused

MAX_ACTIVE_TOKENS = 20


def create_token(user, name: str) -> tuple[PersonalAccessToken, str]:
    """Returns the stored token and the raw value, which the caller shows once and forgets."""
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 80:
        raise ActionRefused(
            "invalid_token_name", _("Give the token a name of 1 to 80 characters."), field="name"
        )
    if user.access_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
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


def user_for_token(raw: str | None):
    """The active account behind a raw token, or None. Records the last use (at most once a minute)."""
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
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
