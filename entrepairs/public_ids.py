"""Identifiers of network content that reveal nothing about other networks.

A sequence shared by the whole installation leaks: the gap between two thread ids seen in one
network counts what every other network created meanwhile, and two personas of one account joining
two networks one after the other got neighbouring ids (101 and 102) that paired them. So personas
and every network-scoped object get a random primary key instead (docs/decisions/0005): no order,
no gap, nothing shared between networks.

Random over [2**32, 2**53): below 2**53 so that browsers read them exactly as JSON numbers, and
above every id an installation handed out before (so re-keying old rows never meets a live id). With
about 2**52.9 values, the chance that a new row meets an existing id is n / 9.0e15 for a table of n
rows (one in 900 million for ten million rows); the insert then fails its primary key and the
operation's transaction rolls back like any other refused write."""

import secrets

from django.db import models

LOWEST = 2**32
HIGHEST = 2**53  # exclusive: JavaScript's Number.MAX_SAFE_INTEGER is 2**53 - 1
# The largest id the column holds (signed 64-bit): a larger one from outside is refused before any query.
MAX_ID = 2**63 - 1


def new_public_id() -> int:
    return LOWEST + secrets.randbelow(HIGHEST - LOWEST)


class PublicIdField(models.BigIntegerField):
    """A random primary key (see the module's docstring). Rows get it when built, so an insert
    needs no RETURNING and bulk_create knows every id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", new_public_id)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("serialize", False)
        kwargs.setdefault("verbose_name", "ID")
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        # On SQLite, "integer primary key" makes the id the table's rowid: one B-tree lookup per row.
        # Declared "bigint", the table kept a hidden rowid plus an index on the id, and every lookup
        # and join by id walked both (about 15% more database time per message sent).
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        for key in ("primary_key", "default", "editable", "serialize", "verbose_name"):
            kwargs.pop(key, None)
        return name, "entrepairs.public_ids.PublicIdField", args, kwargs


def rekey(apps, schema_editor, labels: list[str]) -> None:
    """Give every existing row of these models a random id, and follow it in every column that
    refers to it (foreign keys, many-to-many tables, the audit log). Old URLs stop working.

    Foreign keys are checked at commit (Django declares them DEFERRABLE INITIALLY DEFERRED), so a
    parent can take its new id before its children follow."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    audit_table = apps.get_model("audit", "AuditEvent")._meta.db_table
    taken: set[int] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The audit log refuses edits (audit/migrations/0003): following a new id is the one
            # change its rows take, as the erasure and retention jobs do (audit.models.maintenance).
            cursor.execute("SET LOCAL entrepairs.audit_maintenance = 'on'")
        for label in labels:
            model = apps.get_model(label)
            table = model._meta.db_table
            referring = [
                (field.related_model._meta.db_table, field.field.column)
                for field in model._meta.get_fields(include_hidden=True)
                if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
            ]
            cursor.execute(f"SELECT id FROM {quote(table)}")  # noqa: S608 (table names from the models)
            old_ids = [row[0] for row in cursor.fetchall()]
            pairs = []
            for old in old_ids:
                new = new_public_id()
                while new in taken:
                    new = new_public_id()
                taken.add(new)
                pairs.append((new, old))
            if not pairs:
                continue
            cursor.executemany(f"UPDATE {quote(table)} SET id = %s WHERE id = %s", pairs)  # noqa: S608
            for other_table, column in referring:
                cursor.executemany(
                    f"UPDATE {quote(other_table)} SET {quote(column)} = %s WHERE {quote(column)} = %s",  # noqa: S608
                    pairs,
                )
            cursor.executemany(
                f"UPDATE {quote(audit_table)} SET object_id = %s WHERE object_type = %s AND object_id = %s",  # noqa: S608
                [(str(new), model._meta.label_lower, str(old)) for new, old in pairs],
            )
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL entrepairs.audit_maintenance = 'off'")
