"""Activity that a member may want to hear about outside the page: the registry between the features
that cause it (messaging, discussions, moderation) and the feature that tells the member's devices
(push). It imports nothing of the site, so that a feature announcing activity never imports the one
listening (features never import each other: docs/architecture.md, docs/decisions/0021-installable-app-and-push.md).

- `announce(activity)` (from an operation, inside its transaction): the listeners hear of it after
  commit, so nothing is ever announced that the database does not hold. It runs no statement: the
  send path of messaging keeps its exact statement count.
- `listen(handler)` (from a listener's AppConfig.ready()): `handler(activity)` for every activity,
  after commit. A listener schedules its own work (a background task) and returns at once.
- `register_unread(kind, still_unread)` (from the announcing feature's ready()): when the listener
  finally delivers, it asks `still_unread(activity, member_ids)` which of them still have it unread
  (a member who read it on another device hears nothing), with how far each has read.
- `register_count(count)` (every feature with unread items): `unread_counts(network_id, member_ids)`
  sums them, the figure on the app's icon (the header badges' total, in one query per feature).

An activity carries ids and a path only: never a text, a name or a pseudonym. The listener reads
what it shows from the database when it delivers, and shows only what the member allowed."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.db import transaction

logger = logging.getLogger(__name__)

# What there is to hear about (one setting per kind, per member and network).
MESSAGE = "message"  # a new message in a conversation the member has not muted
MENTION = "mention"  # a post naming the member
REPLY = "reply"  # a reply in a thread the member follows
ACCEPTED = "accepted"  # the member's answer was accepted
MODERATION = "moderation"  # a moderators' decision about the member, or the outcome of their report
REPORT = "report"  # for moderators: a new report to look at
KINDS = (MESSAGE, MENTION, REPLY, ACCEPTED, MODERATION, REPORT)


@dataclass(frozen=True)
class Activity:
    kind: str
    network_id: int
    recipients: tuple[int, ...]  # membership ids, in that network
    path: str  # the page that shows it (opened when the notification is tapped)
    # Activities with one key collapse into one notification until the member reads (one burst of
    # messages in a conversation: one notification, not fifty).
    collapse_key: str
    actor_id: int | None = None  # the membership that caused it (its pseudonym only if allowed)
    # The activity's place in its stream (a message's sequence), compared with the member's read
    # marker by `still_unread`; None when the feature has no stream (each activity stands alone).
    position: int | None = None
    source_id: int | None = None  # the stream (a conversation id): what `still_unread` reads
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Plain JSON for a task's arguments."""
        return asdict(self) | {"recipients": list(self.recipients)}

    @classmethod
    def from_dict(cls, data: dict) -> "Activity":
        return cls(**{**data, "recipients": tuple(data["recipients"])})


_listeners: list[Callable[[Activity], None]] = []
# kind -> still_unread(activity, member_ids) -> {member id: the position read up to, or None}
_unread: dict[str, Callable[[Activity, list[int]], dict[int, int | None]]] = {}
_counts: list[Callable[[int, list[int]], dict[int, int]]] = []


def listen(handler: Callable[[Activity], None]) -> None:
    if handler not in _listeners:
        _listeners.append(handler)


def register_unread(kind: str, still_unread: Callable[[Activity, list[int]], dict[int, int | None]]) -> None:
    """`still_unread(activity, member_ids)`: those of `member_ids` who still have the activity unread
    (absent: read already, or no longer concerned), each with the position read up to (None when
    the kind has no stream)."""
    _unread[kind] = still_unread


def still_unread(activity: Activity, member_ids: Iterable[int]) -> dict[int, int | None]:
    """Members still to tell. A kind without a registered check counts as unread."""
    member_ids = list(member_ids)
    check = _unread.get(activity.kind)
    if check is None:
        return dict.fromkeys(member_ids)
    return check(activity, member_ids)


def register_count(count: Callable[[int, list[int]], dict[int, int]]) -> None:
    """`count(network_id, member_ids)`: each member's unread items of the feature in the network."""
    if count not in _counts:
        _counts.append(count)


def unread_counts(network_id: int, member_ids: Iterable[int]) -> dict[int, int]:
    member_ids = list(member_ids)
    totals = dict.fromkeys(member_ids, 0)
    for count in _counts:
        for member_id, unread in count(network_id, member_ids).items():
            totals[member_id] = totals.get(member_id, 0) + unread
    return totals


def announce(activity: Activity) -> None:
    """Tell the listeners after commit (at once outside a transaction). No statement runs here."""
    if not activity.recipients or not _listeners:
        return
    transaction.on_commit(lambda: _dispatch(activity), robust=True)


def _dispatch(activity: Activity) -> None:
    for handler in _listeners:
        try:
            handler(activity)
        except Exception:  # a listener never undoes what was committed, nor stops the others
            logger.exception("activity: a listener failed for a %s activity", activity.kind)
