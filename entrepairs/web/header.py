"""The figures every network page shows in its header: one badge per feature, such as unread
notifications (the bell, discussions) and unread private messages (the Messages badge, messaging).

Every network page has an exact query budget, so all the badges come from one SELECT with one scalar
subquery each. The subqueries are the features' own reads, registered with `register_badge` from
their AppConfig.ready(), so what a badge counts is what the feature's list shows, and the frame
imports no feature."""

from collections.abc import Callable, Iterator, Mapping

from django.db.models import QuerySet

from entrepairs.networks import access
from entrepairs.networks.models import Membership
from entrepairs.prepared import Prepared

# Badge name -> the persona's unread items (a queryset, counted in SQL). Filled at start-up.
_badges: dict[str, Callable[[Membership], QuerySet]] = {}


def register_badge(name: str, unread: Callable[[Membership], QuerySet]) -> None:
    """`unread(member)`: the queryset of what the badge counts for that persona (the feature's own
    read, so that the badge and the feature's list agree). It may read the persona's `pk`,
    `network_id`, `user_id` and `role` (and what derives from it, `is_moderator`) and nothing else:
    the header compiles the badges' SELECT once per role with those ids as parameters. `name` is how templates read the count
    (`counts.<name>`)."""
    _badges[name] = unread


class HeaderCounts(Mapping):
    """The header's counts by badge name, 0 for every badge not given; read as `counts.messages` in
    templates and code alike."""

    def __init__(self, **counts: int):
        self._counts = dict.fromkeys(_badges, 0) | counts

    def __getitem__(self, name: str) -> int:
        return self._counts[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def __getattr__(self, name: str) -> int:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._counts[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"HeaderCounts({self._counts!r})"


def _badges_row(member_id: int, network_id: int, user_id: int, *, variant) -> QuerySet:
    """The one SELECT of every badge, for a stand-in persona made of the three ids and the role (a
    badge reads nothing else of the persona: `register_badge`)."""
    role, names = variant
    member = Membership(pk=member_id, network_id=network_id, user_id=user_id, role=role)
    return (
        access.persona_row(member)
        .order_by()
        .values(
            # Prefixed: a badge's name may be a reverse relation of Membership ("messages").
            **{f"badge_{name}": access.count_subquery(_badges[name](member)) for name in names}
        )
    )


# Every network page runs it: compiled once per process and role (entrepairs/prepared.py), which
# was most of its cost (about 2 ms of CPU a page).
_badges_statement = Prepared(_badges_row, ("int", "int", "int"))


def header_counts(member: Membership | None) -> HeaderCounts:
    """Every badge's count for a persona, in one query."""
    if member is None or not getattr(member, "pk", None) or not _badges:
        return HeaderCounts()
    return HeaderCounts(**_counts(member, tuple(_badges)))


def badge_count(member: Membership, name: str) -> int:
    """One badge's count, the header's own statement with that badge alone (compiled once per process
    and role): what the badges htmx polls answer, every 30 s for every page left open."""
    return _counts(member, (name,)).get(name, 0)


def _counts(member: Membership, names: tuple[str, ...]) -> dict[str, int]:
    """The named badges' counts for a persona, one statement; none when the persona has no row."""
    row = _badges_statement.first_values(
        member.pk, member.network_id, member.user_id, variant=(member.role, names)
    )
    return {} if row is None else {name: row[f"badge_{name}"] for name in names}
