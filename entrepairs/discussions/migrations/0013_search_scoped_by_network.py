"""Search costs what the network searched costs, not what the installation holds.

PostgreSQL: the full-text indexes lead with network_id (btree_gin), so one index scan intersects the
network's entries with the word's instead of matching the word in every network and filtering after.
SQLite: each indexed row carries its network as a token of a `scope` column, and the query matches
that token with the words, so FTS5 intersects the two posting lists the same way."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS discussions_post_search",
    "DROP INDEX IF EXISTS discussions_thread_search",
    "CREATE INDEX discussions_post_search ON discussions_post USING GIN (network_id, search_vector)",
    "CREATE INDEX discussions_thread_search ON discussions_thread USING GIN (network_id, search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS discussions_post_search",
    "DROP INDEX IF EXISTS discussions_thread_search",
    "CREATE INDEX discussions_post_search ON discussions_post USING GIN (search_vector)",
    "CREATE INDEX discussions_thread_search ON discussions_thread USING GIN (search_vector)",
]

_TRIGGERS = ["post_fts_insert", "post_fts_update", "post_fts_delete", "thread_fts_title"]
SQLITE = [
    *(f"DROP TRIGGER IF EXISTS discussions_{name}" for name in _TRIGGERS),
    "DROP TABLE IF EXISTS discussions_post_fts",
    """CREATE VIRTUAL TABLE discussions_post_fts USING fts5(
        title, body, scope, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER discussions_post_fts_insert AFTER INSERT ON discussions_post BEGIN
        INSERT INTO discussions_post_fts(rowid, title, body, scope)
        VALUES (new.id, CASE WHEN new.is_first THEN (SELECT title FROM discussions_thread WHERE id = new.thread_id)
                        ELSE '' END, new.body, 'n' || new.network_id);
    END""",
    """CREATE TRIGGER discussions_post_fts_update AFTER UPDATE OF body ON discussions_post BEGIN
        UPDATE discussions_post_fts SET body = new.body WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER discussions_post_fts_delete AFTER DELETE ON discussions_post BEGIN
        DELETE FROM discussions_post_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER discussions_thread_fts_title AFTER UPDATE OF title ON discussions_thread BEGIN
        UPDATE discussions_post_fts SET title = new.title
        WHERE rowid IN (SELECT id FROM discussions_post WHERE thread_id = new.id AND is_first);
    END""",
    """INSERT INTO discussions_post_fts(rowid, title, body, scope)
        SELECT p.id, CASE WHEN p.is_first THEN t.title ELSE '' END, p.body, 'n' || p.network_id
        FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id""",
]


def forward(apps, schema_editor):
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0012_rekey_public_ids")]
    operations = [migrations.RunPython(forward, backward)]
