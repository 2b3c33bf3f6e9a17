"""SQLite search: the thread title is indexed with the thread's first post only, so a title match
returns the thread once instead of once per reply."""

from django.db import migrations

FORWARD = [
    "DROP TRIGGER IF EXISTS discussions_post_fts_insert",
    "DROP TRIGGER IF EXISTS discussions_thread_fts_title",
    """CREATE TRIGGER discussions_post_fts_insert AFTER INSERT ON discussions_post BEGIN
        INSERT INTO discussions_post_fts(rowid, title, body)
        VALUES (new.id, CASE WHEN new.is_first THEN (SELECT title FROM discussions_thread WHERE id = new.thread_id)
                        ELSE '' END, new.body);
    END""",
    """CREATE TRIGGER discussions_thread_fts_title AFTER UPDATE OF title ON discussions_thread BEGIN
        UPDATE discussions_post_fts SET title = new.title
        WHERE rowid IN (SELECT id FROM discussions_post WHERE thread_id = new.id AND is_first);
    END""",
    """UPDATE discussions_post_fts SET title = ''
        WHERE rowid IN (SELECT id FROM discussions_post WHERE NOT is_first)""",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0005_follow_last_read")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
