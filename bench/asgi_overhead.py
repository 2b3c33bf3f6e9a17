"""What a request costs outside the view: the same page through the test client and through the ASGI
application, in-process, without a server in front.

    DATABASE_URL=postgres://... python -m bench.generate --posts 200000     # once
    DATABASE_URL=postgres://... python -m bench.asgi_overhead --requests 200 --runs 5
    DATABASE_URL=postgres://... python -m bench.asgi_overhead --profile asgi   # where the time goes

Both paths run the same middleware, view and templates, signed in as the same member of bench-0.
- client: Django's test client (a WSGI-like request in the calling thread; no signals hop, the
  database connection kept from one request to the next),
- asgi: `entrepairs.asgi.application` called with an HTTP scope on an event loop (uvloop, as the
  server runs it), with the body read from `receive` and the response collected from `send`: the
  handler's own work (threads, signals, the pool's check-out and return) is counted, the server's
  parsing and socket writes are not (bench.misago_compare measures those under uvicorn).
It prints this process's CPU time per request (time.process_time, which counts every thread),
median over runs."""

import argparse
import asyncio
import contextvars
import cProfile
import importlib
import os
import pstats
import statistics
import sys
import time

from bench.pages import bench_member


def asgi_runner(application, url, cookie):
    path, _, query = url.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "root_path": "", "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000),
        "headers": [(b"host", b"127.0.0.1"), (b"cookie", cookie.encode()), (b"accept-language", b"fr")],
    }  # fmt: skip

    async def one():
        sent = []
        disconnect = asyncio.Event()

        async def receive():
            if not sent and not getattr(receive, "done", False):
                receive.done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await disconnect.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        await application(dict(scope), receive, send)
        disconnect.set()
        status = sent[0]["status"]
        assert status == 200, (url, status, b"".join(m.get("body", b"") for m in sent[1:])[:300])

    base = contextvars.copy_context()  # as a server starts each request: a task in a copy of its own context

    async def many(n):
        for _ in range(n):
            await asyncio.create_task(one(), context=base.copy())

    return many


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--page", default="list", choices=["list", "thread", "search", "home", "notifications", "badge"]
    )
    parser.add_argument("--profile", choices=["client", "asgi"], help="print a profile of one path")
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    member, thread = bench_member(setup=lambda: importlib.import_module("entrepairs.asgi"))
    import uvloop
    from django.conf import settings
    from django.db import connections
    from django.test import Client

    from bench.sessions import sign_in
    from entrepairs.asgi import application

    slug = member.network.slug
    url = {
        "list": f"/n/{slug}/d/",
        "thread": f"/n/{slug}/t/{thread.pk}/",
        "search": f"/n/{slug}/search/?q=fatigue",
        "home": f"/n/{slug}/",
        "notifications": f"/n/{slug}/notifications/",
        # The smallest signed-in answer (the Messages badge htmx polls): what every request pays.
        "badge": f"/n/{slug}/messages/badge/",
    }[args.page]
    key = sign_in([member.user])[0]
    cookie = f"{settings.SESSION_COOKIE_NAME}={key}"
    connections.close_all()

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    def run_client(n):
        for _ in range(n):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.get("Location"))

    loop = uvloop.new_event_loop()
    many = asgi_runner(application, url, cookie)

    def run_asgi(n):
        loop.run_until_complete(many(n))

    paths = {"client": run_client, "asgi": run_asgi}
    for run in paths.values():
        run(5)  # warm: templates, statements, the pool
    if args.profile:
        # CPU time, not wall time: a profile by the clock counts waiting for PostgreSQL as Python's
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        paths[args.profile](args.requests)
        profiler.disable()
        if os.environ.get("PROFILE_DUMP"):
            profiler.dump_stats(os.environ["PROFILE_DUMP"])
        stats = pstats.Stats(profiler).sort_stats("tottime")
        stats.print_stats(40)
        stats.sort_stats("cumulative").print_stats(60)
        return 0
    print(f"{url}: {args.runs} runs of {args.requests} requests, CPU ms per request (median of runs)")
    for name, run in paths.items():
        figures = []
        for _ in range(args.runs):
            before = time.process_time()
            run(args.requests)
            figures.append((time.process_time() - before) * 1000 / args.requests)
        print(f"{name:7} {statistics.median(figures):6.2f}  (runs: {', '.join(f'{f:.2f}' for f in figures)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
