"""Import of the Annuaire Santé extraction ("PS_LibreAcces_Personne_activite").

The file is UTF-8, pipe-separated, with a header row; every line (header included) ends with a `|`.
There is one row per activity and workplace, so one professional spans several rows, usually
consecutive. About two million rows: the importer reads one line at a time from any iterable of
lines (a file object, a generator) and writes in batches, so memory stays constant whatever the size.

Re-importing is an upsert. Each batch replaces the activities of its people that came from an older
run (activities already written by this run are kept, so a person whose rows are not consecutive
keeps them all). At the end, people the new file no longer contains are marked `listed=False`.

A malformed row (wrong number of columns, bad identifier, unknown identifier type, undecodable
bytes) is counted and reported with its line number; it never stops the import. A file whose header
lacks a needed column is refused before anything is written: it is not the expected extraction.
"""

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from entrepairs.professionals import identifiers
from entrepairs.professionals.identifiers import IdentifierType
from entrepairs.professionals.models import (
    DirectoryActivity,
    DirectoryImport,
    DirectoryLabel,
    DirectoryPerson,
)

# The columns we read, found by name in the header (their position may change between versions).
COLUMNS = {
    "id_type": "Type d'identifiant PP",
    "identifier": "Identifiant PP",
    "national_id": "Identification nationale PP",
    "civility": "Code civilité d'exercice",
    "last_name": "Nom d'exercice",
    "first_name": "Prénom d'exercice",
    "profession_code": "Code profession",
    "profession_label": "Libellé profession",
    "category_code": "Code catégorie professionnelle",
    "savoir_faire_type": "Code type savoir-faire",
    "savoir_faire_code": "Code savoir-faire",
    "savoir_faire_label": "Libellé savoir-faire",
    "mode_code": "Code mode exercice",
}

DEFAULT_BATCH_SIZE = 5000
# Refuse to unlist more than this share of the listed people in one run unless told to: a truncated
# download must not make half the country unverifiable overnight.
DEFAULT_MAX_UNLISTED_SHARE = 0.5


class DirectoryFormatError(Exception):
    """The file is not the expected extraction (missing column, empty file). Nothing was written."""


@dataclass
class _Person:
    civility: str
    last_name: str
    first_name: str
    activities: set = field(default_factory=set)


@dataclass
class Header:
    width: int  # number of fields of every line, the empty one after the trailing `|` included
    positions: dict[str, int]


def parse_header(line: str) -> Header:
    names = line.lstrip("\ufeff").rstrip("\r\n").split("|")
    positions = {}
    missing = []
    for key, name in COLUMNS.items():
        if name in names:
            positions[key] = names.index(name)
        else:
            missing.append(name)
    if missing:
        raise DirectoryFormatError(
            "the header lacks these columns: " + ", ".join(repr(name) for name in missing)
        )
    return Header(width=len(names), positions=positions)


def parse_row(line: str, header: Header) -> tuple[str, tuple, tuple, dict]:
    """(national_id, (civility, last, first), activity, labels) or ValueError(reason)."""
    values = line.rstrip("\r\n").split("|")
    if len(values) != header.width:
        raise ValueError(f"expected {header.width - 1} columns, found {len(values) - 1}")
    p = header.positions
    id_type = values[p["id_type"]].strip()
    kind = identifiers.TYPE_BY_DIRECTORY_DIGIT.get(id_type)
    if kind is None:
        raise ValueError(f"unknown identifier type {id_type!r}")
    identifier = values[p["identifier"]].strip()
    if not identifier.isascii() or not identifier.isdigit():
        raise ValueError(f"identifier {identifier!r} is not made of digits")
    if len(identifier) != identifiers.LENGTHS[kind]:
        raise ValueError(f"{kind} identifier {identifier!r} does not have {identifiers.LENGTHS[kind]} digits")
    if kind == IdentifierType.RPPS and not identifiers.has_valid_check_digit(kind, identifier):
        raise ValueError(f"RPPS {identifier} has a wrong check digit")
    national_id = id_type + identifier
    published = values[p["national_id"]].strip()
    if published and published != national_id:
        raise ValueError(f"national identifier {published!r} does not match {national_id!r}")
    last_name = values[p["last_name"]].strip()
    if not last_name:
        raise ValueError("empty last name")
    profession_code = values[p["profession_code"]].strip()
    if not profession_code.isdigit() or len(profession_code) > 4:
        raise ValueError(f"profession code {profession_code!r} is not a number")
    savoir_faire_code = values[p["savoir_faire_code"]].strip()
    activity = (
        profession_code,
        values[p["category_code"]].strip()[:2],
        values[p["savoir_faire_type"]].strip()[:4],
        savoir_faire_code[:8],
        values[p["mode_code"]].strip()[:2],
    )
    labels = {("profession", profession_code): values[p["profession_label"]].strip()}
    if savoir_faire_code:
        labels[("savoir_faire", savoir_faire_code[:8])] = values[p["savoir_faire_label"]].strip()
    person = (values[p["civility"]].strip()[:8], last_name[:120], values[p["first_name"]].strip()[:120])
    return national_id, person, activity, labels


class Progress:
    """A progress line on stderr every `every` seconds: rows read, rate, share of the file done."""

    def __init__(self, *, total_bytes: int | None = None, stream=None, every: float = 2.0):
        self.total_bytes = total_bytes
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, rows: int, bytes_read: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last < self.every:
            return
        self.last = now
        rate = rows / max(now - self.started, 1e-9)
        share = f" {100 * bytes_read / self.total_bytes:5.1f}%" if self.total_bytes else ""
        end = "\n" if final or not self.stream.isatty() else "\r"
        self.stream.write(f"annuaire:{share} {rows:,} rows read, {rate:,.0f} rows/s{end}")
        self.stream.flush()


class DirectoryImporter:
    def __init__(
        self,
        *,
        source_name: str,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[..., None] | None = None,
        max_unlisted_share: float = DEFAULT_MAX_UNLISTED_SHARE,
    ):
        self.batch_size = max(1, batch_size)
        self.progress = progress
        self.max_unlisted_share = max_unlisted_share
        self.run = DirectoryImport.objects.create(source_name=source_name[:255])
        self.pending: dict[str, _Person] = {}
        self.labels: dict[tuple[str, str], str] = {}  # a few hundred codes at most
        self.bytes_read = 0

    def import_lines(self, lines: Iterable[bytes | str]) -> DirectoryImport:
        """Read `lines` once, front to back (any iterable: never indexed, never read whole)."""
        run = self.run
        iterator = iter(lines)
        try:
            header_line = next(iterator, None)
            if header_line is None:
                raise DirectoryFormatError("the file is empty")
            header = parse_header(self._decode(header_line))
            last_id = None
            for line_number, raw in enumerate(iterator, start=2):
                text = self._decode(raw, line_number=line_number)
                if text is None or not text.strip():
                    continue
                run.rows_read += 1
                try:
                    national_id, person, activity, labels = parse_row(text, header)
                except ValueError as reason:
                    self._malformed(line_number, str(reason))
                    continue
                # Flush only between two people, so one person's consecutive rows share a batch.
                if national_id != last_id and len(self.pending) >= self.batch_size:
                    self._flush()
                last_id = national_id
                entry = self.pending.get(national_id)
                if entry is None:
                    entry = self.pending[national_id] = _Person(*person)
                entry.activities.add(activity)
                for key, label in labels.items():
                    if label and key not in self.labels:
                        self.labels[key] = label
                run.rows_imported += 1
                if self.progress:
                    self.progress(run.rows_read, self.bytes_read)
            self._flush()
            self._save_labels()
            self._finish()
        except Exception as error:
            run.status = DirectoryImport.Status.FAILED
            run.error = f"{type(error).__name__}: {error}"[:2000]
            run.finished_at = timezone.now()
            run.save()
            raise
        if self.progress:
            self.progress(run.rows_read, self.bytes_read, final=True)
        return run

    # --- internals -------------------------------------------------------------------------------
    def _decode(self, raw: bytes | str, *, line_number: int | None = None) -> str | None:
        if isinstance(raw, str):
            self.bytes_read += len(raw)
            return raw
        self.bytes_read += len(raw)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if line_number is None:
                raise DirectoryFormatError("the header is not UTF-8") from None
            self.run.rows_read += 1
            self._malformed(line_number, "not valid UTF-8")
            return None

    def _malformed(self, line_number: int, reason: str) -> None:
        self.run.malformed_count += 1
        if len(self.run.malformed_samples) < DirectoryImport.MALFORMED_SAMPLE_SIZE:
            self.run.malformed_samples.append([line_number, reason])

    def _flush(self) -> None:
        """Write the pending people and their activities in one transaction.

        Plain SQL rather than bulk_create: building two million model instances and compiling their
        INSERTs cost five times more than the database work itself. `INSERT ... ON CONFLICT DO UPDATE`
        is the same statement on SQLite (3.24+) and PostgreSQL."""
        if not self.pending:
            return
        run_id = self.run.pk
        people = [
            (national_id, entry.civility, entry.last_name, entry.first_name, True, run_id)
            for national_id, entry in self.pending.items()
        ]
        activities = [
            (national_id, *activity, run_id)
            for national_id, entry in self.pending.items()
            for activity in sorted(entry.activities)
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _write_batch_postgresql(cursor, people, activities, run_id)
            else:
                _write_batch_sql(cursor, people, activities, run_id)
        self.pending = {}

    def _save_labels(self) -> None:
        DirectoryLabel.objects.bulk_create(
            [
                DirectoryLabel(kind=kind, code=code, label=label[:255])
                for (kind, code), label in self.labels.items()
            ],
            update_conflicts=True,
            unique_fields=["kind", "code"],
            update_fields=["label"],
        )

    def _finish(self) -> None:
        run = self.run
        run.people_imported = DirectoryPerson.objects.filter(last_seen_import=run).count()
        absent = DirectoryPerson.objects.filter(listed=True).exclude(last_seen_import=run)
        absent_count = absent.count()
        listed_before = run.people_imported + absent_count
        if absent_count and absent_count > self.max_unlisted_share * listed_before:
            run.error = (
                f"{absent_count} of {listed_before} listed people are absent from this file: they were "
                "left listed. Check the file; re-run with --allow-shrink if the drop is real."
            )
        else:
            run.people_unlisted = absent.update(listed=False)
        run.status = DirectoryImport.Status.FINISHED
        run.finished_at = timezone.now()
        run.save()


def _max_rows(columns: int) -> int:
    """Rows per statement that stay under the backend's limit on query parameters."""
    limit = connection.features.max_query_params or 65535
    return max(1, min(1000, (limit - 1) // columns))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(cursor, model, columns: list[str], rows: list[tuple], *, conflict: str | None = None) -> None:
    """Multi-row INSERT of `rows`; with `conflict`, rows whose key exists update every other column."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    suffix = ""
    if conflict:
        updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c != conflict)
        suffix = f" ON CONFLICT ({quote(conflict)}) DO UPDATE SET {updates}"
    for chunk in _chunks(rows, _max_rows(len(columns))):
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {', '.join([row_marks] * len(chunk))}{suffix}"  # noqa: S608 - names come from the model, values are parameters
        cursor.execute(sql, [value for row in chunk for value in row])


PERSON_COLUMNS = ["national_id", "civility", "last_name", "first_name", "listed", "last_seen_import_id"]
ACTIVITY_COLUMNS = [
    "person_id",
    "profession_code",
    "category_code",
    "savoir_faire_type",
    "savoir_faire_code",
    "mode_code",
    "import_run_id",
]


def _write_batch_sql(cursor, people: list[tuple], activities: list[tuple], run_id: int) -> None:
    """Any backend with INSERT ... ON CONFLICT (SQLite 3.24+): multi-row statements."""
    _insert(cursor, DirectoryPerson, PERSON_COLUMNS, people, conflict="national_id")
    # Activities of an older run are replaced; those this run already wrote stay.
    table = connection.ops.quote_name(DirectoryActivity._meta.db_table)
    ids = [person[0] for person in people]
    for chunk in _chunks(ids, _max_rows(1)):
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(
            f"DELETE FROM {table} WHERE person_id IN ({marks}) AND import_run_id <> %s",  # noqa: S608 - only placeholders are interpolated
            [*chunk, run_id],
        )
    _insert(cursor, DirectoryActivity, ACTIVITY_COLUMNS, activities)


def _write_batch_postgresql(cursor, people: list[tuple], activities: list[tuple], run_id: int) -> None:
    """PostgreSQL: COPY (psycopg streams rows in binary-safe text, no SQL to build or parse) into a
    temporary table, then one upsert from it; activities are copied straight into their table."""
    quote = connection.ops.quote_name
    person_table = quote(DirectoryPerson._meta.db_table)
    activity_table = quote(DirectoryActivity._meta.db_table)
    staging = "directory_import_people"
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} "
        f"(LIKE {person_table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    # Emptied here too: when the import runs inside an outer transaction, no commit empties it.
    cursor.execute(f"TRUNCATE {staging}")
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    names = ", ".join(quote(column) for column in PERSON_COLUMNS)
    with raw.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
        for person in people:
            copy.write_row(person)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in PERSON_COLUMNS[1:])
    cursor.execute(
        f"INSERT INTO {person_table} ({names}) SELECT {names} FROM {staging} "  # noqa: S608 - names from the model
        f"ON CONFLICT (national_id) DO UPDATE SET {updates}"
    )
    cursor.execute(
        f"DELETE FROM {activity_table} AS activity USING {staging} AS staged "  # noqa: S608 - names from the model
        "WHERE activity.person_id = staged.national_id AND activity.import_run_id <> %s",
        [run_id],
    )
    activity_names = ", ".join(quote(column) for column in ACTIVITY_COLUMNS)
    with raw.copy(f"COPY {activity_table} ({activity_names}) FROM STDIN") as copy:
        for activity in activities:
            copy.write_row(activity)


def import_directory(
    lines: Iterable[bytes | str],
    *,
    source_name: str = "annuaire",
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[..., None] | None = None,
    allow_shrink: bool = False,
) -> DirectoryImport:
    """Import an extraction from any iterable of lines (bytes or str). Returns the run record."""
    importer = DirectoryImporter(
        source_name=source_name,
        batch_size=batch_size,
        progress=progress,
        max_unlisted_share=1.0 if allow_shrink else DEFAULT_MAX_UNLISTED_SHARE,
    )
    return importer.import_lines(lines)
