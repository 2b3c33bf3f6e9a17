"""`api_as(user)` returns a small client speaking JSON with that account's personal access token
(`api_as(None)` is a visitor). Sessions are tested explicitly in test_auth_and_errors.py."""

import json

import pytest

from entrepairs.accounts.tokens import create_token

API = "/api/v1"


def bearer(user) -> dict:
    """Request headers authenticating as `user` with a fresh personal access token."""
    _token, raw = create_token(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


class ApiClient:
    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            self.headers = bearer(user)

    def get(self, path, **extra):
        return self.client.get(API + path, **self.headers, **extra)

    def _send(self, method, path, body, **extra):
        data = body if isinstance(body, str | bytes) else json.dumps(body if body is not None else {})
        return getattr(self.client, method)(
            API + path, data=data, content_type="application/json", **self.headers, **extra
        )

    def post(self, path, body=None, **extra):
        return self._send("post", path, body, **extra)

    def patch(self, path, body=None, **extra):
        return self._send("patch", path, body, **extra)

    def put(self, path, body=None, **extra):
        return self._send("put", path, body, **extra)


@pytest.fixture
def api_as(client):
    def _api_as(user):
        return ApiClient(client, user)

    return _api_as
