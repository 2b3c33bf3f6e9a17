"""Many small networks on one installation: pages and process memory at 10, 100 and 1,000 networks.

    DATABASE_URL=postgres://.../empty_db python -m bench.networks
    DATABASE_URL=postgres://.../empty_db python -m bench.networks --scales 10,100,1000 --requests 20

Grows the database to each scale in turn (bulk inserts: each network has 100 members, 10 threads
of 5 posts), then, in a fresh process (as a server worker), as a member of the first network (and as an
operator for the operator's page), requests each page through Django's full stack in-process, DEBUG
off, and prints its queries and median server time (wall ms and the process's CPU ms). It prints
the process's resident memory (RSS) once warm and again after opening the network home and thread
list of 50 networks chosen across the installation: anything kept in memory per network would grow
with the scale.
Query counts and memory should not move with the number of networks; time should barely move."""

import argparse
import logging
import os
import random
import statistics
import subprocess
import sys
import time

from bench.generate import sentence, setup_django

MEMBERS = 100
THREADS = 10
POSTS_PER_THREAD = 5


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def grow_to(count: int, rng: random.Random) -> None:
    """Networks many-0000 ... many-<count-1>, created once each, in bulk."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from entrepairs.accounts.models import User
    from entrepairs.discussions.models import Post, Space, Thread
    from entrepairs.discussions.queries import default_spaces
    from entrepairs.networks.models import Membership, Network

    have = Network.objects.filter(slug__startswith="many-").count()
    password = make_password(None)
    now = timezone.now()
    for start in range(have, count, 50):
        with transaction.atomic():
            networks = Network.objects.bulk_create(
                Network(
                    slug=f"many-{index:04d}",
                    name=f"Communauté {index:04d} {sentence(rng, 2)[:-1]}",
                    kind="patients",
                    description=sentence(rng, 12),
                )  # fmt: skip
                for index in range(start, min(count, start + 50))
            )
            networks = list(Network.objects.filter(slug__in=[n.slug for n in networks]))
            users = User.objects.bulk_create(
                User(email=f"{network.slug}-{n}@example.test", password=password)
                for network in networks
                for n in range(MEMBERS)
            )
            memberships = Membership.objects.bulk_create(
                Membership(
                    network=network,
                    user=users[i * MEMBERS + n],
                    display_name=f"Membre {n}",
                    member_type="patient",
                    joined_at=now,
                    role="admin" if n == 0 else "member",
                )  # fmt: skip
                for i, network in enumerate(networks)
                for n in range(MEMBERS)
            )
            spaces = Space.objects.bulk_create(
                space for network in networks for space in default_spaces(network)
            )
            threads, posts = [], []
            for i, network in enumerate(networks):
                mine = memberships[i * MEMBERS : (i + 1) * MEMBERS]
                network_spaces = [space for space in spaces if space.network_id == network.pk]
                for t in range(THREADS):
                    moment = now - timezone.timedelta(minutes=rng.randint(10, 100_000))
                    thread = Thread(network=network, space=rng.choice(network_spaces), author=rng.choice(mine),
                                    title=sentence(rng, 6)[:150], created_at=moment, last_activity_at=moment,
                                    reply_count=POSTS_PER_THREAD - 1)  # fmt: skip
                    threads.append(thread)
                    for p in range(POSTS_PER_THREAD):
                        body = sentence(rng, 20)
                        posts.append(Post(network=network, thread=thread, author=rng.choice(mine), body=body,
                                          body_html=f"<p>{body}</p>", is_first=p == 0,
                                          created_at=moment + timezone.timedelta(minutes=p)))  # fmt: skip
                    del t
            Thread.objects.bulk_create(threads)
            Post.objects.bulk_create(posts, batch_size=2000)
    with transaction.atomic():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    walls, cpus, queries = [], [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured.captured_queries))
    return max(queries), statistics.median(walls), statistics.median(cpus)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="10,100,1000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    settings.REQUIRE_MFA_FOR_ROLES = False
    for handler in logging.getLogger().handlers:  # request logs formatted as in production, not shown
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the life of the process)
    if args.measure:
        measure_pages(args.requests)
        return
    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    print(f"{'networks':>8} {'page':16} {'queries':>7} {'wall ms':>8} {'cpu ms':>7}   process RSS")
    for scale in (int(value) for value in args.scales.split(",")):
        started = time.perf_counter()
        grow_to(scale, rng)
        built = time.perf_counter() - started
        print(f"{scale:8} (built in {built:.0f} s)", flush=True)
        # Measured in a fresh process, as a server worker would be: the building above leaves
        # memory in this one that says nothing about serving pages.
        subprocess.run(  # noqa: S603 (this interpreter, this module)
            [sys.executable, "-m", "bench.networks", "--measure", "--requests", str(args.requests)],
            check=True,
        )


def measure_pages(requests: int) -> None:
    from django.test import Client

    from entrepairs.accounts.models import User
    from entrepairs.discussions.models import Thread
    from entrepairs.networks.models import Membership, Network

    scale = Network.objects.filter(slug__startswith="many-").count()
    member = Membership.objects.select_related("network", "user").get(
        network__slug="many-0000", display_name="Membre 1"
    )
    operator, _ = User.objects.get_or_create(
        email="operator-many@example.test", defaults={"is_staff": True, "is_superuser": True}
    )
    thread = Thread.objects.filter(network=member.network).order_by("id").first()
    client, staff = Client(), Client()
    client.force_login(member.user)
    staff.force_login(operator)
    pages = [
        ("home", client, "/"),
        ("home search", client, "/?q=0007"),
        ("network home", client, f"/n/{member.network.slug}/"),
        ("thread list", client, f"/n/{member.network.slug}/d/"),
        ("thread", client, f"/n/{member.network.slug}/t/{thread.pk}/"),
        ("operator list", staff, "/operator/"),
    ]
    for _name, who, url in pages:  # warm: templates compiled, pool opened, the code imported
        assert who.get(url).status_code == 200
    warm = rss_mb()
    # Visit networks across the installation as their members would (each process serves them
    # all): a per-network cache or registry would grow here.
    visitor = Client()
    for network in Network.objects.filter(slug__startswith="many-").order_by("?")[:50]:
        someone = Membership.objects.filter(network=network).select_related("user").first()
        visitor.force_login(someone.user)
        for path in ("", "d/"):
            assert visitor.get(f"/n/{network.slug}/{path}").status_code == 200
    for name, who, url in pages:
        queries, wall, cpu = measure(who, url, requests)
        print(f"{scale:8} {name:16} {queries:7} {wall:8.1f} {cpu:7.1f}")
    print(
        f"{scale:8} {'(process)':16} {'':7} {'':8} {'':7}   {warm:.0f} MB warm, {rss_mb():.0f} MB after "
        "visiting 50 networks and measuring",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
