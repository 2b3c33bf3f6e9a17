"""Prometheus metrics: requests by route pattern and status, their latency, open websockets and the
task queue's length. Served by /metrics to a scraper holding METRICS_TOKEN (web/observability.py).

No label carries personal data or an object's identity: a request is labelled with its route's
pattern ("n/<slug:slug>/t/<int:thread_id>/"), never its path, and with its method and status; the
number of route patterns is fixed by the code, so the number of series is bounded.

Several worker processes (docs/decisions/0009-metrics-across-worker-processes.md): prometheus_client
keeps each metric in the process that counts it, and a scrape reaches one worker. With
PROMETHEUS_MULTIPROC_DIR set (an empty directory, cleared when the service starts), every process
writes its values to files there and a scrape adds up those of all processes; open websockets are a
`livesum` gauge, from which the files of workers that died are removed at each scrape. Without it
(one process: the demo, tests), each process keeps its own."""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNRESOLVED = "(unresolved)"  # a 404 outside every route, a request refused before routing

requests_total = Counter(
    "entrepairs_http_requests_total",
    "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
    registry=None,  # only in the registries render() builds (the default one would add process
)  # and platform collectors describing one worker among several)
request_duration = Histogram(
    "entrepairs_http_request_duration_seconds",
    "Time from the request reaching the application to its response, by route pattern.",
    ["route"],
    # From a cached page to the search statement's timeout (SEARCH_TIMEOUT_MS defaults to 2 s).
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=None,
)
websockets_open = Gauge(
    "entrepairs_websockets_open",
    "Messaging websockets open (accepted and not yet closed).",
    multiprocess_mode="livesum",
    registry=None,
)


def multiprocess_directory() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in KNOWN_METHODS else "OTHER"  # a client chooses the method: bound it
    requests_total.labels(route=route, method=method, status=str(status)).inc()
    request_duration.labels(route=route).observe(seconds)


def websocket_opened() -> None:
    websockets_open.inc()


def websocket_closed() -> None:
    websockets_open.dec()


class TaskQueueCollector:
    """The Celery queue's length, read from the broker at each scrape (nothing to keep per process).
    0 when tasks run inline (no broker: embedded mode). When the broker does not answer, the length
    is left out and entrepairs_task_broker_up says 0."""

    def __init__(self, broker_url: str, queue: str):
        self.broker_url = broker_url
        self.queue = queue

    def collect(self):
        up = GaugeMetricFamily("entrepairs_task_broker_up", "1 when the task broker answered this scrape.")
        length = GaugeMetricFamily(
            "entrepairs_task_queue_length", "Tasks waiting in the queue for a worker.", labels=["queue"]
        )
        if not self.broker_url:
            up.add_metric([], 1)
            length.add_metric([self.queue], 0)
        elif self.broker_url.startswith(("redis://", "rediss://", "unix://")):
            waiting = redis_queue_length(self.broker_url, self.queue)
            up.add_metric([], 0 if waiting is None else 1)
            if waiting is not None:
                length.add_metric([self.queue], waiting)
        else:  # another broker (RabbitMQ...): its own exporter tells
            up.add_metric([], 0)
        yield up
        if length.samples:
            yield length


def redis_queue_length(url: str, queue: str) -> int | None:
    """Kombu's Redis transport keeps a queue as one list per priority step: the queue's name for
    priority 0, then the name followed by \\x06\\x16 and the step (3, 6, 9)."""
    import redis

    names = [queue] + [f"{queue}\x06\x16{step}" for step in (3, 6, 9)]
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            with client.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.llen(name)
                return sum(pipe.execute())
        finally:
            client.close()
    except redis.RedisError:
        return None


def remove_dead_processes(directory: str) -> None:
    """Drop the live-gauge files of worker processes that no longer run (a worker restarted by the
    server, or killed): their open websockets closed with them."""
    for name in os.listdir(directory):
        if not name.startswith("gauge_live") or not name.endswith(".db"):
            continue
        pid = int(name.rsplit("_", 1)[1].removesuffix(".db"))
        if not _running(pid):
            multiprocess.mark_process_dead(pid, directory)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def render(broker_url: str, queue: str) -> tuple[bytes, str]:
    """The exposition text of every process's metrics (one process's without a multiprocess
    directory) and of the task queue."""
    directory = multiprocess_directory()
    if directory:
        remove_dead_processes(directory)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry = CollectorRegistry()
        for collector in (requests_total, request_duration, websockets_open):
            registry.register(collector)
    registry.register(TaskQueueCollector(broker_url, queue))
    return generate_latest(registry), CONTENT_TYPE_LATEST
