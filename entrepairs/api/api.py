"""The REST API (/api/v1/): one NinjaAPI, one router per domain, errors as JSON with a stable code."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from entrepairs.api.auth import PerUserMinuteThrottle
from entrepairs.errors import ActionRefused

api = NinjaAPI(
    title="Entrepairs API",
    version="1",
    description="Networks, memberships and personas. Authenticate with a personal access token "
    "(`Authorization: Bearer ep_...`, created on the account page) or the browser session.",
    urls_namespace="api",
    throttle=[PerUserMinuteThrottle()],
)


def error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"code": code, "message": str(message), **extra}, status=status)


@api.exception_handler(ActionRefused)
def on_refused(request, exc: ActionRefused):
    return error(request, exc.status, exc.code, exc.message, field=exc.field)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    # One body for "does not exist" and "exists in a network you are not in".
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    from entrepairs.networks.access import VerificationLapsed

    if isinstance(exc, VerificationLapsed):
        return error(
            request,
            403,
            "verification_lapsed",
            _("Your verification has lapsed: verify your profession again."),
        )
    return error(request, 403, "forbidden", _("Your role does not allow this action."))


@api.exception_handler(ValidationError)
def on_invalid(request, exc: ValidationError):
    details = [{"loc": [str(part) for part in e.get("loc", [])], "msg": e.get("msg", "")} for e in exc.errors]
    return error(request, 422, "invalid_input", _("Some fields are missing or invalid."), details=details)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, "unauthorized", _("Sign in or send a valid access token."))


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    response = error(request, 429, "rate_limited", _("Too many requests. Try again in a minute."))
    response["Retry-After"] = str(exc.wait or 60)
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    code = {400: "bad_request", 405: "method_not_allowed"}.get(exc.status_code, "error")
    return error(request, exc.status_code, code, str(exc))


def _register_routers():
    from entrepairs.api import networks
    from entrepairs.discussions import api as discussions
    from entrepairs.professionals import api as professionals

    api.add_router("/", networks.router)
    api.add_router("/", discussions.router)
    api.add_router("/", professionals.router)


_register_routers()
