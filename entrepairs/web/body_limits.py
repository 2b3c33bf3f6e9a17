"""Request bodies over the limit are refused on their declared Content-Length, before being read.

The proxy caps every body (nginx `client_max_body_size`, docs/operator-guide.md); the application
knows each route's own limit: REQUEST_BODY_MAX_BYTES for any request, more for the routes that
accept files, which each feature registers from its AppConfig.ready() with the size and number of
the files it accepts (`register_upload_route`).

Under ASGI, Django reads the whole body (spooled to a temporary file) before any middleware runs, so
`BodyLimitASGI` wraps the Django application: a body declared too large is never read, Django is
handed an empty one, and `BodyLimitMiddleware` answers 413 (JSON under /api/, a page elsewhere).
Under WSGI (and Django's test client) the middleware alone refuses before anything reads the body.

A body sent without Content-Length (chunked) is bounded by the proxy, and its form fields by
Django's DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS (a clean 400/413, web/errors.py)."""

import asyncio

from django.conf import settings
from django.urls import Resolver404, resolve

# Room for the form's text fields and the multipart framing around the files.
MARGIN_BYTES = 1024 * 1024
_upload_routes: dict[str, int] = {}


def register_upload_route(view_name: str, file_bytes: int, files: int = 1) -> None:
    """The route named `view_name` ("messaging:conversation", "api:send_attachment") accepts up to
    `files` files of `file_bytes` each."""
    _upload_routes[view_name] = max(_upload_routes.get(view_name, 0), files * file_bytes + MARGIN_BYTES)


def limit_for(path_info: str) -> int:
    default = settings.REQUEST_BODY_MAX_BYTES
    if not _upload_routes:
        return default
    try:
        match = resolve(path_info)
    except Resolver404:
        return default
    return max(default, _upload_routes.get(match.view_name, 0))


def declared_length(value) -> int | None:
    try:
        length = int(value)
    except (TypeError, ValueError):
        return None
    return length if length >= 0 else None


def too_large(path_info: str, length: int | None) -> bool:
    # Resolving the path only for bodies over the default limit: most requests never pay for it.
    return length is not None and length > settings.REQUEST_BODY_MAX_BYTES and length > limit_for(path_info)


class BodyLimitMiddleware:
    """Answers 413 to a request whose declared body is over its route's limit, before it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if too_large(request.path_info, declared_length(request.META.get("CONTENT_LENGTH"))):
            from entrepairs.web.errors import request_too_large

            return request_too_large(request)
        return self.get_response(request)


class BodyLimitASGI:
    """Wraps the Django ASGI application: a body declared over its route's limit is not read; Django
    gets an empty one and BodyLimitMiddleware (which sees the same Content-Length) refuses it."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self._too_large(scope):
            await self.application(scope, self._without_body(receive), send)
        else:
            await self.application(scope, receive, send)

    @staticmethod
    def _too_large(scope) -> bool:
        length = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                length = declared_length(value.decode("latin-1"))
                break
        path, root = scope.get("path", ""), scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        return too_large(path, length)

    @staticmethod
    def _without_body(receive):
        handed = False

        async def empty_body():
            nonlocal handed
            if not handed:
                handed = True
                return {"type": "http.request", "body": b"", "more_body": False}
            # Django then waits for a disconnect while it answers: never read the body to find one
            # (the task is cancelled once the response is sent).
            await asyncio.Event().wait()

        return empty_body
