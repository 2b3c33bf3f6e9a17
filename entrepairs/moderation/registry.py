"""What can be reported, and how moderation reaches it, without importing the features.

Moderation sits with the foundation (docs/decisions/0013-moderation-registry.md): discussions and
messaging import it (reports, watched words, crisis response, suspensions) and it imports neither. Each
feature registers its reportable kinds from its AppConfig.ready(); a kind says how to find an item
*as the reporter sees it* (the feature's own access-layer lookup: 404 for what they cannot see), who
wrote it, what to show the moderators, and how to hide it or edit personal data out of it."""

from collections.abc import Callable
from dataclasses import dataclass

from entrepairs.networks.models import Membership


@dataclass(frozen=True)
class ReportableKind:
    name: str  # "post", "thread", "message", "member": stable, in URLs and the API
    label: str  # translated lazily by the caller's gettext_lazy
    # find(member, object_id) -> item, Http404 when the member cannot see it (the access layer)
    find: Callable[[Membership, int], object]
    # find_for_moderator(moderator, object_id) -> item or None, hidden items included (the queue)
    find_for_moderator: Callable[[Membership, int], object | None]
    author_of: Callable[[object], Membership]
    text_of: Callable[[object], str]  # what the moderators read (never shown to the author's reporters)
    url_of: Callable[[object], str | None]  # the item in context, for moderators; None when it has no page
    hide: Callable[[Membership, object], None] | None = None
    unhide: Callable[[Membership, object], None] | None = None
    # redact(moderator, item, new_text): the item's text replaced; the caller keeps the original
    redact: Callable[[Membership, object, str], None] | None = None
    # approve(moderator, item): an item held for approval is published, and only then counted and
    # announced (the feature's counters, notifications and mentions); None: the flag is just cleared
    approve: Callable[[Membership, object], None] | None = None
    # Where the reporter goes back to after reporting, when not url_of (a message: its conversation)
    reporter_url_of: Callable[[object], str] | None = None


_kinds: dict[str, ReportableKind] = {}


def register(kind: ReportableKind) -> None:
    _kinds[kind.name] = kind


def get(name: str) -> ReportableKind | None:
    return _kinds.get(name)


def names() -> list[str]:
    return sorted(_kinds)
