"""Names sorted as a reader expects, accents and case aside: "Écureuil" before "Tortue", "éric" beside
"Eric" (docs/decisions/0019-phone-first-and-french.md).

Lists paginated in SQL (members, blocks, the network directory) order by `by_name(field)`, which puts
the database's own Unicode-aware collation on the column: ICU's root collation on PostgreSQL
(`und-x-icu`, built into Debian's PostgreSQL), and on SQLite a collation of ours registered on every
new connection (`install_sqlite_collation`). Lists sorted in Python use `name_key`. Both compare the
letters first (without accents, case-folded), then the accents, then the case."""

import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

SQLITE_COLLATION = "entrepairs_names"
POSTGRESQL_COLLATION = "und-x-icu"


def name_key(name: str) -> tuple[str, str, str]:
    """Sort key for a name: letters without accents, then with accents, then as written."""
    folded = name.casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return (bare, folded, name)


def sorted_by_name(items, name=lambda item: item):
    """`items` sorted by `name(item)` with `name_key`."""
    return sorted(items, key=lambda item: name_key(str(name(item))))


def _compare(left: str, right: str) -> int:
    left_key, right_key = name_key(left or ""), name_key(right or "")
    return (left_key > right_key) - (left_key < right_key)


def install_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite knows our collation on every connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


def by_name(field: str, using: str = "default") -> Collate:
    """An expression to order (and compare, for keyset pagination) `field` as a name."""
    from django.db import connections

    vendor = connections[using].vendor
    collation = POSTGRESQL_COLLATION if vendor == "postgresql" else SQLITE_COLLATION
    return Collate(F(field), collation)
