"""Answers for requests that failed: a page that does not exist or may not be seen (404, the same
for both), a refusal (403), a request too large or with too many fields (413, 400: refused before
anything is stored), and a database that is away or full: a 503 that says "come back in a
moment", not a 500.

Django calls `server_error` inside the `except` block of the failed request, so the exception is
at hand. A request that could not get a database connection (the pool waited DB_POOL_TIMEOUT_SECONDS
in vain, the server refused or restarted) has written nothing: its transaction never began or was
rolled back, so the page can say that nothing was published, and the client may retry after
Retry-After."""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from entrepairs.networks.access import VerificationLapsed

RETRY_AFTER_SECONDS = 5
# What Retry-After says for a refusal that does not know its own wait: allauth's login and signup
# limits (ACCOUNT_RATE_LIMITS), the shortest of which is a minute per IP.
DEFAULT_RETRY_AFTER_SECONDS = 60


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    if isinstance(exception, VerificationLapsed):
        return render(request, "networks/verification_lapsed.html", status=403)
    return render(request, "403.html", status=403)


def too_many_requests(request, exception=None, *, retry_after: int | None = None, message: str = ""):
    """429 with Retry-After, always: the page limits, allauth's login limits (as `handler429`)."""
    retry_after = max(int(retry_after or DEFAULT_RETRY_AFTER_SECONDS), 1)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "rate_limited", "message": message or _("Too many requests. Try again in a minute."),
             "field": None},
            status=429,
        )  # fmt: skip
    else:
        response = render(request, "429.html", {"message": message, "retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _refusal(request, status: int, code: str, message, template: str) -> HttpResponse:
    """JSON under /api/, else a page rendered without the request (no database, no session)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": str(message), "field": None}, status=status)
    return HttpResponse(loader.get_template(template).render(), status=status)


def request_too_large(request) -> HttpResponse:
    return _refusal(request, 413, "too_large", _("The request is too large."), "413.html")


def bad_request(request, exception):
    """Django's handler400: a body or query whose form fields Django refuses to parse (too many
    fields, too large) and other malformed requests, answered cleanly instead of Django's bare page."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    if isinstance(exception, TooManyFieldsSent):
        return _refusal(request, 400, "too_many_fields", _("The form sent has too many fields."), "400.html")
    return _refusal(request, 400, "bad_request", _("The request is malformed."), "400.html")


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def unavailable(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "code": "unavailable",
                "message": _(
                    "The service is busy or restarting. Nothing was changed: try again in a moment."
                ),
                "field": None,
            },
            status=503,
        )
    else:
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
