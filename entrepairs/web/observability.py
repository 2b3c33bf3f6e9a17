"""What operators see of each request: a request id, one JSON log line per request, and the health
endpoints a load balancer or an orchestrator polls.

Logs carry no personal data: no IP address, no account, no query string (a search is health data),
no path either — the route's pattern stands for it ("n/<slug:slug>/t/<int:thread_id>/"), which
names the page without naming the network or the thread. The request id (the proxy's
X-Request-ID when it sends a well-formed one, else a new one) is returned in the response's
X-Request-ID header and stamped on every log line written while the request runs."""

import contextvars
import hmac
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from entrepairs import metrics

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
WELL_FORMED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("entrepairs.requests")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers. Extra fields given by `extra=` are kept if they
    are among FIELDS (nothing else: a stray attribute must not leak into the logs)."""

    FIELDS = ("method", "route", "status", "duration_ms", "cpu_ms")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        line.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        token = request_id.set(sent if WELL_FORMED.match(sent) else uuid.uuid4().hex)
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            route = match.route if match else metrics.UNRESOLVED
            metrics.observe_request(route, request.method, response.status_code, seconds)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    # The request's own thread (middleware and view run in one): what the request
                    # cost the server's CPU, apart from the time it waited for the processor.
                    "cpu_ms": round((time.thread_time() - cpu_started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


def healthz(request):
    """Alive: the process answers. Touches nothing else, so a busy database never restarts it."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready to serve: the database answers, and Redis when REDIS_URL is set (cache, channel layer,
    task broker). 503 names what is missing, never how to reach it."""
    checks = {"database": _check_database(), "redis": _check_redis()}
    ready = all(state in {"ok", "not configured"} for state in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means not ready; the reason is in the database's own logs
        return "unavailable"
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
        client.ping()
        client.close()
    except redis.RedisError:
        return "unavailable"
    return "ok"


@require_GET
def metrics_view(request):
    """Prometheus metrics (entrepairs/metrics.py), for a scraper sending `Authorization: Bearer
    <METRICS_TOKEN>`. Without a configured token, and to any other caller, the address does not
    exist: the same 404 as any unknown page, so the answer tells nothing of the token or the setting."""
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        raise Http404("no such page")
    body, content_type = metrics.render(settings.CELERY_BROKER_URL, settings.CELERY_TASK_DEFAULT_QUEUE)
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
