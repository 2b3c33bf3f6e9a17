"""The one exception that operations raise when they refuse an action.

Views turn it into a form error or a message, the API into JSON `{"code", "message"}`: the same
refusal reads the same everywhere."""

# The text of every Http404 raised for something the reader may not see: the same as for an id that
# does not exist, so that the existence of private objects never leaks (networks/access.py).
NOT_FOUND = "Not found"


class ActionRefused(Exception):
    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        status: int = 400,
        client_data: dict | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        self.status = status
        # More keys for the JSON error and the websocket error frame (e.g. the kinds and offsets of a
        # privacy refusal). Sent to the client as they are: never anything the caller may not see.
        self.client_data = client_data or {}
        # Seconds after which the same request may succeed: sent as `Retry-After` (every 429 has one).
        self.retry_after = retry_after
