"""Server time and queries per request for the discussion pages, on the configured database.

    python -m bench.generate --posts 100000        # once
    python -m bench.discussions --requests 200
    DATABASE_URL=postgres://... python -m bench.discussions --requests 200

Requests go through Django's full stack in-process (middleware, templates, ORM), so the figure is
server time without network. Prints median and p99 (ms) and queries per request for the network
home, the discussion index, a 40-post thread page and a search."""

import argparse
import statistics
import sys
import time

from bench.generate import setup_django


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], []
    client.get(url)  # warm caches and compiled templates
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured.captured_queries))
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return statistics.median(timings), p99, statistics.mean(queries)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from entrepairs.discussions.models import Post, Thread
    from entrepairs.networks.models import Membership

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.REQUIRE_MFA_FOR_ROLES = False
    member = Membership.objects.filter(network__slug="bench-0").select_related("network").first()
    if member is None:
        sys.exit("No benchmark data: run `python -m bench.generate --posts 100000` first.")
    thread = (
        Thread.objects.filter(network=member.network)
        .annotate(n=Count("posts"))
        .filter(n__gte=40)
        .order_by("-n")
        .first()
        or Thread.objects.filter(network=member.network).first()
    )
    client = Client()
    client.force_login(member.user)
    slug = member.network.slug
    print(
        f"database: {connection.vendor}, posts: {Post.objects.count()}, thread posts: {thread.posts.count()}"
    )
    print(f"{'page':22} {'median ms':>10} {'p99 ms':>8} {'queries':>8}")
    for name, url in [
        ("network home", f"/n/{slug}/"),
        ("discussion index", f"/n/{slug}/d/"),
        ("thread page", f"/n/{slug}/t/{thread.pk}/"),
        ("search", f"/n/{slug}/search/?q=fatigue+sommeil"),
    ]:
        median, p99, queries = measure(client, url, args.requests)
        print(f"{name:22} {median:10.1f} {p99:8.1f} {queries:8.1f}")


if __name__ == "__main__":
    sys.exit(main())
