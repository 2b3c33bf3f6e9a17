"""Keyset pagination over (sort key, id): stable under inserts, constant cost on any page (no OFFSET)."""

import base64
import binascii
from datetime import datetime

from django.db.models import Q, QuerySet

from entrepairs.moments import in_utc
from entrepairs.public_ids import MAX_ID


def encode_cursor(sort_value: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{sort_value}\x00{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[str, int] | None:
    """A malformed cursor reads as 'from the start' rather than an error: it is only a bookmark."""
    if not cursor or len(cursor) > 400:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        sort_value, pk = raw.split("\x00")
        return sort_value, int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def keyset_page(
    queryset: QuerySet,
    *,
    sort_field: str,
    cursor: str | None,
    limit: int,
    descending: bool = False,
    parse=str,
):
    """Returns (items, next_cursor). `queryset` must be ordered by (sort_field, id), ascending, or
    descending when `descending`. `parse` turns the cursor's text back into a sort value."""
    position = cursor_position(cursor, parse)
    if position is not None:
        sort_value, pk = position
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{sort_field}__{after}": sort_value}) | Q(**{sort_field: sort_value, f"id__{after}": pk})
        )
    return page_of(list(queryset[: limit + 1]), sort_field=sort_field, limit=limit)


def cursor_position(cursor: str | None, parse=str) -> tuple | None:
    """(sort value, id) after which the page starts; None from the start, a damaged bookmark too."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    sort_value, pk = position
    try:
        sort_value = parse(sort_value)
        if isinstance(sort_value, datetime):
            sort_value = in_utc(sort_value)  # an offset PostgreSQL refuses, in a bookmark anyone can edit
    except ValueError:
        return None
    if sort_value is None or not 0 < pk <= MAX_ID:  # an id the column cannot hold: a database overflow
        return None
    return sort_value, pk


def page_of(items: list, *, sort_field: str, limit: int):
    """(items, next_cursor) from up to `limit + 1` rows read in the page's order."""
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        value = getattr(last, sort_field)
        next_cursor = encode_cursor(value.isoformat() if hasattr(value, "isoformat") else str(value), last.pk)
    return items, next_cursor
