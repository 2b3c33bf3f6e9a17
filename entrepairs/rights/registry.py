"""The lists the features fill at start-up (AppConfig.ready()) so that the members' rights, in the
foundation, reach their data without importing them (docs/architecture.md, "The registries").

- `on_member_erasure(handler)`: `handler(membership, ghost, keep_posts=...)` removes or anonymises
  what the persona wrote in the feature (posts, messages, files) and what is about it (follows,
  votes, notifications). `ghost` is the network's "deleted member" persona, the new author of what is
  kept. Used by account erasure (every persona) and consent withdrawal (one persona). Runs inside
  the transaction; files are deleted with transaction.on_commit.
- `on_export(handler)`: `handler(user) -> ExportPart`: the rows (JSON-ready dicts, others named by
  pseudonym only) and the files the account's export carries from the feature.
- `on_retention(handler)`: `handler(network, retention, now) -> dict[str, int]`: deletes what is
  older than the network's retention periods; returns counts by kind."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ExportPart:
    # {"discussions.posts": [{...}, ...]}: one list per kind of row.
    sections: dict[str, list[dict]] = field(default_factory=dict)
    # (path inside the ZIP, Django FieldFile): copied as they are.
    files: list[tuple[str, object]] = field(default_factory=list)


member_erasure_handlers: list[Callable] = []
detach_handlers: list[Callable] = []
export_handlers: list[Callable] = []
retention_handlers: list[Callable] = []


def _add(handlers: list, handler) -> None:
    if handler not in handlers:
        handlers.append(handler)


def on_member_erasure(handler: Callable) -> None:
    _add(member_erasure_handlers, handler)


def on_detach(handler: Callable) -> None:
    """`handler(membership, former, before) -> int`: what the persona wrote before `before` is signed
    by `former` (the network's "former member" persona) instead; returns how many items moved."""
    _add(detach_handlers, handler)


def on_export(handler: Callable) -> None:
    _add(export_handlers, handler)


def on_retention(handler: Callable) -> None:
    _add(retention_handlers, handler)
