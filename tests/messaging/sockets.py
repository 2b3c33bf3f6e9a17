"""Helpers for websocket tests: a signed-in WebsocketCommunicator on the real ASGI application
(Origin validator, session authentication, routing, consumer), and database calls from async code."""

import contextlib
import importlib.util
import socket
import sys
import threading
import time
import types

from channels.db import database_sync_to_async

if importlib.util.find_spec("daphne") is None:
    # channels.testing imports its Daphne live-server helper at import time (channels 4.3). We serve
    # with uvicorn and never use that helper: a placeholder module lets WebsocketCommunicator import.
    placeholder = types.ModuleType("daphne.testing")
    placeholder.DaphneProcess = object
    sys.modules.setdefault("daphne", types.ModuleType("daphne"))
    sys.modules.setdefault("daphne.testing", placeholder)

from channels.testing import WebsocketCommunicator  # noqa: E402
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from entrepairs.asgi import application

ORIGIN = b"http://testserver"


def session_cookie(user) -> bytes:
    """A real server-side session for `user`, as the login view would create it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


async def open_socket(user, slug: str, *, origin: bytes | None = ORIGIN, expect=True):
    headers = []
    if origin is not None:
        headers.append((b"origin", origin))
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(session_cookie)(user)))
    communicator = WebsocketCommunicator(application, f"/ws/n/{slug}/messages/", headers=headers)
    connected, _code = await communicator.connect(timeout=3)
    assert connected is expect
    return communicator


async def next_frame(communicator, *, skip=("unread", "conversation_added", "receipt")):
    """The next frame, skipping the badge pings and receipts that tests about messages ignore."""
    while True:
        frame = await communicator.receive_json_from(timeout=3)
        if frame["type"] not in skip:
            return frame


async def frames_until(communicator, frame_type: str, **kwargs) -> list[dict]:
    frames = []
    while True:
        frame = await next_frame(communicator, **kwargs)
        frames.append(frame)
        if frame["type"] == frame_type:
            return frames


db = database_sync_to_async


@contextlib.contextmanager
def uvicorn_server(**options):
    """The project's ASGI application (HTTP and websockets) served by uvicorn in a thread, on a port
    chosen by the OS; yields "127.0.0.1:<port>". Use with django_db(transaction=True): the server's
    threads must see what the test commits."""
    import uvicorn

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(application, log_level="warning", lifespan="off", ws="websockets-sansio", **options)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
