"""How much one account, or one address, may read: on pages and in the API alike.

- Every read counts against a per-account limit (signed in) and a per-address limit (everyone from
  that IP, signed in or not), a minute at a time: READ_LIMITS["page"] on pages (the API has its own
  per-account limit, API_RATE_LIMIT_PER_MINUTE); search has its own, lower, READ_LIMITS["search"],
  since each search costs the database far more than a page (300 searches in 10 s were answered).
- Profiles and threads are also counted over a longer window (SCRAPING_LIMITS): a member reading
  hundreds in minutes is copying the community, which is how the 2010 scraping of a patient
  network was caught. Past the limit they are slowed (429 until the window ends) and flagged once
  per window to operators (ReadFlag, on the operator page). Nobody is banned automatically.

Every refusal is ActionRefused("rate_limited", status 429) with `retry_after`: pages and the API
send it as Retry-After."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs import throttles
from entrepairs.accounts.models import ReadFlag
from entrepairs.errors import ActionRefused

# The views whose reads are counted as searches, profiles or threads, pages and API alike.
SCOPES = {
    "discussions:search": "search",
    "api:search_posts": "search",
    "networks:member_detail": "profile",
    "networks:members": "profile",
    "api:list_members": "profile",
    "discussions:thread": "thread",
    "api:get_thread": "thread",
}


def check_page_read(user, address: str, view_name: str) -> None:
    """A page read (GET or HEAD): the general page limit, then the view's own scope."""
    limit = settings.READ_LIMITS["page"]
    _check("page", user, address, limit)
    check_scoped_read(user, address, view_name)


def check_scoped_read(user, address: str, view_name: str) -> None:
    """Searches, profiles and threads: their own limits (pages and API)."""
    scope = SCOPES.get(view_name)
    if scope in settings.READ_LIMITS:
        _check(scope, user, address, settings.READ_LIMITS[scope])
    if scope in settings.SCRAPING_LIMITS:
        _watch(scope, user, address)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _check(scope: str, user, address: str, limit: dict) -> None:
    # The address's count and the account's in one round trip with Redis.
    checks = [(f"read-{scope}-ip", address, limit["ip"], limit["seconds"])]
    if _signed_in(user):
        checks.append((f"read-{scope}", user.pk, limit["account"], limit["seconds"]))
    verdicts = throttles.hit_many(checks)
    refused = [verdict for verdict in verdicts if not verdict.allowed]
    if refused:
        raise _too_many(max(verdict.retry_after for verdict in refused))


def _watch(kind: str, user, address: str) -> None:
    views, seconds = settings.SCRAPING_LIMITS[kind]
    ident = f"user:{user.pk}" if _signed_in(user) else f"ip:{address}"
    verdict = throttles.hit(f"scraping-{kind}", ident, limit=views, seconds=seconds)
    if verdict.allowed:
        return
    if verdict.count == views + 1:  # the first read past the limit in this window: flagged once
        ReadFlag.objects.create(
            user=user if _signed_in(user) else None,
            address="" if _signed_in(user) else address[:45],
            kind=kind,
            views=verdict.count,
            seconds=seconds,
            flagged_at=timezone.now(),
        )
    raise _too_many(verdict.retry_after)


def _too_many(retry_after: int) -> ActionRefused:
    return ActionRefused(
        "rate_limited",
        _("You are reading faster than people do. Wait %(seconds)d seconds, then continue.")
        % {"seconds": retry_after},
        status=429,
        retry_after=retry_after,
    )


def recent_flags(limit: int = 50):
    """The latest flags, newest first, for the operator page (one query: the account joined)."""
    return ReadFlag.objects.select_related("user").order_by("-flagged_at", "-id")[:limit]
