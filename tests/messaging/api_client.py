"""A JSON client for the messaging API tests, authenticated with a fresh personal access token."""

import json

import pytest

from tests.api.conftest import API, bearer


class MessagingApi:
    def __init__(self, client, user=None, slug="cardio"):
        self.client = client
        self.headers = bearer(user) if user is not None else {}
        self.prefix = f"{API}/networks/{slug}"

    def url(self, path: str) -> str:
        return self.prefix + path

    def get(self, path, **extra):
        return self.client.get(self.url(path), **self.headers, **extra)

    def _send(self, method, path, body, **extra):
        data = json.dumps(body if body is not None else {})
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


@pytest.fixture
def api_for(client):
    """`api_for(membership)` speaks to the API of that persona's network as its account."""

    def _api_for(member, slug=None):
        return MessagingApi(client, member.user, slug or member.network.slug)

    return _api_for


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["message"]
    return body
