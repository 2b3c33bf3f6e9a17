"""Search costs what the network searched costs, on PostgreSQL, however large the installation.

The index of 0013 led with network_id (btree_gin), but a GIN index keeps one posting list per key
and column: matching a word still read the word's whole list, every network's posts (112,582 posts
for a common word at 200,000 posts, 63 ms), before intersecting it with the network's. Here each
lexeme is stored a second time prefixed with its network ("17.fatigu"), in `search_scope`, and
that column alone is indexed: the word's posting list in the index *is* the network's.
`search_vector` (positions and weights, for ranking and phrases) is kept but no longer indexed.

Both columns are filled by one trigger instead of a generated expression, so the three analyses
of a body are computed once (a generated column cannot read another one) and a row updated without
a new body or network (hidden, approved, counted) is not analysed again. SQLite is unchanged: its
FTS5 table already carries a `scope` token and serves small installations."""

from django.db import migrations

SCOPED = """
CREATE OR REPLACE FUNCTION entrepairs_scoped(network bigint, vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(network::text || '.' || lexeme)), ''::tsvector)
    FROM unnest(vector)
$$"""

ANALYSIS = "to_tsvector('french', {0}) || to_tsvector('entrepairs_fr', {0}) || to_tsvector('entrepairs_en', {0})"


def _table(table: str, column: str) -> list[str]:
    function = f"{table}_search_fill"
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.{column} IS NOT DISTINCT FROM OLD.{column}
               AND NEW.network_id = OLD.network_id THEN
                RETURN NEW;
            END IF;
            NEW.search_vector := {ANALYSIS.format("NEW." + column)};
            NEW.search_scope := entrepairs_scoped(NEW.network_id, NEW.search_vector);
            RETURN NEW;
        END $$""",
        f"ALTER TABLE {table} ALTER COLUMN search_vector DROP EXPRESSION",
        f"ALTER TABLE {table} ADD COLUMN search_scope tsvector",
        f"UPDATE {table} SET search_scope = entrepairs_scoped(network_id, search_vector)",
        f"""CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}()""",
        f"DROP INDEX IF EXISTS {table}_search",
        f"CREATE INDEX {table}_search ON {table} USING GIN (search_scope)",
    ]


FORWARD = [
    SCOPED,
    *_table("discussions_post", "body"),
    *_table("discussions_thread", "title"),
    # A thread's title found, its first post shown: one row per thread instead of its 20 posts read.
    "CREATE INDEX IF NOT EXISTS discussions_post_first ON discussions_post (thread_id) WHERE is_first",
    "ANALYZE discussions_post",
    "ANALYZE discussions_thread",
]


def _backward_table(table: str, column: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_search ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_search_fill()",
        f"DROP INDEX IF EXISTS {table}_search",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_scope",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({ANALYSIS.format(column)}) STORED",
        f"CREATE INDEX {table}_search ON {table} USING GIN (network_id, search_vector)",
    ]


BACKWARD = [
    "DROP INDEX IF EXISTS discussions_post_first",
    *_backward_table("discussions_post", "body"),
    *_backward_table("discussions_thread", "title"),
    "DROP FUNCTION IF EXISTS entrepairs_scoped(bigint, tsvector)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0017_merge_0015_thread_list_indexes_0016_expertnote")]
    operations = [migrations.RunPython(forward, backward)]
