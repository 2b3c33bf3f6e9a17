"""A minimal HTTP/1.1 client for the load driver: one keep-alive connection per simulated member, as a
browser keeps one per site, with its cookies; responses parsed by httptools (the C parser uvicorn uses).

Why not httpx: the driver shares the server's two cores, and httpx cost 2.5 to 7.5 ms of the
driver's CPU a request (23 % of a core at 92 requests/s on one machine, 48 % at 64 requests/s on
another), taken from the server being measured; this client, 0.75 ms. It does what the driver needs
and nothing else: GET and POST (form or JSON), Content-Length and chunked responses, Set-Cookie kept
and sent back, a connection idle longer than `keepalive_expiry` opened again (before the server
closes it: a request written on a connection the server is closing fails as no browser shows), a
connection the server closed opened again for the next request, and a second connection when a
request starts while another is under way (as a browser opens one). No redirects followed, no TLS,
no proxy: plain HTTP on 127.0.0.1.
"""

import asyncio
import json as jsonlib
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import httptools


class HTTPError(Exception):
    """The connection failed or closed before a whole response (the driver counts it as an error)."""


class Response:
    __slots__ = ("status_code", "headers", "body", "keep_alive")

    def __init__(self, status_code: int, headers: list[tuple[bytes, bytes]], body: bytes, keep_alive: bool):
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.keep_alive = keep_alive  # False when the server closes the connection after it

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value.decode("latin-1")
        return None


class _ResponseProtocol(asyncio.Protocol):
    """One connection; answers one request at a time (no pipelining)."""

    def __init__(self):
        self.transport = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future | None = None
        self.closed = False
        self._reset()

    def _reset(self):
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    # asyncio.Protocol
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data: bytes):
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(HTTPError(f"unparsable response: {error}"))

    def connection_lost(self, exc):
        self.closed = True
        self._fail(HTTPError("connection closed by the server"))

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes):
        self.headers.append((name, value))

    def on_body(self, body: bytes):
        self.chunks.append(body)

    def on_message_complete(self):
        response = Response(
            self.parser.get_status_code(),
            self.headers,
            b"".join(self.chunks),
            self.parser.should_keep_alive(),
        )
        self._reset()
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(response)

    def _fail(self, error: Exception):
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)


class Client:
    """A member's client: its cookies, and its connections (one, unless requests overlap)."""

    def __init__(self, base_url: str, cookies: dict[str, str], timeout: float, keepalive_expiry: float = 2.0):
        parts = urlsplit(base_url)
        if parts.scheme != "http":
            raise ValueError("plain http only")
        self.host, self.port = parts.hostname, parts.port or 80
        self.host_header = parts.netloc
        self.cookies = dict(cookies)
        self.timeout = timeout
        self.keepalive_expiry = keepalive_expiry
        self._idle: list[tuple[_ResponseProtocol, float]] = []  # (connection, idle since), oldest first

    async def request(
        self, method: str, path: str, *, params=None, data=None, json=None, headers=None
    ) -> Response:
        if params:
            path = f"{path}?{urlencode(params)}"
        body = b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host_header}"]
        if data is not None:
            body = urlencode(data).encode()
            lines.append("Content-Type: application/x-www-form-urlencoded")
        elif json is not None:
            body = jsonlib.dumps(json).encode()
            lines.append("Content-Type: application/json")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        return await asyncio.wait_for(self._exchange(raw), self.timeout)

    async def _connection(self) -> _ResponseProtocol:
        """The most recently used idle connection still fit for use, or a new one."""
        now = time.monotonic()
        while self._idle:
            protocol, idle_since = self._idle.pop()
            if not protocol.closed and now - idle_since <= self.keepalive_expiry:
                return protocol
            protocol.transport.close()
        try:
            _, protocol = await asyncio.get_running_loop().create_connection(
                _ResponseProtocol, self.host, self.port
            )
        except OSError as error:
            raise HTTPError(f"cannot connect: {error}") from error
        return protocol

    async def _exchange(self, raw: bytes) -> Response:
        protocol = await self._connection()
        protocol.waiter = asyncio.get_running_loop().create_future()
        try:
            protocol.transport.write(raw)
            response = await protocol.waiter
        except BaseException:
            protocol.transport.close()  # a half-read response must not be read as the next one's
            raise
        self._keep_cookies(response)
        if response.keep_alive and not protocol.closed:
            self._idle.append((protocol, time.monotonic()))
        else:
            protocol.transport.close()
        return response

    def _keep_cookies(self, response: Response):
        for name, value in response.headers:
            if name.lower() != b"set-cookie":
                continue
            for morsel in SimpleCookie(value.decode("latin-1")).values():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(morsel.key, None)  # Django deletes a cookie with both
                else:
                    self.cookies[morsel.key] = morsel.value

    async def aclose(self):
        while self._idle:
            protocol, _ = self._idle.pop()
            protocol.transport.close()
