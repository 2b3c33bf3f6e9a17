"""The load driver of `bench.load` (run by it, in its own process): simulated signed-in members
against a running server, one JSON line per event on stdout (`step-start`, `step-end` with the
figures), so that the parent can measure the server's CPU around each step.

    python -m bench.load_driver --plan plan.json --base-url http://127.0.0.1:8000 --mode rate --rate 50

The plan (written by bench.load.prepare) lists the members (network, session key, a group
conversation) and the threads of each network."""

import argparse
import asyncio
import json
import random
import resource
import secrets
import sys
import time
from collections import Counter, defaultdict

from bench.http_client import Client, HTTPError

# Weights of a forum visit: mostly reading, some searching and writing.
MIX = {
    "home": 10,
    "thread_list": 20,
    "thread": 35,
    "search": 10,
    "reply": 10,
    "message": 10,
    "notifications": 5,
}
HEALTH = {"average_ms": 100, "p99_ms": 2000, "error_percent": 0.025}
TIMEOUT_SECONDS = 30


class Member:
    """One simulated member: its own cookies (session, CSRF) and keep-alive connection, as a browser
    (bench/http_client.py: the driver's CPU is taken from the server's cores)."""

    def __init__(self, entry: dict, base_url: str, cookies: tuple[str, str]):
        self.slug = entry["slug"]
        self.conversation = entry["conversation"]
        self.csrf = secrets.token_hex(16)  # a 32-character secret is a valid token (cookie = header)
        # Idle connections are dropped after 2 s, before uvicorn closes them (5 s): reusing one the
        # server is closing at that moment fails with an error that no browser would show.
        self.client = Client(
            base_url,
            cookies={cookies[0]: entry["session"], cookies[1]: self.csrf},
            timeout=TIMEOUT_SECONDS,
            keepalive_expiry=2,
        )


class Recorder:
    def __init__(self):
        self.latencies = defaultdict(list)
        self.errors = defaultdict(Counter)
        self.refused = Counter()
        self.lag = []

    def add(self, endpoint: str, seconds: float, status: str | None, refused: bool = False):
        self.latencies[endpoint].append(seconds * 1000)
        if status is not None:
            self.errors[endpoint][status] += 1
        if refused:
            self.refused[endpoint] += 1


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def summary(recorder: Recorder, seconds: float) -> dict:
    endpoints, everything, errors = {}, [], 0
    for name in MIX:
        values = recorder.latencies.get(name, [])
        if not values:
            continue
        everything += values
        errors += sum(recorder.errors[name].values())
        endpoints[name] = {
            "requests": len(values),
            "throughput": len(values) / seconds,
            "p50_ms": percentile(values, 0.5),
            "p99_ms": percentile(values, 0.99),
            "average_ms": sum(values) / len(values),
            "errors": dict(recorder.errors[name]),
            "refused": recorder.refused[name],
        }
    totals = {
        "requests": len(everything),
        "throughput": len(everything) / seconds,
        "p50_ms": percentile(everything, 0.5),
        "p99_ms": percentile(everything, 0.99),
        "average_ms": sum(everything) / len(everything) if everything else 0.0,
        "errors": errors,
    }
    return {"endpoints": endpoints, "totals": totals}


def healthy(totals: dict) -> bool:
    return (
        totals["requests"] > 0
        and totals["average_ms"] <= HEALTH["average_ms"]
        and totals["p99_ms"] <= HEALTH["p99_ms"]
        and 100 * totals["errors"] / totals["requests"] <= HEALTH["error_percent"]
    )


class Workload:
    def __init__(self, plan: dict, base_url: str, mix: dict, seed: int):
        self.plan = plan
        self.rng = random.Random(seed)
        self.base_url = base_url
        self.names, self.weights = list(mix), list(mix.values())
        self.members: list[Member] = []
        self.cookies = (plan["session_cookie"], plan["csrf_cookie"])

    def member(self, index: int) -> Member:
        while len(self.members) <= index:
            self.members.append(Member(self.plan["members"][len(self.members)], self.base_url, self.cookies))
        return self.members[index]

    def request_for(self, member: Member, endpoint: str):
        """(method, url, keyword arguments, expected status) of one action."""
        slug, rng = member.slug, self.rng
        thread = rng.choice(self.plan["threads"][slug])
        if endpoint == "home":
            return "GET", f"/n/{slug}/", {}, (200,)
        if endpoint == "thread_list":
            return "GET", f"/n/{slug}/d/", {}, (200,)
        if endpoint == "thread":
            return "GET", f"/n/{slug}/t/{thread}/", {}, (200,)
        if endpoint == "search":
            return "GET", f"/n/{slug}/search/", {"params": {"q": rng.choice(self.plan["words"])}}, (200,)
        if endpoint == "notifications":
            return "GET", f"/n/{slug}/notifications/", {}, (200,)
        body = " ".join(rng.choice(self.plan["words"]) for _ in range(rng.randint(6, 30))).capitalize() + "."
        if endpoint == "reply":
            data = {"body": body, "csrfmiddlewaretoken": member.csrf}
            return "POST", f"/n/{slug}/t/{thread}/", {"data": data}, (302,)
        payload = {"body": body, "client_id": secrets.token_hex(8)}
        url = f"/api/v1/networks/{slug}/conversations/{member.conversation}/messages"
        return "POST", url, {"json": payload, "headers": {"X-CSRFToken": member.csrf}}, (201,)

    async def act(
        self, member: Member, recorder: Recorder, due: float | None = None, endpoint: str = ""
    ) -> None:
        endpoint = endpoint or self.rng.choices(self.names, self.weights)[0]
        method, url, options, expected = self.request_for(member, endpoint)
        started = due if due is not None else time.perf_counter()
        status = None
        refused = False
        try:
            response = await member.client.request(method, url, **options)
            if response.status_code not in expected:
                if endpoint == "reply" and response.status_code == 200:
                    refused = True  # the form answered (a privacy confirmation, say): not a server error
                else:
                    status = str(response.status_code)
        except TimeoutError:
            status = "timeout"
        except HTTPError as error:
            status = f"connection: {error}"
        recorder.add(endpoint, time.perf_counter() - started, status, refused)


async def warm_up(workload: Workload, rounds: int = 4) -> None:
    """Every endpoint a few times, one request at a time, unmeasured: each worker's first requests
    import modules, compile templates and load the privacy scanner's language model (seconds), which
    is a start-up cost, not a figure of the load. Their errors are reported all the same. Each request
    comes from another member's connection, which the kernel hands to any worker: bench.load asks for
    four rounds per worker (with four rounds in all, four workers still loaded the language model
    inside the measured minute, and its p99 was 2 s)."""
    recorder = Recorder()
    population = len(workload.plan["members"])
    for number in range(rounds):
        for endpoint in workload.names:
            member = workload.member(
                (number * len(workload.names) + workload.names.index(endpoint)) % population
            )
            await workload.act(member, recorder, endpoint=endpoint)
    errors = {name: dict(counts) for name, counts in recorder.errors.items() if counts}
    emit({"event": "warm-up", "requests": sum(len(v) for v in recorder.latencies.values()), "errors": errors})


def emit(event: dict) -> None:
    print(json.dumps(event), flush=True)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_rate(workload: Workload, rate: float, duration: float) -> None:
    """Open loop: request k is due at start + k / rate, whatever the answers."""
    recorder, tasks = Recorder(), set()
    population = len(workload.plan["members"])
    emit({"event": "step-start"})
    cpu, started = _cpu(), time.perf_counter()
    for number in range(int(rate * duration)):
        due = started + number / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        recorder.lag.append(max(0.0, time.perf_counter() - due) * 1000)
        member = workload.member(workload.rng.randrange(population))
        task = asyncio.create_task(workload.act(member, recorder, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks)
    seconds = time.perf_counter() - started
    report = summary(recorder, seconds)
    emit({"event": "step-end", "rate": rate, "seconds": seconds, **report,
          "driver_cpu_percent": 100 * (_cpu() - cpu) / seconds,
          "driver_lag_p99_ms": percentile(recorder.lag, 0.99)})  # fmt: skip


async def run_ramp(workload: Workload, steps: list[int], step_seconds: float, think: float) -> None:
    """Closed loop per member (act, think exp(mean `think`) s, act...); each step adds members."""
    state = {"recorder": Recorder()}
    loops: list[asyncio.Task] = []

    async def member_loop(index: int) -> None:
        member = workload.member(index)
        rng = random.Random(index)
        await asyncio.sleep(rng.uniform(0, think))  # arrivals spread over one think time
        while True:
            await workload.act(member, state["recorder"])
            await asyncio.sleep(rng.expovariate(1 / think))

    try:
        for active in steps:
            if active > len(workload.plan["members"]):
                sys.exit(
                    f"the plan has {len(workload.plan['members'])} signed-in members, step needs {active}"
                )
            while len(loops) < active:
                loops.append(asyncio.create_task(member_loop(len(loops))))
            await asyncio.sleep(min(think * 2, step_seconds / 2))  # the new members settle in, unmeasured
            state["recorder"] = recorder = Recorder()
            emit({"event": "step-start", "members": active})
            cpu, started = _cpu(), time.perf_counter()
            await asyncio.sleep(step_seconds)
            seconds = time.perf_counter() - started
            report = summary(recorder, seconds)
            emit({"event": "step-end", "members": active, "seconds": seconds, **report,
                  "driver_cpu_percent": 100 * (_cpu() - cpu) / seconds, "driver_lag_p99_ms": 0.0})  # fmt: skip
            if not healthy(report["totals"]):
                break
    finally:
        for loop in loops:
            loop.cancel()
        await asyncio.gather(*loops, return_exceptions=True)


async def main_async(args) -> None:
    with open(args.plan) as plan_file:
        plan = json.load(plan_file)
    mix = dict(MIX)
    for item in filter(None, args.mix.split(",")):
        name, weight = item.split("=")
        mix[name] = float(weight)
    mix = {name: weight for name, weight in mix.items() if weight > 0}
    workload = Workload(plan, args.base_url, mix, args.seed)
    try:
        await warm_up(workload, args.warm_up_rounds)
        if args.mode == "rate":
            await run_rate(workload, args.rate, args.duration)
        else:
            steps = [int(step) for step in args.steps.split(",")]
            await run_ramp(workload, steps, args.step_seconds, args.think)
    finally:
        for member in workload.members:
            await member.client.aclose()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--mode", choices=["rate", "ramp"], default="rate")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--steps", default="50,100,200")
    parser.add_argument("--step-seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=5)
    parser.add_argument("--mix", default="")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--warm-up-rounds", type=int, default=4)
    args = parser.parse_args(argv)
    try:
        from uvloop import new_event_loop as loop_factory
    except ImportError:
        loop_factory = None
    asyncio.run(main_async(args), loop_factory=loop_factory)


if __name__ == "__main__":
    sys.exit(main())
