"""The one exception that operations raise when they refuse an action.

Views turn it into a form error or a message, the API into JSON `{"code", "message"}`: the same
refusal reads the same everywhere."""


class ActionRefused(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        self.status = status
