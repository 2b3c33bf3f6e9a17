"""PostgreSQL: store the search vectors as generated columns, so ranking reads them instead of
parsing every matching post again (the ORM does not map these columns; PostgreSQL fills them)."""

from django.db import migrations

FORWARD = [
    """ALTER TABLE discussions_post ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('entrepairs_fr', body)) STORED""",
    """ALTER TABLE discussions_thread ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('entrepairs_fr', title)) STORED""",
    "DROP INDEX IF EXISTS discussions_post_search",
    "DROP INDEX IF EXISTS discussions_thread_search",
    "CREATE INDEX discussions_post_search ON discussions_post USING GIN (search_vector)",
    "CREATE INDEX discussions_thread_search ON discussions_thread USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS discussions_post_search",
    "DROP INDEX IF EXISTS discussions_thread_search",
    "ALTER TABLE discussions_post DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE discussions_thread DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("discussions", "0003_search_index")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
