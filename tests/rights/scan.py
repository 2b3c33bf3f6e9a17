"""Look for strings in every table of the database and every file of the media directory.

Tables come from the database's own catalogue, not from the models: SQLite's full-text tables and
their shadow tables, PostgreSQL's generated search vectors and any table a later change adds are
read too. Each row is compared as text (PostgreSQL: the row cast to text, search vectors included;
SQLite: every value, bytes decoded), case-insensitively."""

from pathlib import Path

from django.conf import settings
from django.db import connection


def tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(row[0] for row in cursor.fetchall())


def _rows_as_text(table: str):
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT t::text FROM {quoted} t")  # noqa: S608 - names from the catalogue
            for (text,) in cursor.fetchall():
                yield text.lower()
        else:
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the catalogue
            for row in cursor.fetchall():
                parts = []
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
                yield "\x00".join(parts).lower()


def find_in_database(strings) -> dict[str, set[str]]:
    """{string: {tables holding it}} for the strings found anywhere."""
    wanted = {s: s.lower() for s in strings}
    found: dict[str, set[str]] = {}
    for table in tables():
        for text in _rows_as_text(table):
            for original, lowered in wanted.items():
                if lowered in text:
                    found.setdefault(original, set()).add(table)
    return found


def find_in_media(strings) -> dict[str, set[str]]:
    """{string: {files whose path or content holds it}}."""
    root = Path(settings.MEDIA_ROOT)
    found: dict[str, set[str]] = {}
    if not root.exists():
        return found
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        content = path.read_bytes().decode("latin-1").lower() + "\x00" + str(path).lower()
        for string in strings:
            if string.lower() in content:
                found.setdefault(string, set()).add(str(path.relative_to(root)))
    return found
