"""Time and queries of the network analytics on the configured database.

    DATABASE_URL=postgres://... python -m bench.generate --posts 1000000 --members 10000 --networks 1
    DATABASE_URL=postgres://... python -m bench.analytics --repeat 5

First rolls the analytics up (magazine/actions/rollup.py): the first run back-fills every day since
the network's creation (at most 400 days), timed once; then a nightly run (yesterday only), timed.
Measures `network_report` (the administrators' page: every figure of 90 days, the cohorts of 12
months, from the roll-up plus today's live part) for the largest bench network, "cold" being its
first call in the process, the administrators' page through Django's full stack, and
`side_by_side` (the operators' table) over every network. Before measuring, spreads the members'
join dates over a year and records a digest per member for the last 30 days (once), so that the
cohorts and the digest rates have something to count. Prints the cold time (today's live part computed, the first call in the process), the median and
max of the following calls (ms; today's live part from the cache, at most a minute old) and the
queries of the last call."""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta

from bench.generate import setup_django


def _prepare(network, rng):
    from django.db import connection, transaction
    from django.utils import timezone

    from entrepairs.magazine.models import DigestSend
    from entrepairs.networks.models import Membership

    if DigestSend.objects.filter(network=network).exists():
        return
    now = timezone.now()
    # The generated posts go back a year: the network is as old (the roll-up back-fills from then).
    type(network).objects.filter(pk=network.pk).update(created_at=now - timedelta(days=366))
    with transaction.atomic():
        ids = list(Membership.objects.filter(network=network).values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Membership._meta.db_table} SET joined_at = %s WHERE id = %s",  # noqa: S608 - our table name
                [(now - timedelta(days=rng.randint(0, 365)), pk) for pk in ids],
            )
        sends = []
        for day in range(30):
            for pk in rng.sample(ids, min(len(ids), 300)):
                opened = rng.random() < 0.4
                sends.append(
                    DigestSend(
                        network=network, member_id=pk, period=f"bench-{day}", created_at=now - timedelta(days=day),
                        opened_at=now if opened else None, clicked_at=now if opened and rng.random() < 0.3 else None,
                    )
                )  # fmt: skip
        DigestSend.objects.bulk_create(sends, batch_size=5000, ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(function, repeat, forget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], 0
    forget()
    started = time.perf_counter()
    function()  # cold: the first call in this process, today's live part computed
    cold = (time.perf_counter() - started) * 1000
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return cold, statistics.median(timings), max(timings), queries


def _roll_up(network):
    """Time the first roll-up (back-fill) if there is none yet, and a nightly run (yesterday)."""
    from django.db import connection
    from django.utils import timezone

    from entrepairs.magazine.actions import rollup
    from entrepairs.magazine.models import NetworkDay

    network.refresh_from_db()
    if not NetworkDay.objects.filter(network=network).exists():
        started = time.perf_counter()
        rows = rollup.roll_up(networks=[network])
        print(f"roll-up, first run (back-fill): {rows} network days in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    yesterday = timezone.localdate() - timedelta(days=1)
    NetworkDay.objects.filter(network=network, day=yesterday).delete()
    started = time.perf_counter()
    rows = rollup.roll_up(networks=[network])
    print(f"roll-up, nightly run: {rows} network day in {(time.perf_counter() - started) * 1000:.0f} ms")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from entrepairs.discussions.models import Post
    from entrepairs.magazine.actions import analytics
    from entrepairs.networks.models import Membership, Network

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.REQUIRE_MFA_FOR_ROLES = False
    network = (
        Network.objects.filter(slug__startswith="bench-")
        .annotate(n=Count("memberships"))
        .order_by("-n")
        .first()
    )
    if network is None:
        sys.exit(
            "No benchmark data: run `python -m bench.generate --posts 1000000 --members 10000 --networks 1`."
        )
    _prepare(network, random.Random(11))
    _roll_up(network)
    admin = Membership.objects.filter(network=network).select_related("user").first()
    Membership.objects.filter(pk=admin.pk).update(role="admin")
    client = Client()
    client.force_login(admin.user)
    networks = list(Network.objects.order_by("name")[:50])
    print(
        f"database: {connection.vendor}, network {network.slug}: "
        f"{Membership.objects.filter(network=network).count()} members, "
        f"{Post.objects.filter(network=network).count()} posts ({Post.objects.count()} in all)"
    )
    print(f"{'measure':34} {'cold ms':>8} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    from django.core.cache import cache
    from django.utils import timezone

    def forget(ids):
        # Today's live part is kept a minute (analytics.LIVE_SECONDS): "cold" computes it.
        return lambda: cache.delete(analytics.today_key(ids, timezone.localdate()))

    for name, function, ids in [
        ("network_report (90 days, cohorts)", lambda: analytics.network_report(network), [network.pk]),
        (
            "analytics page (full stack)",
            lambda: client.get(f"/n/{network.slug}/magazine/analytics/"),
            [network.pk],
        ),
        (
            "analytics CSV",
            lambda: client.get(f"/n/{network.slug}/magazine/analytics/?format=csv"),
            [network.pk],
        ),
        (
            f"side_by_side ({len(networks)} networks)",
            lambda: analytics.side_by_side(networks),
            [n.pk for n in networks],
        ),
    ]:
        cold, median, worst, queries = _time(function, args.repeat, forget(ids))
        print(f"{name:34} {cold:8.1f} {median:10.1f} {worst:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
