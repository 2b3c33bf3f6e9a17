"""Mixed-load benchmark (`make bench`): a real ASGI server on PostgreSQL + Redis, driven by a separate
process at a fixed request rate, or with a growing number of active members.

    python -m bench.load --posts 1000000 --members 50000 --networks 20 --rate 50 --duration 60
    python -m bench.load --mode ramp --steps 100,200,400,600,800,1000 --step-seconds 60

Setup (not timed):
- the database (`--database-url`, default `entrepairs_bench` on 127.0.0.1, created if missing) is
  migrated and filled with `bench.generate` up to `--posts` posts (nothing is generated when it
  holds them already; the time taken is printed);
- `--signed-in` members of the bench networks get a session each (as the login view writes it) and
  are put in group conversations of ten (their network allows private messages), so that every
  simulated member can read, search, reply and write messages;
- the server: `uvicorn entrepairs.asgi:application --workers 2`, DEBUG off, `ADMISSION_LIMIT=2` as
  deploy/entrepairs.env.example sets it (unless the environment says otherwise), REDIS_URL (cache,
  channel layer, Celery broker: tasks wait in the bench's Redis database, which is emptied before
  and after, as no Celery worker runs), PostgreSQL through the per-process bounded pool.

The driver (`bench.load_driver`, asyncio and a minimal client, bench/http_client.py) runs in another
process so that its CPU is not the server's. Each simulated member has its own cookies and keep-alive
connection, like a browser.
Requests: network home, thread list, thread page, search for a common word, reply (form post, with
the CSRF token), send a message (REST API, session + CSRF) and notifications.

- rate mode (open loop): request k is due at start + k / rate whatever the answers, for a random
  member; latency counts from the moment it was due, so a server falling behind cannot hide it.
- ramp mode (closed loop, as Mattermost's load test): each active member acts, then thinks for an
  exponentially distributed time of mean `--think` seconds; each step adds members and is measured
  on its own. Mattermost's health line: average <= 100 ms, p99 <= 2 s, errors <= 0.025 %.

Printed per endpoint: requests, throughput, p50/p99/average (ms), errors by status; then the server
CPU per request: user + system time of the uvicorn processes and of the PostgreSQL backends of the
bench database (from /proc, before and after each measured window), divided by the requests
answered in it. CPU of Redis and of the driver is not counted (the driver's is printed)."""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench import machine
from bench.generate import WORDS, analyse, setup_django
from bench.load_driver import healthy

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/entrepairs_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
ROOM_SIZE = 10
THREADS_PER_NETWORK = 200  # threads the members visit and reply to, per network


# ---------- database ----------


def ensure_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def postgres_settings() -> str:
    """The server's settings that move the figures (docs/operator/install-debian.md, "PostgreSQL"):
    with the default 128 MB of shared buffers, a 2 GB database's searches read hundreds of blocks
    from the system's cache each under the load, and cost twice as much."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers'),"
            " current_setting('effective_cache_size'), pg_size_pretty(pg_database_size(current_database()))"
        )
        version, shared_buffers, cache_size, size = cursor.fetchone()
    return (
        f"PostgreSQL {version}: shared_buffers {shared_buffers}, effective_cache_size {cache_size}; "
        f"database {size}"
    )


def fill(posts: int, members: int, networks: int) -> dict | None:
    """Generate what the database lacks; None when it held enough already."""
    from django.core.management import call_command

    from bench.generate import generate
    from entrepairs.discussions.models import Post

    call_command("migrate", verbosity=0)
    present = Post.objects.filter(network__slug__startswith="bench-").count()
    if present >= posts:
        return None

    def progress(done, seconds):
        print(f"  generating: {present + done} posts, {seconds:.0f} s", file=sys.stderr, flush=True)

    return generate(posts - present, networks=networks, members_per_network=max(1, members // networks),
                    progress=progress)  # fmt: skip


def prepare(signed_in: int, networks: int, seed: int) -> dict:
    """Sessions, group conversations and the threads to visit: the driver's plan."""
    from django.conf import settings
    from django.db import transaction

    from bench.sessions import sign_in
    from entrepairs.discussions.models import Thread
    from entrepairs.messaging.models import Conversation, Participant
    from entrepairs.networks.models import Membership, Network

    rng = random.Random(seed)
    nets = list(Network.objects.filter(slug__startswith="bench-").order_by("pk")[:networks])
    Network.objects.filter(pk__in=[n.pk for n in nets]).update(allow_private_messages=True)
    per_network = max(ROOM_SIZE, signed_in // len(nets))
    plan = {"members": [], "threads": {}, "words": WORDS}
    with transaction.atomic():
        for network in nets:
            members = list(
                Membership.objects.filter(network=network, status="active")
                .select_related("user")
                .order_by("?")[:per_network]
            )
            rooms = Conversation.objects.bulk_create(
                Conversation(network=network, kind=Conversation.Kind.GROUP, name=f"Salle {r}", created_by=members[r * ROOM_SIZE])
                for r in range(len(members) // ROOM_SIZE)
            )  # fmt: skip
            members = members[: len(rooms) * ROOM_SIZE]
            Participant.objects.bulk_create(
                Participant(network=network, conversation=rooms[n // ROOM_SIZE], member=member,
                            role=Participant.Role.ADMIN if n % ROOM_SIZE == 0 else Participant.Role.MEMBER)
                for n, member in enumerate(members)
            )  # fmt: skip
            keys = sign_in([m.user for m in members])
            for n, (member, key) in enumerate(zip(members, keys, strict=True)):
                plan["members"].append(
                    {
                        "slug": network.slug,
                        "session": key,
                        "conversation": rooms[n // ROOM_SIZE].pk,
                        "persona": member.pk,
                    }  # fmt: skip
                )
            plan["threads"][network.slug] = list(
                Thread.objects.filter(network=network, deleted_at=None)
                .order_by("?")
                .values_list("pk", flat=True)[:THREADS_PER_NETWORK]
            )
    # The conversations just created, and the sessions: statistics as a database in service has them
    # (bench/messaging.py says what a plan without them cost).
    analyse()
    rng.shuffle(plan["members"])
    plan["session_cookie"] = settings.SESSION_COOKIE_NAME
    plan["csrf_cookie"] = settings.CSRF_COOKIE_NAME
    return plan


# ---------- CPU accounting ----------


def _process_cpu(pid: int) -> float:
    """User + system seconds of one process (all its threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except FileNotFoundError:
            continue
    return found


class CpuMeter:
    """CPU seconds of the server's processes and of the PostgreSQL backends serving its database."""

    def __init__(self, server_pid: int, database_url: str):
        import psycopg

        self.server_pid = server_pid
        self.database = database_url.rsplit("/", 1)[1]
        self.admin = psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True)

    def _backends(self) -> list[int]:
        rows = self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
            [self.database],
        ).fetchall()
        return [row[0] for row in rows]

    def snapshot(self) -> dict:
        server, database = {}, {}
        for pid in _tree(self.server_pid):
            try:
                server[pid] = _process_cpu(pid)
            except FileNotFoundError:
                pass
        for pid in self._backends():
            try:
                database[pid] = _process_cpu(pid)
            except FileNotFoundError:
                pass
        return {"server": server, "database": database, "at": time.monotonic()}

    @staticmethod
    def spent(before: dict, after: dict) -> dict:
        """Seconds spent between two snapshots (a backend born in between counts from zero)."""
        result = {}
        for kind in ("server", "database"):
            result[kind] = sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items())
        result["wall"] = after["at"] - before["at"]
        return result

    def close(self):
        self.admin.close()


def clear_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.delete("celery")
    finally:
        client.close()


# ---------- running the driver ----------


def run_driver(plan_path: str, port: int, meter: CpuMeter, driver_args: list[str], on_step) -> list[dict]:
    """Run bench.load_driver; measure CPU around each step it announces; return its step reports."""
    command = [sys.executable, "-m", "bench.load_driver", "--plan", plan_path,
               "--base-url", f"http://127.0.0.1:{port}", *driver_args]  # fmt: skip
    driver = subprocess.Popen(command, cwd=BASE_DIR, stdout=subprocess.PIPE, text=True)
    reports, before = [], None
    for line in driver.stdout:
        event = json.loads(line)
        if event["event"] == "warm-up":
            reports.append(event)
            on_step(event)
        elif event["event"] == "step-start":
            before = meter.snapshot()
        elif event["event"] == "step-end":
            spent = meter.spent(before, meter.snapshot())
            event["server_cpu_s"], event["database_cpu_s"] = spent["server"], spent["database"]
            answered = max(event["totals"]["requests"], 1)
            served = max(event["totals"]["requests"] - event["totals"]["errors"], 1)
            event["cpu_ms_per_request"] = {
                "server": 1000 * spent["server"] / answered,
                "database": 1000 * spent["database"] / answered,
                "total": 1000 * (spent["server"] + spent["database"]) / answered,
                # A 503 from admission control costs almost nothing: under overload, per request
                # answered flatters the server; per request served does not.
                "per_served": 1000 * (spent["server"] + spent["database"]) / served,
            }
            event["cpu_percent"] = 100 * (spent["server"] + spent["database"]) / spent["wall"]
            reports.append(event)
            on_step(event)
    if driver.wait():
        raise RuntimeError(f"the load driver exited with code {driver.returncode}")
    return reports


# ---------- report ----------


def server_times(log_path: Path) -> dict:
    """Per route: requests, statuses and p50/p99 of the time the server itself logged (from Django's
    first middleware to the response), warm-up included: set against the driver's figures, it tells
    time spent in Django from time spent waiting before it (admission, event loop, network)."""
    durations, cpu, statuses = {}, {}, {}
    for line in log_path.open():
        if '"entrepairs.requests"' not in line:
            continue
        entry = json.loads(line)
        durations.setdefault(entry["route"], []).append(entry["duration_ms"])
        cpu.setdefault(entry["route"], []).append(entry["cpu_ms"])
        statuses.setdefault(entry["route"], Counter())[entry["status"]] += 1
    result = {}
    for route, values in durations.items():
        values.sort()
        result[route] = {"requests": len(values), "p50_ms": values[len(values) // 2],
                         "p99_ms": values[min(len(values) - 1, int(len(values) * 0.99))],
                         "cpu_ms": sum(cpu[route]) / len(values), "statuses": dict(statuses[route])}  # fmt: skip
    return result


def print_step(step: dict) -> None:
    if step["event"] == "warm-up":
        print(f"warm-up: {step['requests']} requests, one at a time, errors: {step['errors'] or 'none'}")
        return
    totals = step["totals"]
    title = f"{step['members']} active members" if step.get("members") else f"{step['rate']:g} requests/s"
    print(f"\n{title}, {step['seconds']:.0f} s: {totals['requests']} answered, {totals['throughput']:.1f}/s, "
          f"average {totals['average_ms']:.1f} ms, p50 {totals['p50_ms']:.1f} ms, p99 {totals['p99_ms']:.1f} ms, "
          f"errors {totals['errors']} ({100 * totals['errors'] / max(totals['requests'], 1):.3f} %)")  # fmt: skip
    print(f"{'endpoint':14} {'requests':>8} {'per s':>6} {'p50 ms':>8} {'p99 ms':>8} {'avg ms':>8}  errors")
    for name, row in step["endpoints"].items():
        errors = ", ".join(f"{status}: {count}" for status, count in sorted(row["errors"].items())) or "-"
        refused = f" (refused by the form: {row['refused']})" if row.get("refused") else ""
        print(f"{name:14} {row['requests']:8} {row['throughput']:6.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
              f"{row['average_ms']:8.1f}  {errors}{refused}")  # fmt: skip
    cpu = step["cpu_ms_per_request"]
    print(f"server CPU per request: {cpu['total']:.1f} ms (application {cpu['server']:.1f} ms + PostgreSQL "
          f"{cpu['database']:.1f} ms; {cpu['per_served']:.1f} ms per request served without error), "
          f"{step['cpu_percent']:.0f} % of one core; driver CPU "
          f"{step['driver_cpu_percent']:.0f} % of one core, driver lag p99 {step['driver_lag_p99_ms']:.1f} ms; "
          f"Mattermost's health line: {'held' if healthy(totals) else 'missed'}")  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="a Redis database for the bench alone")
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--networks", type=int, default=20)
    parser.add_argument(
        "--signed-in", type=int, default=2000, help="members with a session, used by the driver"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=["rate", "ramp"], default="rate")
    parser.add_argument("--rate", type=float, default=50, help="rate mode: requests per second")
    parser.add_argument("--duration", type=float, default=60, help="rate mode: seconds")
    parser.add_argument(
        "--steps", default="50,100,200,400,600,800,1000,1200", help="ramp mode: active members"
    )
    parser.add_argument("--step-seconds", type=float, default=60, help="ramp mode: seconds per step")
    parser.add_argument("--think", type=float, default=5, help="ramp mode: mean think time (s)")
    parser.add_argument("--mix", default="", help="weights, e.g. search=0 to leave search out")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", action="store_true", help="print the step reports as JSON lines")
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.pop("REDIS_URL", None)  # this process only writes the population
    ensure_database(args.database_url)
    setup_django()
    print(f"load bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; {machine.describe()}", flush=True)  # fmt: skip
    started = time.perf_counter()
    generated = fill(args.posts, args.members, args.networks)
    if generated:
        print(f"generated {generated['posts']} posts in {generated['seconds']:.0f} s "
              f"(members {generated['members_seconds']:.0f} s, rows {generated['load_seconds']:.0f} s, "
              f"indexes {generated['index_seconds']:.0f} s)", flush=True)  # fmt: skip
    plan = prepare(args.signed_in, args.networks, args.seed)
    from entrepairs.discussions.models import Post, Thread
    from entrepairs.networks.models import Membership

    print(f"database: {Post.objects.count()} posts, {Thread.objects.count()} threads, "
          f"{Membership.objects.count()} members; {len(plan['members'])} signed in; "
          f"setup {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    print(postgres_settings(), flush=True)
    from django.db import connections

    connections.close_all()

    from bench.messaging import uvicorn_server

    driver_args = ["--mode", args.mode, "--seed", str(args.seed), "--mix", args.mix,
                   "--warm-up-rounds", str(4 * args.workers)]  # fmt: skip
    if args.mode == "rate":
        driver_args += ["--rate", str(args.rate), "--duration", str(args.duration)]
    else:
        driver_args += [
            "--steps",
            args.steps,
            "--step-seconds",
            str(args.step_seconds),
            "--think",
            str(args.think),
        ]
    clear_redis(args.redis_url)
    log_path = Path(tempfile.gettempdir()) / "entrepairs-bench-server.log"
    with (
        tempfile.NamedTemporaryFile("w", suffix=".json", prefix="bench-plan-") as plan_file,
        log_path.open("w") as log,
    ):
        json.dump(plan, plan_file)
        plan_file.flush()
        try:
            # The driver's 2,000 members all come from 127.0.0.1: the abuse limits per IP address
            # (docs/operator-guide.md, "Abuse limits") would answer 429 to all of them together. The
            # limits per account stay (each member makes a few requests a minute).
            per_ip = dict.fromkeys(("PAGE_READS_PER_MINUTE_PER_IP", "SEARCHES_PER_MINUTE_PER_IP"), "1000000")
            # As the production environment sets it (deploy/entrepairs.env.example), unless told otherwise.
            per_ip["ADMISSION_LIMIT"] = os.environ.get("ADMISSION_LIMIT", "2")
            with uvicorn_server(args.database_url, redis_url=args.redis_url, workers=args.workers,
                                celery_broker=True, log=log, extra_env=per_ip) as (port, pid):  # fmt: skip
                meter = CpuMeter(pid, args.database_url)
                try:
                    reports = run_driver(plan_file.name, port, meter, driver_args,
                                         on_step=(lambda s: print(json.dumps(s), flush=True)) if args.json else print_step)  # fmt: skip
                finally:
                    meter.close()
        finally:
            clear_redis(args.redis_url)
    server_errors = sum('"level": "ERROR"' in line for line in log_path.open())
    times = server_times(log_path)
    if args.json:
        print(json.dumps({"event": "done", "server_error_lines": server_errors, "server_log": str(log_path),
                          "server_times": times}))  # fmt: skip
    else:
        print(
            f"\nserver log: {log_path} ({server_errors} lines at level ERROR); time inside Django and its CPU (the request's thread, average), per route:"
        )
        for route, row in sorted(times.items()):
            print(f"  {route:62} {row['requests']:6} p50 {row['p50_ms']:8.1f} ms  p99 {row['p99_ms']:8.1f} ms  "
                  f"CPU {row['cpu_ms']:5.1f} ms  {row['statuses']}")  # fmt: skip
    warm_up = next(r for r in reports if r["event"] == "warm-up")
    reports = [r for r in reports if r["event"] == "step-end"]
    if args.mode == "ramp":
        held = [r["members"] for r in reports if healthy(r["totals"])]
        print(f"\nlargest number of active members within the health line: {max(held) if held else 'none'} "
              f"(steps {args.steps}, {args.step_seconds:g} s each, think time {args.think:g} s)")  # fmt: skip
    errors = sum(r["totals"]["errors"] for r in reports) + sum(
        sum(e.values()) for e in warm_up["errors"].values()
    )
    return 1 if errors and args.mode == "rate" else 0


if __name__ == "__main__":
    sys.exit(main())
