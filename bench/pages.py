"""Server CPU per request for the discussion pages: the application's and PostgreSQL's.

    DATABASE_URL=postgres://... python -m bench.generate --posts 200000     # once (~10,000 threads)
    DATABASE_URL=postgres://... python -m bench.pages --requests 100 --runs 5

Requests go through Django's full stack in-process (middleware, templates, ORM), DEBUG off, signed
in as a member of network bench-0. For each page, a run makes N requests and measures
- app ms: this process's CPU time (time.process_time) per request,
- db ms: the CPU time of the PostgreSQL backend serving this process's connection, read from
  /proc/<pid>/stat before and after the run (clock ticks, so only a run's total is precise),
- writes: INSERT/UPDATE/DELETE statements per request (a plain view should write nothing).
It prints the median over runs of each figure: other processes share the machine, CPU time is
steadier than wall time but not immune to cache effects.

Pages: thread list page 1, the thread list 500 threads deep (its keyset cursor), a thread of 50
replies that the member follows and has already read, and a search for a common word."""

import argparse
import logging
import os
import statistics
import sys
import time

from bench.generate import NO_ABUSE_LIMITS, setup_django

WRITES = ("INSERT", "UPDATE", "DELETE")


def backend_cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # fields[11], fields[12]: utime and stime (the 14th and 15th fields, counted after the name)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url, requests, backend_pid):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and compiled templates
    # Statements are counted on one request apart from the timed ones: capturing them switches on
    # Django's debug cursor, which writes out each statement's text with its values (about 10 % of
    # a thread page's CPU, none of it in production).
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = len(captured.captured_queries)
    writes = sum(q["sql"].lstrip().upper().startswith(WRITES) for q in captured.captured_queries)
    db_before = backend_cpu_seconds(backend_pid)
    app_before = time.process_time()
    for _ in range(requests):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    app = (time.process_time() - app_before) * 1000 / requests
    db = (backend_cpu_seconds(backend_pid) - db_before) * 1000 / requests
    return app, db, queries, writes


def prepare(member):
    """A thread of 50 replies in the member's network, followed by the member (generated threads
    have at most 39 posts: the longest one gets more)."""
    from django.db.models import Count
    from django.utils import timezone

    from entrepairs.discussions.models import Post, Thread, ThreadFollow

    thread = (
        Thread.objects.filter(network=member.network, deleted_at__isnull=True)
        .annotate(n=Count("posts"))
        .order_by("-n", "id")
        .first()
    )
    missing = 51 - thread.n
    if missing > 0:
        last = thread.posts.order_by("-created_at").first()
        Post.objects.bulk_create(
            Post(
                network_id=thread.network_id,
                thread=thread,
                author=member,
                body=f"Réponse {n} fatigue",
                body_html=f"<p>Réponse {n} fatigue</p>",
                created_at=last.created_at + timezone.timedelta(minutes=n + 1),
            )  # fmt: skip
            for n in range(missing)
        )
        Thread.objects.filter(pk=thread.pk).update(reply_count=50)
    ThreadFollow.objects.get_or_create(
        member=member, thread=thread, defaults={"network_id": thread.network_id}
    )
    return thread


def setup_as_a_server():
    """Django set up, then readied as a server process readies it (web/startup.py): an in-process
    benchmark without it measures collector pauses a server does not have (a full pass over the
    loaded application, about 140 ms of CPU, once every few dozen pages)."""
    setup_django()
    from entrepairs.web.startup import ready_to_serve

    ready_to_serve()


def bench_member(setup=setup_as_a_server):
    """Django set up for a page benchmark in this process (abuse limits lifted: one member reads
    hundreds of pages a minute; MFA not asked; request logs formatted as in production but not shown),
    and the member of bench-0 it signs in as, with the thread of 50 replies `prepare` makes. `setup`
    sets Django up (importing the ASGI application does it too, logging included, and readies it)."""
    for name, value in NO_ABUSE_LIMITS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("REQUIRE_MFA_FOR_ROLES", "false")
    setup()
    from entrepairs.networks.models import Membership

    for handler in logging.getLogger().handlers:
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the life of the process)
    member = (
        Membership.objects.filter(network__slug="bench-0", role="member").select_related("network").first()
    )
    if member is None:
        sys.exit("No benchmark data: run `python -m bench.generate --posts 200000` first.")
    return member, prepare(member)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default="list,deep,thread,search")
    args = parser.parse_args(argv)
    member, thread = bench_member()
    from django.db import connection
    from django.test import Client

    from entrepairs.discussions import queries
    from entrepairs.discussions.models import Post, Thread
    from entrepairs.web.pagination import encode_cursor

    if connection.vendor != "postgresql":
        sys.exit("This benchmark reads the PostgreSQL backend's CPU time: set DATABASE_URL=postgres://...")
    deep_activity, deep_id = queries.visible_threads(member).values_list("last_activity_at", "id")[499]
    deep = encode_cursor(deep_activity.isoformat(), deep_id)  # the "Older threads" link after 500
    slug = member.network.slug
    client = Client()
    client.force_login(member.user)
    client.get(f"/n/{slug}/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    pages = {
        "list": ("thread list, page 1", f"/n/{slug}/d/"),
        "deep": ("thread list, 500 deep", f"/n/{slug}/d/?before={deep}"),
        "thread": ("thread of 50 replies", f"/n/{slug}/t/{thread.pk}/"),
        "search": ("search 'fatigue'", f"/n/{slug}/search/?q=fatigue"),
        "home": ("network home", f"/n/{slug}/"),
    }
    print(
        f"database: PostgreSQL, threads: {Thread.objects.count()}, posts: {Post.objects.count()}, "
        f"{args.runs} runs of {args.requests} requests, medians over runs"
    )
    print(f"{'page':24} {'app ms':>7} {'db ms':>7} {'total':>7} {'queries':>8} {'writes':>7}")
    for key in args.pages.split(","):
        name, url = pages[key]
        runs = [measure(client, url, args.requests, backend_pid) for _ in range(args.runs)]
        app, db, count, writes = (statistics.median(values) for values in zip(*runs, strict=True))
        print(f"{name:24} {app:7.1f} {db:7.1f} {app + db:7.1f} {count:8.1f} {writes:7.1f}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == backend_pid, "the connection changed during the run"


if __name__ == "__main__":
    sys.exit(main())
