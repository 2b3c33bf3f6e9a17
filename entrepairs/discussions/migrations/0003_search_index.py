"""Full-text search indexes: SQLite FTS5 kept in sync by triggers; PostgreSQL GIN expression
indexes over an accent-insensitive French configuration. Each runs only on its own database."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE discussions_post_fts USING fts5(
        title, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER discussions_post_fts_insert AFTER INSERT ON discussions_post BEGIN
        INSERT INTO discussions_post_fts(rowid, title, body)
        VALUES (new.id, (SELECT title FROM discussions_thread WHERE id = new.thread_id), new.body);
    END""",
    """CREATE TRIGGER discussions_post_fts_update AFTER UPDATE OF body ON discussions_post BEGIN
        UPDATE discussions_post_fts SET body = new.body WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER discussions_post_fts_delete AFTER DELETE ON discussions_post BEGIN
        DELETE FROM discussions_post_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER discussions_thread_fts_title AFTER UPDATE OF title ON discussions_thread BEGIN
        UPDATE discussions_post_fts SET title = new.title
        WHERE rowid IN (SELECT id FROM discussions_post WHERE thread_id = new.id);
    END""",
    """INSERT INTO discussions_post_fts(rowid, title, body)
        SELECT p.id, t.title, p.body FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS discussions_thread_fts_title",
    "DROP TRIGGER IF EXISTS discussions_post_fts_delete",
    "DROP TRIGGER IF EXISTS discussions_post_fts_update",
    "DROP TRIGGER IF EXISTS discussions_post_fts_insert",
    "DROP TABLE IF EXISTS discussions_post_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'entrepairs_fr') THEN
            CREATE TEXT SEARCH CONFIGURATION entrepairs_fr (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION entrepairs_fr
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE INDEX discussions_post_search ON discussions_post USING GIN (to_tsvector('entrepairs_fr', body))",
    "CREATE INDEX discussions_thread_search ON discussions_thread USING GIN (to_tsvector('entrepairs_fr', title))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS discussions_thread_search",
    "DROP INDEX IF EXISTS discussions_post_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("discussions", "0002_follows_and_notifications")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
