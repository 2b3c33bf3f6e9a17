"""Fill the configured database with N synthetic posts across networks, fast.

    python -m bench.generate --posts 100000
    DATABASE_URL=postgres://... python -m bench.generate --posts 1000000 --members 50000 --networks 20

Creates (once) `--networks` patient networks `bench-0`... sharing `--members` members, then threads
of 20 posts on average. The text is drawn from a small synthetic French/English vocabulary so that
search has something to find.

On PostgreSQL the rows go in with COPY, the secondary indexes of the post and thread tables are
dropped during a load larger than what the tables hold and built again afterwards (one sort instead
of a million index insertions), and the two largest COPYs (posts) run in two connections, one per
core: most of the time is PostgreSQL computing the search vectors (three text configurations per
post). On SQLite, executemany. Then ANALYZE: without fresh statistics the planner once chose a plan
that made a search run for ten minutes."""

import argparse
import os
import random
import sys
import threading
import time
from datetime import timedelta

WORDS = (
    "fatigue traitement chimiothérapie radiothérapie sommeil douleur nausées rendez-vous équipe soutien "
    "famille travail reprise alimentation marche courage merci question conseil effet secondaire perruque "
    "foulard kiné respiration stress anxiety sleep treatment pain tired support family nurse appointment "
    "infirmière pharmacien ordonnance posologie interaction surveillance recommandation cas clinique bilan"
).split()
BATCH_THREADS = 2500  # threads per transaction (about 50,000 posts)


# A benchmark's one member reads hundreds of pages a minute: the abuse limits (docs/operator-guide.md,
# "Abuse limits") would answer 429; what a benchmark measures is cost. Settings for its server.
NO_ABUSE_LIMITS = dict.fromkeys(
    ("PAGE_READS_PER_MINUTE", "PAGE_READS_PER_MINUTE_PER_IP", "SEARCHES_PER_MINUTE", "SEARCHES_PER_MINUTE_PER_IP",
     "SCRAPING_THREADS"),
    "1000000",
)  # fmt: skip


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
    import django

    django.setup()


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def _members(networks, members_per_network: int, rng: random.Random) -> None:
    """Users and their memberships, one account per membership."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from entrepairs.accounts.models import User
    from entrepairs.discussions.services import ensure_default_spaces
    from entrepairs.networks.models import Membership

    password = make_password(None)
    for index, network in enumerate(networks):
        ensure_default_spaces(network)
        if network.memberships.exists():
            continue
        users = User.objects.bulk_create(
            (
                User(email=f"bench-{index}-{n}@example.test", password=password)
                for n in range(members_per_network)
            ),
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            (
                Membership(network=network, user=user, display_name=f"Membre {index}-{n}",
                           member_type="patient", joined_at=timezone.now())
                for n, user in enumerate(users)
            ),
            batch_size=5000,
        )  # fmt: skip


class _Writer:
    """Rows into a table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, connection):
        self.connection = connection

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                adapt = self.connection.ops.adapt_datetimefield_value
                rows = [tuple(adapt(v) if hasattr(v, "tzinfo") else v for v in row) for row in rows]
                placeholders = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - our names
                cursor.executemany(insert, rows)


THREAD_COLUMNS = ["id", "network_id", "space_id", "author_id", "kind", "title", "created_at",
                  "last_activity_at", "reply_count"]  # fmt: skip
POST_COLUMNS = ["id", "network_id", "thread_id", "author_id", "body", "body_html", "is_first", "created_at"]


def _batch(rng, nets, spaces, authors, now, wanted: int):
    """(thread rows, post rows) of about `wanted` posts."""
    threads, posts = [], []
    while len(posts) < wanted:
        network = rng.choice(nets)
        count = min(rng.randint(1, 39), wanted - len(posts))
        moment = now - timedelta(minutes=rng.randint(0, 500_000))
        thread_id = rng.randrange(2**32, 2**53)
        members = authors[network]
        threads.append((thread_id, network, rng.choice(spaces[network]), rng.choice(members),
                        rng.choice(("discussion", "question")), sentence(rng, 6)[:150], moment,
                        moment + timedelta(minutes=count - 1), count - 1))  # fmt: skip
        for position in range(count):
            body = " ".join(sentence(rng, rng.randint(8, 25)) for _ in range(rng.randint(1, 4)))
            posts.append((rng.randrange(2**32, 2**53), network, thread_id, rng.choice(members), body,
                          f"<p>{body}</p>", position == 0, moment + timedelta(minutes=position)))  # fmt: skip
    return threads, posts


def _secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes that are not primary keys or unique constraints."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
           WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT x.indisunique""",
        [tables],
    )
    return cursor.fetchall()


def generate(posts: int, *, networks: int = 4, members_per_network: int = 50, seed: int = 7,
             progress=None) -> dict:  # fmt: skip
    from django.db import connection, transaction
    from django.utils import timezone

    from entrepairs.discussions.models import Post, Space, Thread
    from entrepairs.networks.models import Membership, Network

    rng = random.Random(seed)
    started = time.perf_counter()
    nets = []
    with transaction.atomic():
        for index in range(networks):
            network, _ = Network.objects.get_or_create(
                slug=f"bench-{index}", defaults={"name": f"Réseau de mesure {index}", "kind": "patients"}
            )
            nets.append(network)
        _members(nets, members_per_network, rng)
    ids = [n.pk for n in nets]
    authors = {n: [] for n in ids}
    for network_id, member_id in Membership.objects.filter(network_id__in=ids).values_list(
        "network_id", "pk"
    ):
        authors[network_id].append(member_id)
    spaces = {n: [] for n in ids}
    for network_id, space_id in Space.objects.filter(network_id__in=ids).values_list("network_id", "pk"):
        spaces[network_id].append(space_id)
    members_seconds = time.perf_counter() - started

    postgres = connection.vendor == "postgresql"
    # Inside a caller's transaction (tests) a second connection would not see the members, and an
    # index cannot be built while foreign key checks are pending: one lane, indexes kept.
    alone = postgres and not connection.in_atomic_block
    dropped = []
    if alone and posts > Post.objects.count():
        with connection.cursor() as cursor:
            dropped = _secondary_indexes(cursor, ["discussions_post", "discussions_thread"])
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
    now = timezone.now()
    created = 0
    lanes = 2 if alone else 1
    lock = threading.Lock()
    errors = []

    def lane(number: int, share: int) -> None:
        nonlocal created
        from django.db import connections

        lane_rng = random.Random(seed * 1000 + number)
        done = 0
        try:
            while done < share:
                threads, rows = _batch(
                    lane_rng, ids, spaces, authors, now, min(BATCH_THREADS * 20, share - done)
                )
                with transaction.atomic():
                    writer = _Writer(connections["default"])
                    if postgres:
                        with connections["default"].cursor() as cursor:
                            cursor.execute("SET LOCAL synchronous_commit = off")
                    writer.write(Thread._meta.db_table, THREAD_COLUMNS, threads)
                    writer.write(Post._meta.db_table, POST_COLUMNS, rows)
                done += len(rows)
                with lock:
                    created += len(rows)
                    if progress:
                        progress(created, time.perf_counter() - started)
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)
        finally:
            if number:
                connections["default"].close()

    shares = [posts // lanes + (1 if n < posts % lanes else 0) for n in range(lanes)]
    helpers = [threading.Thread(target=lane, args=(n, shares[n])) for n in range(1, lanes)]
    for helper in helpers:
        helper.start()
    lane(0, shares[0])
    for helper in helpers:
        helper.join()
    if errors:
        raise errors[0]
    load_seconds = time.perf_counter() - started - members_seconds
    if dropped:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in dropped:
                cursor.execute(definition)
    index_seconds = time.perf_counter() - started - members_seconds - load_seconds
    analyse()
    elapsed = time.perf_counter() - started
    return {
        "posts": created,
        "threads": Thread.objects.filter(network_id__in=ids).count(),
        "seconds": elapsed,
        "members_seconds": members_seconds,
        "load_seconds": load_seconds,
        "index_seconds": index_seconds,
        "posts_per_second": created / elapsed if elapsed else 0,
    }


def analyse() -> None:
    """Fresh planner statistics after a bulk load: without them PostgreSQL once chose a nested loop
    for a search that then ran over ten minutes (docs/operator-guide.md says the same to operators).
    On PostgreSQL, outside a transaction, VACUUM too: otherwise the first reads of each new row write
    it again (its hint bits) and autovacuum then rewrites the tables: the first load test after
    generating 1,000,000 posts answered its p99 in 254 ms, the next run in 96 ms."""
    from django.db import connection

    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument(
        "--members", type=int, default=200, help="members in all, spread evenly over the networks"
    )
    parser.add_argument("--networks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    def progress(done, seconds):
        print(f"  {done} posts, {seconds:.0f} s", file=sys.stderr, flush=True)

    result = generate(
        args.posts,
        networks=args.networks,
        members_per_network=max(1, args.members // args.networks),
        seed=args.seed,
        progress=progress,
    )
    print(
        f"generated {result['posts']} posts in {result['threads']} threads in {result['seconds']:.1f} s "
        f"({result['posts_per_second']:.0f} posts/s; members {result['members_seconds']:.1f} s, "
        f"rows {result['load_seconds']:.1f} s, indexes {result['index_seconds']:.1f} s, then ANALYZE)"
    )


if __name__ == "__main__":
    sys.exit(main())
