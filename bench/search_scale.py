"""Search cost per network, whatever the installation holds (issue 18).

    DATABASE_URL=postgres://.../entrepairs_bench python -m bench.search_scale      # 1,000,000 posts
    DATABASE_URL=postgres://.../entrepairs_small python -m bench.search_scale --posts 1000

With `--posts N` the database is first filled by bench.generate up to N posts (one network; skipped
when it holds them). Then, in every case, a network of 1,000 posts (`bench-small`, 50 threads of 20
posts; made once) gets the same synthetic text, with one rare word in three posts. Searches run
through the whole Django stack in-process (the search page, signed in), for a common word, two
common words, the rare word and an absent one, in the small network and in the largest network of
the installation. Printed: median and p99 server time (ms, wall), the application's CPU per search
(median, ms) and the PostgreSQL time of the search statement alone (median and minimum of ten runs,
from EXPLAIN ANALYZE). Compare the small network's figures across a
1,000,000-post and a 1,000-post installation: they should be the same."""

import argparse
import random
import statistics
import sys
import time

from bench.generate import sentence, setup_django

SMALL = "bench-small"
RARE = "ornithorynque"
QUERIES = {
    "common word": "fatigue",
    "two words": "fatigue sommeil",
    "rare word": RARE,
    "absent word": "zygomatique",
}
# Unmeasured requests before each series: a statement's fifth run on a connection prepares it there
# (DB_PREPARE_THRESHOLD), which a server pays once, not once per hundred searches.
WARM_UP = 6


def _small_network():
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from entrepairs.accounts.models import User
    from entrepairs.discussions.models import Post, Thread
    from entrepairs.discussions.services import ensure_default_spaces
    from entrepairs.networks.models import Membership, Network

    network, created = Network.objects.get_or_create(
        slug=SMALL, defaults={"name": "Petit réseau de mesure", "kind": "patients"}
    )
    if not created and Post.objects.filter(network=network).exists():
        return network
    ensure_default_spaces(network)
    user = User.objects.create(email="bench-small@example.test", password=make_password(None))
    member = Membership.objects.create(network=network, user=user, display_name="Membre du petit réseau",
                                       status=Membership.Status.ACTIVE)  # fmt: skip
    rng, now, space = random.Random(13), timezone.now(), network.spaces.first()
    for n in range(50):
        at = now - timezone.timedelta(hours=50 - n)
        thread = Thread.objects.create(network=network, space=space, author=member, title=sentence(rng, 5)[:150],
                                       created_at=at, last_activity_at=at, reply_count=19)  # fmt: skip
        Post.objects.bulk_create(
            Post(network=network, thread=thread, author=member, is_first=k == 0,
                 body=(body := sentence(rng, 30) + (f" {RARE}." if n * 20 + k in (5, 500, 995) else "")),
                 body_html=f"<p>{body}</p>", created_at=at + timezone.timedelta(seconds=k))
            for k in range(20)
        )  # fmt: skip
    return network


def _statement_ms(member, words: str, runs: int) -> tuple[float, float]:
    """PostgreSQL's own time for the search statement (EXPLAIN ANALYZE's execution time), median and
    minimum (on a busy machine the minimum is the closer to the statement's own cost)."""
    from django.db import connection, transaction

    from entrepairs.discussions import search

    captured = {}

    def keep(sql, arguments):
        captured.update(sql=sql, arguments=arguments)
        return []

    original, search.run_bounded = search.run_bounded, keep
    try:
        search.search(member, words)
    finally:
        search.run_bounded = original
    times = []
    with transaction.atomic(), connection.cursor() as cursor:
        # As run_bounded runs it: no JIT, no parallel workers (EXPLAIN outside it would JIT-compile).
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)"
        )
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + captured["sql"], captured["arguments"])
            times.append(cursor.fetchone()[0][0]["Execution Time"])
    return statistics.median(times), min(times)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=0, help="fill the database up to this many posts first")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from entrepairs.discussions.models import Post
    from entrepairs.networks.models import Membership, Network

    if args.posts and Post.objects.count() < args.posts:
        from bench.generate import generate

        generate(args.posts, networks=1, members_per_network=20)
    small = _small_network()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.READ_LIMITS = {
        kind: {**limits, "account": 10**9, "ip": 10**9} for kind, limits in settings.READ_LIMITS.items()
    }
    largest = Network.objects.exclude(pk=small.pk).annotate(n=Count("posts")).order_by("-n").first()
    # As a server process starts. Without it, a full pass of the collector over the loaded application
    # fell inside the first series and was its p99 (140 ms), and the default thresholds cost about
    # 2 ms of CPU a search.
    from entrepairs.web.startup import ready_to_serve

    ready_to_serve()
    total = Post.objects.count()
    print(f"search_scale, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {connection.vendor}, "
          f"{total} posts in the installation")  # fmt: skip
    print(f"{'network (posts)':28} {'query':14} {'median ms':>10} {'p99 ms':>8} {'app CPU':>8} "
          f"{'statement':>10} {'min':>8}")  # fmt: skip
    for network in [small, largest]:
        if network is None:
            continue
        member = Membership.objects.filter(network=network).select_related("network", "user").first()
        client = Client()
        client.force_login(member.user)
        posts = Post.objects.filter(network=network).count()
        for label, words in QUERIES.items():
            url = f"/n/{network.slug}/search/?q={words.replace(' ', '+')}"
            for _ in range(WARM_UP):
                assert client.get(url).status_code == 200
            timings, cpu = [], []
            for _ in range(args.requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200, response.status_code
            timings.sort()
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            statement = (
                _statement_ms(member, words, 10) if connection.vendor == "postgresql" else (float("nan"),) * 2
            )
            print(f"{network.slug + f' ({posts})':28} {label:14} {statistics.median(timings):10.1f} {p99:8.1f} "
                  f"{statistics.median(cpu):8.1f} {statement[0]:10.2f} {statement[1]:8.2f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
