"""The one API client of the tests: JSON in and out, authenticated with a personal access token.

    api_as(world.patient.user).get("/me/memberships")       # paths under /api/v1
    api_as(None).get("/networks")                           # a visitor: no token
    api_for(team.heart).post("/conversations", {...})       # paths under /api/v1/networks/<its network>
    error_of(response, 403, "forbidden")                    # a JSON refusal, checked whole

`api_as` and `api_for` are fixtures (tests/conftest.py); `ApiClient` serves tests that build their own
Django client. Sessions and malformed headers are tested explicitly in tests/api/test_auth_and_errors.py."""

import json

from entrepairs.accounts.tokens import create_token

API = "/api/v1"


def bearer(user) -> dict:
    """Request headers authenticating as `user` with a fresh personal access token."""
    _token, raw = create_token(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


class ApiClient:
    """`client` (django.test.Client) speaking to the API as `user` (None: a visitor). Paths are
    relative to `prefix`; bodies are sent as JSON (a str or bytes body as it is)."""

    def __init__(self, client, user=None, prefix=API):
        self.client = client
        self.headers = bearer(user) if user is not None else {}
        self.prefix = prefix

    def url(self, path: str) -> str:
        return self.prefix + path

    def get(self, path, **extra):
        return self.client.get(self.url(path), **self.headers, **extra)

    def _send(self, method, path, body, **extra):
        data = body if isinstance(body, str | bytes) else json.dumps(body if body is not None else {})
        return getattr(self.client, method)(
            self.url(path), data=data, content_type="application/json", **self.headers, **extra
        )

    def post(self, path, body=None, **extra):
        return self._send("post", path, body, **extra)

    def put(self, path, body=None, **extra):
        return self._send("put", path, body, **extra)

    def patch(self, path, body=None, **extra):
        return self._send("patch", path, body, **extra)

    def delete(self, path, **extra):
        return self.client.delete(self.url(path), **self.headers, **extra)

    def upload(self, path, fields: dict, **extra):
        """A multipart POST (files as SimpleUploadedFile values)."""
        return self.client.post(self.url(path), data=fields, **self.headers, **extra)


def network_api(client, member, slug=None) -> ApiClient:
    """The API of a persona's network (or of `slug`), as that persona's account."""
    return ApiClient(client, member.user, f"{API}/networks/{slug or member.network.slug}")


def error_of(response, status: int, code: str) -> dict:
    """Asserts a JSON refusal: its status, its code and a message; returns the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["code"] == code, body
    assert body["message"]
    return body
