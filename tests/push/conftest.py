"""Push tests: VAPID keys of the test's own, a stand-in push service on 127.0.0.1 that records what it
receives, and browser-side keys to decrypt it (as the browser would)."""

import base64
import http.server
import threading
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from entrepairs.push import sender
from entrepairs.push.models import Subscription
from tests.messaging.conftest import team  # noqa: F401 the messaging personas, for these tests too


@pytest.fixture
def vapid(settings):
    private, public = sender.generate_keys()
    settings.WEB_PUSH_VAPID_PRIVATE_KEY, settings.WEB_PUSH_VAPID_PUBLIC_KEY = private, public
    settings.WEB_PUSH_CONTACT = "mailto:operator@example.org"
    return public


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class PushService:
    """Answers 201 (or `status[path]`) and keeps every request."""

    base: str
    received: list = field(default_factory=list)
    status: dict = field(default_factory=dict)


@pytest.fixture
def push_service():
    service = PushService(base="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 the standard library's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            service.received.append(Received(self.path, dict(self.headers), body))
            self.send_response(service.status.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class BrowserKeys:
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        return _b64(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return _b64(self.auth_secret)

    def decrypt(self, body: bytes) -> bytes:
        import http_ece

        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )


@pytest.fixture
def device(push_service):
    """`device(user, name)`: a subscription of `user` whose endpoint is the stand-in push service;
    returns (subscription, BrowserKeys). Made directly: the service refuses local endpoints."""

    def _device(user, name="phone"):
        keys = BrowserKeys(ec.generate_private_key(ec.SECP256R1()), b"0123456789abcdef")
        subscription = Subscription.objects.create(
            user=user,
            endpoint=f"{push_service.base}/push/{name}",
            p256dh=keys.p256dh,
            auth=keys.auth,
            label=name,
        )
        return subscription, keys

    return _device
