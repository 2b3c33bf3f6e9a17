"""The load driver's HTTP client (bench/http_client.py), against a real socket server on 127.0.0.1 that
records what it received and answers what each test scripts: what the driver measures is only as
true as the requests it sends and the answers it reads."""

import asyncio
import json

import pytest

from bench.http_client import Client, HTTPError


class ScriptedServer:
    """Answers each request with the next scripted raw response; records the connections and requests.
    A script entry is bytes (written whole), or a callable taking the writer (to close or cut; it
    returns "keep" to go on serving the connection)."""

    def __init__(self, script):
        self.script = list(script)
        self.requests: list[tuple[int, bytes, bytes]] = []  # (connection number, head, body)
        self.connections = 0
        self.server = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _serve(self, reader, writer):
        self.connections += 1
        number = self.connections
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length) if length else b""
                self.requests.append((number, head, body))
                answer = self.script.pop(0)
                if callable(answer):
                    if await answer(writer) != "keep":
                        return  # the scripted answer ended the connection
                    continue
                writer.write(answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def stop(self):
        self.server.close()
        await self.server.wait_closed()


def ok(body: bytes = b"hello", *headers: str) -> bytes:
    head = "".join(f"{header}\r\n" for header in headers)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode() + body


def run(script, scenario):
    async def main():
        server = ScriptedServer(script)
        base_url = await server.start()
        client = Client(base_url, cookies={"sessionid": "abc", "csrftoken": "t0k"}, timeout=5)
        try:
            return server, await scenario(client)
        finally:
            await client.aclose()
            await server.stop()

    return asyncio.run(main())


def header_lines(head: bytes) -> list[str]:
    return head.decode().split("\r\n")


def test_a_get_sends_the_path_query_host_and_cookies_and_reads_a_sized_body():
    async def scenario(client):
        return await client.request("GET", "/n/demo/search/", params={"q": "fatigue chronique"})

    server, response = run([ok(b"<html>found</html>", "Content-Type: text/html")], scenario)
    assert response.status_code == 200
    assert response.body == b"<html>found</html>"
    assert response.header("content-type") == "text/html"
    lines = header_lines(server.requests[0][1])
    assert lines[0] == "GET /n/demo/search/?q=fatigue+chronique HTTP/1.1"
    assert lines[1].startswith("Host: 127.0.0.1:")
    assert "Cookie: sessionid=abc; csrftoken=t0k" in lines


def test_a_chunked_body_is_read_whole():
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"

    async def scenario(client):
        first = await client.request("GET", "/a")
        second = await client.request("GET", "/b")  # the same connection reads the next answer apart
        return first, second

    server, (first, second) = run([chunked, ok(b"next")], scenario)
    assert first.body == b"hello world"
    assert second.body == b"next"
    assert [number for number, _, _ in server.requests] == [1, 1]


def test_a_form_post_and_a_json_post_send_their_bodies_with_type_and_length():
    async def scenario(client):
        await client.request(
            "POST", "/n/demo/t/4/", data={"body": "Bonjour à tous", "csrfmiddlewaretoken": "t0k"}
        )
        await client.request("POST", "/api/v1/x", json={"body": "é"}, headers={"X-CSRFToken": "t0k"})

    server, _ = run([b"HTTP/1.1 302 Found\r\nLocation: /n/demo/t/4/\r\nContent-Length: 0\r\n\r\n",
                     b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"], scenario)  # fmt: skip
    (_, form_head, form_body), (_, json_head, json_body) = server.requests
    assert "Content-Type: application/x-www-form-urlencoded" in header_lines(form_head)
    assert form_body == b"body=Bonjour+%C3%A0+tous&csrfmiddlewaretoken=t0k"
    assert f"Content-Length: {len(form_body)}" in header_lines(form_head)
    assert "Content-Type: application/json" in header_lines(json_head)
    assert "X-CSRFToken: t0k" in header_lines(json_head)
    assert json.loads(json_body) == {"body": "é"}


def test_cookies_set_by_the_server_are_sent_back_and_a_deleted_one_is_dropped():
    async def scenario(client):
        await client.request("GET", "/1")
        await client.request("GET", "/2")
        await client.request("GET", "/3")

    server, _ = run([
        ok(b"", "Set-Cookie: messages=abc123; Path=/; HttpOnly", "Set-Cookie: sessionid=rotated; Path=/"),
        ok(b"", 'Set-Cookie: messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'),
        ok(),
    ], scenario)  # fmt: skip
    cookies = [
        next(line for line in header_lines(head) if line.startswith("Cookie:"))
        for _, head, _ in server.requests
    ]
    assert cookies == [
        "Cookie: sessionid=abc; csrftoken=t0k",
        "Cookie: sessionid=rotated; csrftoken=t0k; messages=abc123",
        "Cookie: sessionid=rotated; csrftoken=t0k",
    ]


def test_a_connection_is_kept_then_opened_again_after_the_idle_expiry_or_when_the_server_closes_it():
    async def scenario(client):
        client.keepalive_expiry = 0.2
        await client.request("GET", "/1")
        await client.request("GET", "/2")  # kept
        await asyncio.sleep(0.3)
        await client.request("GET", "/3")  # idle past the expiry: a new connection
        await client.request("GET", "/4")  # the server answers "Connection: close"
        await client.request("GET", "/5")  # a new connection again

    server, _ = run([ok(), ok(), ok(), ok(b"bye", "Connection: close"), ok()], scenario)
    assert [number for number, _, _ in server.requests] == [1, 1, 2, 2, 3]


def test_a_connection_the_server_closed_while_idle_is_not_reused():
    async def answer_then_close(writer):
        writer.write(ok(b"one"))
        await writer.drain()
        writer.close()  # as uvicorn closes a connection idle past its keep-alive timeout

    async def scenario(client):
        first = await client.request("GET", "/1")
        await asyncio.sleep(0.05)
        second = await client.request("GET", "/2")
        return first, second

    server, (first, second) = run([answer_then_close, ok(b"two")], scenario)
    assert (first.body, second.body) == (b"one", b"two")
    assert [number for number, _, _ in server.requests] == [1, 2]


def test_a_request_the_server_closes_without_answering_is_an_error_and_the_next_one_reconnects():
    async def close(writer):
        writer.close()

    async def scenario(client):
        first = await client.request("GET", "/1")
        with pytest.raises(HTTPError):
            await client.request("GET", "/2")
        third = await client.request("GET", "/3")
        return first, third

    server, (first, third) = run([ok(b"one"), close, ok(b"three")], scenario)
    assert (first.body, third.body) == (b"one", b"three")
    assert [number for number, _, _ in server.requests] == [1, 1, 2]


def test_a_response_cut_short_is_an_error_and_the_next_request_reads_only_its_own_answer():
    async def cut(writer):
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")
        await writer.drain()
        writer.close()

    async def scenario(client):
        with pytest.raises(HTTPError):
            await client.request("GET", "/1")
        return await client.request("GET", "/2")

    server, response = run([cut, ok(b"whole")], scenario)
    assert response.body == b"whole"


def test_no_answer_within_the_timeout_is_a_timeout():
    async def silent(writer):
        await asyncio.sleep(1)

    async def scenario(client):
        client.timeout = 0.2
        with pytest.raises(TimeoutError):
            await client.request("GET", "/slow")

    run([silent], scenario)


def test_overlapping_requests_get_a_connection_each_and_the_next_one_reuses_one():
    async def slow(writer):
        await asyncio.sleep(0.1)  # still answering when the other request starts
        writer.write(ok(b"slow"))
        await writer.drain()
        return "keep"

    async def scenario(client):
        first, second = await asyncio.gather(client.request("GET", "/a"), client.request("GET", "/b"))
        third = await client.request("GET", "/c")
        return first, second, third

    server, responses = run([slow, slow, ok(b"third")], scenario)
    assert sorted(response.body for response in responses[:2]) == [b"slow", b"slow"]
    assert responses[2].body == b"third"
    assert server.connections == 2  # the third request took one of the two idle connections
