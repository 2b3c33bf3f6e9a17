"""What one feature offers another, through the foundation (features never import each other:
docs/architecture.md). The features fill these lists from their AppConfig.ready().

- `register_thread_starter(start, url_of)`: discussions starts a linked thread for another feature
  (the magazine's question of the day) and says where a thread lives.
- `register_digest_source(name, produce)`: what a feature puts in a member's email digest (the
  magazine builds the digest; discussions adds its useful threads and unanswered questions,
  messaging the unread messages count). `produce(member, since, limit)` returns a list of
  `DigestItem` (or a count for `count` sources) read through the feature's own access rules: only
  what `member` may see in its network, nothing of a network it left.
- `register_digest_notifications(recipients, take)`: the notifications a persona chose to receive
  "daily" ride in its digest (one email a day at most): `recipients()` is a queryset of the ids of
  the personas with notifications not emailed yet, `take(member)` marks them emailed in the caller's
  transaction (the one that records the digest) and returns how many there were."""

from collections.abc import Callable
from dataclasses import dataclass

from entrepairs.networks.models import Membership

_thread_starters: list[tuple[Callable, Callable]] = []
digest_sources: dict[str, Callable] = {}


@dataclass(frozen=True)
class DigestItem:
    title: str
    path: str  # a path inside the site (the email makes it absolute)
    detail: str = ""  # "3 replies", never any words of a member


_digest_notifications: list[tuple[Callable, Callable]] = []


def register_digest_notifications(recipients: Callable, take: Callable[[Membership], int]) -> None:
    if (recipients, take) not in _digest_notifications:
        _digest_notifications.append((recipients, take))


def notification_recipients():
    """A queryset of ids of personas with notifications waiting for their daily email, or None."""
    for recipients, _take in _digest_notifications:
        return recipients()
    return None


def take_notifications(member: Membership) -> int:
    """Mark `member`'s waiting notifications emailed (in the caller's transaction); how many."""
    return sum(take(member) for _recipients, take in _digest_notifications)


def register_thread_starter(start: Callable[[Membership, str, str], int], url_of: Callable[[str, int], str]):
    if (start, url_of) not in _thread_starters:
        _thread_starters.append((start, url_of))


def start_thread(member: Membership, title: str, body: str) -> int | None:
    """The id of a new discussion thread started by `member`, or None where no feature starts
    threads. Refusals (ActionRefused) of the feature go up to the caller."""
    for start, _url_of in _thread_starters:
        return start(member, title, body)
    return None


def thread_path(network_slug: str, thread_id: int | None) -> str | None:
    if thread_id is None:
        return None
    for _start, url_of in _thread_starters:
        return url_of(network_slug, thread_id)
    return None


def register_digest_source(name: str, produce: Callable) -> None:
    digest_sources[name] = produce


def digest_section(name: str, member: Membership, since, limit: int = 5):
    """A section of `member`'s digest from the feature that registered it (empty if none did)."""
    produce = digest_sources.get(name)
    if produce is None:
        return 0 if name.endswith("_count") else []
    return produce(member, since, limit)


# --- Network analytics: aggregates only ----------------------------------------------------------
# `register_analytics_source(name, produce)`: `produce(network_ids, start)` returns aggregates of the
# feature over the networks since `start` (counts by day, by network), never a member, a text or a
# title. "contributors" sources return a values queryset of member ids (unioned, then counted).
analytics_sources: dict[str, Callable] = {}


def register_analytics_source(name: str, produce: Callable) -> None:
    analytics_sources[name] = produce


def analytics(name: str, *args, default=None):
    produce = analytics_sources.get(name)
    return default if produce is None else produce(*args)
