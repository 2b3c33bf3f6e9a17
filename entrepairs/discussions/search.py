"""Search within one network, behind one interface: SQLite FTS5 (embedded) or PostgreSQL full-text
search (production). Results are ranked, filtered like the thread lists and carry a highlighted
snippet. Nothing outside the member's network is ever matched.

Its cost is the network's, not the installation's: PostgreSQL's index holds each network's own
lexemes (migration 0018), SQLite's carries the network as a token (0013), so the match is made
inside it; at most CANDIDATES matches are ranked (a common word in a large network would otherwise
rank tens of thousands of posts to show twenty); headlines are computed for the page shown only
(PAGE_SIZE rows); and the statement has a time limit, past which the member is asked for more
precise words instead of waiting (a database without fresh statistics once took ten minutes)."""

import re
from dataclasses import dataclass

import snowballstemmer
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership

START, STOP = "\x02", "\x03"  # markers that cannot come from typed text once controls are stripped
PAGE_SIZE = 20  # results shown per page: the only ones whose headline is computed
MAX_PAGES = 5
# Matches ranked per index (post bodies, thread titles), at most: the newest, as Misago ranks the
# newest hundred posts of a common word.
CANDIDATES = 100
# The network's newest posts read for a word before its posting list is: a word found in 5 % of posts
# or more gets its candidates there (a common word after a few hundred rows).
WALK = 2000
_STEMMERS = {"fr": snowballstemmer.stemmer("french"), "en": snowballstemmer.stemmer("english")}


@dataclass(frozen=True)
class Result:
    post_id: int
    thread_id: int
    title: str
    snippet: str
    author: str
    title_html: str = ""


def _highlight(raw: str) -> str:
    return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first


def _terms(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query or "") if len(word) >= 2][:12]


def search(
    member: Membership, query: str, *, space_id=None, kind=None, author_id=None, page: int = 1
) -> list[Result]:
    """One page of results (PAGE_SIZE, then one more row when a next page exists: callers show
    PAGE_SIZE and offer the next page when they get more)."""
    terms = _terms(query)
    if not terms or not 1 <= page <= MAX_PAGES:
        return []
    filters, params = ["p.network_id = %s", "t.network_id = %s"], [member.network_id, member.network_id]
    if not member.is_moderator:
        filters += [
            "p.deleted_at IS NULL",
            "t.deleted_at IS NULL",
            "p.hidden_at IS NULL",
            "t.hidden_at IS NULL",
        ]
        # Awaiting approval: found by its author only.
        filters += [
            "(p.approval_pending_since IS NULL OR p.author_id = %s)",
            "(t.approval_pending_since IS NULL OR t.author_id = %s)",
        ]
        params += [member.pk, member.pk]
    if space_id:
        filters.append("t.space_id = %s")
        params.append(space_id)
    if kind:
        filters.append("t.kind = %s")
        params.append(kind)
    if author_id:
        filters.append("p.author_id = %s")
        params.append(author_id)
    where = " AND ".join(filters)
    network = member.network_id
    offset = (page - 1) * PAGE_SIZE
    if connection.vendor == "postgresql":
        sql = _postgres(where)
        text, replacement = " ".join(terms), f"'{network}.\\1'"
        scoped = [text, text, text, replacement]
        arguments = [
            text,
            *(network, WALK, *scoped, CANDIDATES),  # the newest posts walked
            *(CANDIDATES, *scoped, CANDIDATES),  # the posting list, when they had too few
            *(network, *scoped, CANDIDATES),  # thread titles
            *params,
            *(PAGE_SIZE + 1, offset),
        ]
    else:
        words = " AND ".join(_sqlite_term(term) for term in terms)
        sql = _sqlite(where)
        arguments = [f'scope:"n{network}" AND {{title body}}:({words})', *params, PAGE_SIZE + 1, offset]
    rows = run_bounded(sql, arguments)
    return [
        Result(
            post_id=r[0],
            thread_id=r[1],
            title=r[2],
            snippet=_highlight(r[3]),
            author=r[4],
            title_html=_highlight(r[5]),
        )
        for r in rows
    ]


class SearchTooSlow(ActionRefused):
    def __init__(self):
        super().__init__(
            "search_too_slow",
            _("This search takes too long. Add more precise words or choose a space."),
            status=503,
            field="q",
        )


def run_bounded(sql: str, arguments: list) -> list[tuple]:
    """Run a search statement under SEARCH_TIMEOUT_MS (PostgreSQL; SQLite has no statement timeout
    and serves small installations)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The time limit; no parallel workers and no JIT compilation: the branch that reads a
            # posting list is costed high even when its one-time filter skips it, which started
            # workers (130 ms) and compiled the statement (52 ms) for a statement of a few ms.
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true),"
                " set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true),"
                # A plan for these words and this network, never one kept from other words (a
                # statement run often is prepared on the connection: settings DB_PREPARE_THRESHOLD).
                " set_config('plan_cache_mode', 'force_custom_plan', true)",
                [str(settings.SEARCH_TIMEOUT_MS)],
            )
        try:
            cursor.execute(sql, arguments)
            return cursor.fetchall()
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled: the time limit
                raise SearchTooSlow from None
            raise


def _sqlite_term(term: str) -> str:
    """FTS5 has no French stemmer: match the French or the English Snowball stem as a prefix, so
    "fatiguée" finds "fatigue" and "fatigués", and "sleeping" finds "sleep"."""
    lowered = term.lower()
    stems = {_STEMMERS["fr"].stemWord(lowered), _STEMMERS["en"].stemWord(lowered)}
    stems = {stem for stem in stems if len(stem) >= 2} or {lowered}
    return "(" + " OR ".join(f'"{stem}"*' for stem in sorted(stems)) + ")"


def _sqlite(where: str) -> str:
    # bm25() is lower for better matches; the title column weighs more than the body.
    return f"""
        SELECT p.id, t.id, t.title,
               snippet(discussions_post_fts, 1, '{START}', '{STOP}', '…', 16), m.display_name,
               highlight(discussions_post_fts, 0, '{START}', '{STOP}')
        FROM discussions_post_fts
        JOIN discussions_post p ON p.id = discussions_post_fts.rowid
        JOIN discussions_thread t ON t.id = p.thread_id
        JOIN networks_membership m ON m.id = p.author_id
        WHERE discussions_post_fts MATCH %s AND {where}
        ORDER BY bm25(discussions_post_fts, 4.0, 1.0, 0.0), p.id DESC
        LIMIT %s OFFSET %s"""  # noqa: S608 - `where` is built from fixed strings; values are parameters


def _headlines(options: dict[str, str]) -> tuple[str, str]:
    """The `heads` CTE computing each column's French headline once per shown row, and the final
    expressions: that headline when it highlights something, else the unaccented analysis', else the
    English one (the match may have come from any of the three; these fallbacks are rare)."""

    def headline(config: str, column: str) -> str:
        settings_text = f"StartSel={START}, StopSel={STOP}, {options[column]}"
        return f"ts_headline('{config}', {column}, (SELECT query FROM q), '{settings_text}')"  # noqa: S608

    computed = ", ".join(f"{headline('french', column)} AS {column}_fr" for column in options)
    finals = [
        f"CASE WHEN strpos({column}_fr, '{START}') > 0 THEN {column}_fr "
        f"WHEN strpos({headline('entrepairs_fr', column)}, '{START}') > 0 THEN {headline('entrepairs_fr', column)} "
        f"ELSE {headline('entrepairs_en', column)} END"
        for column in options
    ]
    return computed, finals


def _postgres(where: str) -> str:
    computed, (body, title) = _headlines({"body": "MaxWords=30, MinWords=8", "title": "HighlightAll=true"})
    # The words are matched in the network's own lexemes ("17.fatigu", migration 0018). Candidates are
    # the newest matches, as Misago's: first among the network's WALK newest posts (a common word or
    # words found together stop this walk after a few hundred rows); only when that finds fewer than
    # CANDIDATES, the words' posting list in the index, which is the network's only, so bounded by it.
    # (Left to the planner, words found together were estimated rare, their frequencies multiplied,
    # and their whole posting lists read: 113 ms at 1,000,000 posts.) They are united with the
    # newest matching thread titles, ranked and cut to the page; the costly headline is then
    # computed for the page's rows only.
    scoped = (
        "regexp_replace(querytree(websearch_to_tsquery('french', %s) || websearch_to_tsquery('entrepairs_fr', %s)"
        " || websearch_to_tsquery('entrepairs_en', %s)), '''([^'']+)''', %s, 'g')::tsquery"
    )
    return f"""
        WITH q AS (SELECT websearch_to_tsquery('french', t.terms) || websearch_to_tsquery('entrepairs_fr', t.terms)
                          || websearch_to_tsquery('entrepairs_en', t.terms) AS query
                   FROM (SELECT %s::text AS terms) t),
        recent AS MATERIALIZED (
            SELECT walked.id FROM (
                SELECT p.id, p.search_scope FROM discussions_post p
                WHERE p.network_id = %s ORDER BY p.created_at DESC LIMIT %s
            ) walked
            WHERE walked.search_scope @@ {scoped} LIMIT %s
        ),
        hits AS (
            (SELECT id FROM recent)
            UNION
            (SELECT p.id FROM discussions_post p
             WHERE (SELECT count(*) FROM recent) < %s AND p.search_scope @@ {scoped}
             ORDER BY p.created_at DESC LIMIT %s)
            UNION
            (SELECT p.id FROM discussions_thread t JOIN discussions_post p ON p.thread_id = t.id AND p.is_first
             WHERE t.network_id = %s AND t.search_scope @@ {scoped}
             ORDER BY t.last_activity_at DESC LIMIT %s)
        ),
        ranked AS (
            SELECT p.id AS post_id, t.id AS thread_id, t.title, p.body, m.display_name,
                   ts_rank(t.search_vector, (SELECT query FROM q)) * 4
                   + ts_rank(p.search_vector, (SELECT query FROM q)) AS rank
            FROM hits
            JOIN discussions_post p ON p.id = hits.id
            JOIN discussions_thread t ON t.id = p.thread_id
            JOIN networks_membership m ON m.id = p.author_id
            WHERE {where}
            ORDER BY rank DESC, p.id DESC
            LIMIT %s OFFSET %s
        ),
        heads AS MATERIALIZED (SELECT ranked.*, {computed} FROM ranked)
        SELECT post_id, thread_id, title, {body}, display_name, {title}
        FROM heads ORDER BY rank DESC, post_id DESC"""  # noqa: S608 - `where` is built from fixed strings
