"""Every API error is JSON `{"code", "message", "field"?}` with a stable code and a translated message.

The same refusal (ActionRefused from services.py) reads the same on pages and in the API."""

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from entrepairs.accounts.mfa import MfaRequired
from entrepairs.api.schemas import PUBLISH_422, ErrorOut, ValidationErrorOut
from entrepairs.errors import ActionRefused

# Every error status the API answers, with the shape of its body (422 carries `details`). The one
# table: an operation documents the statuses it can give with `error_responses(...)`, picked from it.
ERROR_RESPONSES = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    410: ErrorOut,
    413: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
    503: ErrorOut,
}
# Any operation may answer these: a body that is not JSON or a refusal (400), no valid token or session
# (401), a role or a verification that does not allow it (403), unknown or not yours (404, the same
# body), a path, query or body parameter outside its schema (422), too many calls (429). The API's
# fuzz test (tests/api/test_api_fuzzing.py) fails on any status an operation answers undeclared.
ALWAYS = (400, 401, 403, 404, 422, 429)


def error_responses(*statuses: int, publishing: bool = False) -> dict:
    """The error responses of an operation: ALWAYS and `statuses`, shapes from ERROR_RESPONSES.

    `publishing`: the operation publishes text, so its 422 may also be `privacy_blocked` or
    `privacy_confirm_required` (PrivacyErrorOut), which the client answers by sending again with
    `confirm_privacy`."""
    wanted = sorted({*ALWAYS, *statuses, *((422,) if publishing else ())})
    table = {status: ERROR_RESPONSES[status] for status in wanted}
    if publishing:
        table[422] = PUBLISH_422
    return table


def error_body(code: str, message, *, field: str | None = None, **extra) -> dict:
    """Always the same keys: a 404 raised as Http404 by the access layer and one raised as
    ActionRefused("not_found") by a service must be byte-for-byte identical."""
    return {"code": code, "message": str(message), "field": field, **extra}


def json_method_not_allowed(view):
    """Wraps an API view so that a method the path does not serve answers JSON, as every other API
    error does (ninja answers a plain-text 405), with the `Allow` header kept."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            body = error_body("method_not_allowed", _("This method is not allowed on this path."))
            allowed = response["Allow"]
            response = JsonResponse(body, status=405)
            response["Allow"] = allowed
        return response

    wrapped.csrf_exempt = True  # as ninja's own views: the API checks CSRF itself for sessions
    return wrapped


def install(api: NinjaAPI) -> None:
    def error(request, status: int, code: str, message, *, field: str | None = None, **extra):
        return api.create_response(request, error_body(code, message, field=field, **extra), status=status)

    @api.exception_handler(ActionRefused)
    def on_refused(request, exc: ActionRefused):
        extra = dict(exc.client_data)
        if exc.status == 422 and not extra:
            # A 422 has the documented shape of ValidationErrorOut: `details` is empty when the refusal
            # is a stable code (message_too_long, attachment_type...) rather than fields. Privacy
            # refusals carry their own keys (PrivacyErrorOut).
            extra["details"] = []
        response = error(request, exc.status, exc.code, exc.message, field=exc.field, **extra)
        if exc.retry_after is not None:
            response["Retry-After"] = str(max(int(exc.retry_after), 1))
        return response

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        # One body for "does not exist" and "exists in a network you are not in": nothing from the
        # exception (which may name the model) reaches the client.
        return error(request, 404, "not_found", _("Not found."))

    @api.exception_handler(MfaRequired)
    def on_mfa_required(request, exc: MfaRequired):
        # Raised by the services of every moderator and administrator power (accounts/mfa.py).
        return error(request, exc.status, exc.code, exc.message)

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
        # Only where and what: pydantic's `input` would echo the caller's (maybe huge) text back.
        details = [
            {"loc": [str(part) for part in item.get("loc", [])], "msg": str(item.get("msg", ""))}
            for item in exc.errors
        ]
        field = details[0]["loc"][-1] if len(details) == 1 and details[0]["loc"] else None
        return error(
            request,
            422,
            "invalid_input",
            _("Some fields are missing or invalid."),
            field=field,
            details=details,
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return error(request, 401, "unauthorized", _("Sign in or send a valid access token."))

    @api.exception_handler(Throttled)
    def on_throttled(request, exc: Throttled):
        # ninja sets Retry-After from the throttle's wait(); this is the fallback. A read limit
        # (searches, profiles, threads: accounts/read_limits.py) says what it is.
        read_refusal = getattr(request, "read_refusal", None)
        message = read_refusal.message if read_refusal else _("Too many requests. Try again in a minute.")
        response = error(request, 429, "rate_limited", message)
        response["Retry-After"] = str(int(exc.wait or 60))
        return response

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        return error(request, 413, "too_large", _("The request is too large."))

    @api.exception_handler(TooManyFieldsSent)
    def on_too_many_fields(request, exc):
        # A form over DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses to parse it.
        return error(request, 400, "too_many_fields", _("The form sent has too many fields."))

    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(TooManyFilesSent)
    def on_unreadable_form(request, exc):
        # Django would answer its HTML 400 page for a broken multipart body.
        return error(request, 400, "bad_request", _("The request body could not be read."))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        # ninja raises HttpError(400) for a body that is not JSON, among others.
        code = {400: "bad_request", 405: "method_not_allowed"}.get(exc.status_code, "error")
        message = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
        return error(request, exc.status_code, code, message)
