"""Querysets compiled once per process, for the statements that run for every websocket frame or
every page view (the page gate, the header, the session, the thread lists).

Building a queryset with joins (filters resolved into joins, then compiled to SQL) costs more CPU
than running it: the participant check of every `send`, `read` and `delivered` frame spends most of
its time in the ORM, not in the database. `Prepared` builds the queryset once with marker arguments,
keeps the compiled SQL and finds where each marker lands among its parameters; each call then only
puts the real arguments in those places and runs the SQL through the same compiler, which turns rows
into model instances (select_related included) exactly as the queryset would.

Only for querysets whose SQL does not depend on the arguments' values (no None turning `=` into
`IS NULL`); a list of integers ("ints": `post_id__in=...`, the page's posts) is compiled once per
length it comes in (a page holds at most 50). tests/messaging/test_prepared.py and
tests/discussions/test_page_statements.py compare it with the querysets."""

import copy
import functools
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.constants import MULTI

from entrepairs.public_ids import MAX_ID

# Arguments the SQL is compiled with: values no real argument takes, each found again among the
# compiled parameters. A datetime is passed to the database as the backend adapts it (a string on
# SQLite), so its marker is recognised in that form. Integers are positive and within every integer
# column's range: the ORM drops a comparison it knows the answer to (`sequence > -7326001000` on a
# positive column is always true) instead of keeping its parameter.
_INTEGER_MARKER = 2_107_326_001
_DATETIME_MARKER = datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
_LIST_MARKER = 2_007_326_001  # element j of list argument i: _LIST_MARKER - 1000 * i - j
_STRING_MARKER = "\x1fprepared-marker-{}\x1f"  # control characters: no slug nor name holds them


def as_row_id(value) -> int | None:
    """`value` (from a URL or a frame) as a primary key some row could have, else None: what the ORM
    would have answered with no row, checked before a compiled statement gets a value it was not
    compiled for (a string, or an integer out of the column's range)."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_ID else None


def _sql_as_compiled(sql, params, *args, **kwargs):
    return sql, params


def _converters_as_compiled(converters, expressions):
    return converters


class Prepared:
    """`Prepared(build, kinds)`: `build(*args)` returns the queryset; `kinds` says, for each argument,
    "int", "str", "datetime" or "ints" (a non-empty list of integers). `prepared.first(*args,
    variant=...)` returns the first row as a model instance or None, `prepared.all(...)` every row
    (`first_values` and `rows` for `.values()` and `.values_list()` querysets); `variant` names a
    different shape of SQL that `build` makes from the same arguments (e.g. the kind of network),
    compiled separately."""

    def __init__(self, build: Callable[..., QuerySet], kinds: tuple[str, ...]):
        self.build, self.kinds = build, kinds
        # Compiled once per process and database alias, not per connection: under ASGI every request
        # runs in a new thread with a new connection object (the pool hands it the same database
        # connection), so a cache per connection compiled again on every request, which is what
        # bench/asgi_overhead.py found. Each call works on a shallow copy of the compiler holding the
        # caller's connection, so threads share nothing they change.
        self._compiled_by = {}

    def first(self, *args, variant=None, using="default"):
        compiler, row = self._first_row(args, variant, using)
        return None if row is None else self._instances(compiler, [row], using)[0]

    def all(self, *args, variant=None, using="default") -> list:
        """Every row as a model instance, in the queryset's order (its slice included)."""
        compiler = self._compiler(args, variant, using)
        return self._instances(compiler, list(compiler.results_iter(compiler.execute_sql(MULTI))), using)

    def rows(self, *args, variant=None, using="default") -> list[tuple]:
        """For a `.values_list(...)` queryset: every row, as a tuple."""
        compiler = self._compiler(args, variant, using)
        return [tuple(row) for row in compiler.results_iter(compiler.execute_sql(MULTI))]

    def first_values(self, *args, variant=None, using="default") -> dict | None:
        """For a `.values(...)` queryset: its first row as {name: value}, or None."""
        compiler, row = self._first_row(args, variant, using)
        return (
            None
            if row is None
            else {alias: value for (_, _, alias), value in zip(compiler.select, row, strict=True)}
        )

    def _first_row(self, args, variant, using):
        compiler = self._compiler(args, variant, using)
        for row in compiler.results_iter(compiler.execute_sql(MULTI)):
            return compiler, row
        return compiler, None

    def _compiler(self, args, variant, using):
        """A compiler for this call: the compiled one's copy, on the caller's connection, with the
        call's arguments in their places."""
        connection = connections[using]
        lengths = tuple(len(args[index]) for index, kind in enumerate(self.kinds) if kind == "ints")
        template, params, slots = self._compiled(connection, using, variant, lengths)
        compiler = copy.copy(template)
        compiler.connection = connection
        params = list(params)
        for position, argument, element in slots:
            value = args[argument] if element is None else args[argument][element]
            params[position] = self._adapter(self.kinds[argument], connection)(value)
        # Not a closure over the compiler: that would be a cycle (compiler -> as_sql -> compiler),
        # freed only by the cyclic collector, several per websocket message.
        compiler.as_sql = functools.partial(_sql_as_compiled, compiler.prepared_sql, params)
        return compiler

    def _compiled(self, connection, using, variant, lengths=()):
        key = (using, connection.vendor, variant, lengths)
        found = self._compiled_by.get(key)
        if found is None:  # two threads may both compile it the first time: the same result
            found = self._compiled_by[key] = self._compile(connection, using, variant, lengths)
        return found

    def _compile(self, connection, using, variant, lengths=()):
        adapters = [self._adapter(kind, connection) for kind in self.kinds]
        lists = iter(lengths)
        markers = [
            _INTEGER_MARKER - index
            if kind == "int"
            else _STRING_MARKER.format(index)
            if kind == "str"
            else [_LIST_MARKER - 1000 * index - element for element in range(next(lists))]
            if kind == "ints"
            else _DATETIME_MARKER
            for index, kind in enumerate(self.kinds)
        ]
        if any(not 0 < length <= 1000 for length in lengths):
            raise ValueError("Prepared compiles lists of 1 to 1,000 integers.")
        if self.kinds.count("datetime") > 1:
            raise ValueError(
                "Prepared tells one datetime argument apart from another only by position: use one."
            )
        queryset = self.build(*markers, variant=variant) if variant is not None else self.build(*markers)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = []
        for position, value in enumerate(params):
            for argument, marker in enumerate(markers):
                if self.kinds[argument] == "ints":
                    slots.extend(
                        (position, argument, element) for element, item in enumerate(marker) if value == item
                    )
                elif value == adapters[argument](marker):
                    slots.append((position, argument, None))
        # An argument a variant does not use (the moment, where no qualification is checked) has no slot.
        compiler.prepared_sql = sql
        compiler.fetch_mode = queryset._fetch_mode
        # What turns a row into values and instances depends on the columns alone: worked out once
        # here, not at every call (the ORM asks each column for its converters at every run; with
        # select_related, dozens of columns).
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        compiler.get_converters = functools.partial(_converters_as_compiled, compiler.get_converters(columns))
        compiler.instance_plan = self._instance_plan(compiler, using)
        return compiler, tuple(params), tuple(slots)

    @staticmethod
    def _adapter(kind, connection):
        if kind in ("int", "ints"):
            return int
        if kind == "str":
            return str
        if kind == "datetime":
            return connection.ops.adapt_datetimefield_value
        raise ValueError(kind)

    @staticmethod
    def _instance_plan(compiler, using):
        """How rows become model instances, as QuerySet's ModelIterable works it out at every run.
        None for `.values()` querysets. The related populators hold nothing of a run unless the
        fetch mode tracks peers (then they collect each run's instances): only then built per run."""
        select, klass_info = compiler.select, compiler.klass_info
        if klass_info is None:
            return None
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return (
            klass_info["model"],
            [column[0].target.attname for column in select[start:end]],
            start,
            end,
            None
            if compiler.fetch_mode.track_peers
            else get_related_populators(klass_info, select, using, compiler.fetch_mode),
            tuple((compiler.annotation_col_map or {}).items()),
        )

    @staticmethod
    def _instances(compiler, rows, using) -> list:
        # What QuerySet's ModelIterable does (no known related objects).
        if not rows:
            return []
        model, names, start, end, populators, annotations = compiler.instance_plan
        fetch_mode = compiler.fetch_mode
        if populators is None:
            populators = get_related_populators(compiler.klass_info, compiler.select, using, fetch_mode)
        found = []
        for row in rows:
            instance = model.from_db(using, names, row[start:end], fetch_mode=fetch_mode)
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found
