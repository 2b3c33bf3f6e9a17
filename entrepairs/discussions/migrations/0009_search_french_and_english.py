"""PostgreSQL search stems French and English: the stored vectors hold three analyses: French
stems of the accented words, stems of the unaccented words (for queries typed without accents),
and English stems. Queries are matched under the same three."""

from django.db import migrations

FORWARD = [
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'entrepairs_en') THEN
            CREATE TEXT SEARCH CONFIGURATION entrepairs_en (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION entrepairs_en
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
    END $$""",
    "DROP INDEX IF EXISTS discussions_post_search",
    "DROP INDEX IF EXISTS discussions_thread_search",
    "ALTER TABLE discussions_post DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE discussions_thread DROP COLUMN IF EXISTS search_vector",
    """ALTER TABLE discussions_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('french', body) || to_tsvector('entrepairs_fr', body) || to_tsvector('entrepairs_en', body)) STORED""",
    """ALTER TABLE discussions_thread ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('french', title) || to_tsvector('entrepairs_fr', title) || to_tsvector('entrepairs_en', title))
        STORED""",
    "CREATE INDEX discussions_post_search ON discussions_post USING GIN (search_vector)",
    "CREATE INDEX discussions_thread_search ON discussions_thread USING GIN (search_vector)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0008_email_preferences")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
