"""Existing rows take random ids (entrepairs/public_ids.py, docs/decisions/0005): the sequential ids
they had, and so every old URL, stop working.

On SQLite, changing the primary key's type rebuilt the post and thread tables, which dropped the
search triggers on them: they are created again, and the search index is rebuilt under the new ids."""

from django.db import migrations

from entrepairs.public_ids import rekey

LABELS = [
    "networks.Membership",
    "networks.Invitation",
    "discussions.Space",
    "discussions.Thread",
    "discussions.Post",
    "discussions.PostRevision",
    "discussions.Reaction",
    "discussions.ThreadFollow",
    "discussions.Notification",
    "discussions.ClinicalCase",
    "discussions.Poll",
    "discussions.PollOption",
    "discussions.PollVote",
    "discussions.EmailPreference",
    "discussions.CasePhoto",
    "messaging.Conversation",
    "messaging.Participant",
    "messaging.Message",
    "messaging.Block",
    "privacy.Confirmation",
]

# The triggers as they stand after 0003 and 0006.
SQLITE_SEARCH = [
    "DROP TRIGGER IF EXISTS discussions_post_fts_insert",
    "DROP TRIGGER IF EXISTS discussions_post_fts_update",
    "DROP TRIGGER IF EXISTS discussions_post_fts_delete",
    "DROP TRIGGER IF EXISTS discussions_thread_fts_title",
    """CREATE TRIGGER discussions_post_fts_insert AFTER INSERT ON discussions_post BEGIN
        INSERT INTO discussions_post_fts(rowid, title, body)
        VALUES (new.id, CASE WHEN new.is_first THEN (SELECT title FROM discussions_thread WHERE id = new.thread_id)
                        ELSE '' END, new.body);
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
    "DELETE FROM discussions_post_fts",
    """INSERT INTO discussions_post_fts(rowid, title, body)
        SELECT p.id, CASE WHEN p.is_first THEN t.title ELSE '' END, p.body
        FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id""",
]


def forward(apps, schema_editor):
    rekey(apps, schema_editor, LABELS)
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_SEARCH:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0011_public_ids"),
        ("networks", "0005_public_ids"),
        ("messaging", "0003_public_ids"),
        ("privacy", "0002_public_ids"),
        ("audit", "0001_initial"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
