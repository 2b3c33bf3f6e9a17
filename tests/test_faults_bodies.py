"""A huge body or thousands of form fields are refused cleanly (issue 18), and a body declared over
its route's limit is refused before it is read (issue 12): 413 or 400, JSON under /api/, a page
elsewhere, never a 500; the routes that accept files keep their own, larger limits."""

import asyncio

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Message
from entrepairs.web import body_limits
from tests import factories as f
from tests.api_client import bearer
from tests.discussions.factories import thread_factory

MIB = 1024 * 1024


@pytest.fixture
def browser(world):
    client = Client(raise_request_exception=False)  # as in production: the handlers answer
    client.force_login(world.patient.user)
    return client


@pytest.fixture
def conversation(world):
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    other = f.member_factory(world.cardio, user=user, qualification=qualification, display_name="Dr Rythme")
    return messaging.start_direct(world.cardiologist, other)


def _json_refusal(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code


def test_a_page_refuses_a_declared_huge_body_with_a_friendly_413_without_reading_it(world, browser):
    thread = thread_factory(world.patient)
    # Declared 50 MB, 20 bytes present: reading the body would fail the test client's FakePayload.
    response = browser.post(f"/n/breast/t/{thread.pk}/", {"body": "court"}, CONTENT_LENGTH=str(50 * MIB))
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()


def test_the_api_refuses_a_declared_huge_body_with_json_413(world):
    client = Client(raise_request_exception=False)
    response = client.post(
        "/api/v1/networks/breast/threads",
        data="{}",
        content_type="application/json",
        CONTENT_LENGTH=str(50 * MIB),
        **bearer(world.patient.user),
    )
    _json_refusal(response, 413, "too_large")


def test_attachments_keep_their_larger_limit_and_are_refused_past_it(world, conversation):
    client = Client(raise_request_exception=False)
    url = f"/api/v1/networks/cardio/conversations/{conversation.pk}/attachments"
    headers = bearer(world.cardiologist.user)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (5 * MIB), content_type="application/pdf")
    response = client.post(url, {"file": big, "body": "", "client_id": "gros-pdf"}, **headers)
    # Over the general limit (3 MiB), under the attachments' 10 MB: the view reads and judges it.
    assert response.status_code != 413, response.content[:200]
    assert response["Content-Type"].startswith("application/json")

    response = client.post(
        url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")}, CONTENT_LENGTH=str(12 * MIB), **headers
    )
    _json_refusal(response, 413, "too_large")
    assert not Message.objects.filter(conversation=conversation, client_id="gros-pdf", attachment="").exists()


def test_thousands_of_form_fields_are_a_clean_400_on_pages_and_json_on_the_api(world, browser, conversation):
    fields = {f"champ{number}": "x" for number in range(2000)}
    thread = thread_factory(world.patient)
    response = browser.post(f"/n/breast/t/{thread.pk}/", {**fields, "body": "une réponse"})
    assert response.status_code == 400
    assert "Requête refusée" in response.content.decode()

    client = Client(raise_request_exception=False)
    response = client.post(
        f"/api/v1/networks/cardio/conversations/{conversation.pk}/attachments",
        {**fields, "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")},
        **bearer(world.cardiologist.user),
    )
    _json_refusal(response, 400, "too_many_fields")


def test_a_form_over_the_memory_limit_without_files_is_a_413_page(world, browser, settings):
    settings.REQUEST_BODY_MAX_BYTES = 10 * MIB  # past the app's cap: Django's own field limit answers
    thread = thread_factory(world.patient)
    response = browser.post(f"/n/breast/t/{thread.pk}/", {"body": "x" * (3 * MIB)})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()


def test_under_asgi_a_declared_huge_body_is_never_read(world):
    """The ASGI entry point: Django would spool the whole body before any middleware runs."""
    from entrepairs.asgi import application

    read = []
    sent = []

    async def receive():
        read.append(1)
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/v1/networks/breast/threads", "raw_path": b"", "root_path": "",
        "query_string": b"", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                    (b"content-length", str(50 * MIB).encode())],
    }  # fmt: skip
    asyncio.run(application(scope, receive, send))
    assert read == []
    start = next(message for message in sent if message["type"] == "http.response.start")
    assert start["status"] == 413
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    assert b'"too_large"' in body


def test_limits_per_route():
    assert body_limits.limit_for("/n/breast/t/1/") == 3 * MIB
    assert body_limits.limit_for("/n/cardio/messages/c/1/") == 11 * MIB
    assert body_limits.limit_for("/api/v1/networks/cardio/conversations/1/attachments") == 11 * MIB
    assert body_limits.limit_for("/n/cardio/d/new/") == 41 * MIB  # four photos of a clinical case
    assert body_limits.limit_for("/account/profession/") == 6 * MIB
    assert body_limits.limit_for("/nowhere/at/all/") == 3 * MIB


def test_a_real_server_answers_413_to_the_headers_alone():
    """uvicorn, end to end: the client sends the headers of a 50 MB upload and not one byte of it;
    the answer comes anyway, as the body is never read (and no database is needed to say so)."""
    import socket

    from tests.messaging.sockets import uvicorn_server

    with uvicorn_server() as address:
        host, port = address.split(":")
        for path, expected in (
            ("/n/breast/t/1/", b"Envoi trop volumineux"),
            ("/api/v1/networks", b'"too_large"'),
        ):
            with socket.create_connection((host, int(port)), timeout=5) as client:
                client.sendall(
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    f"Content-Length: {50 * MIB}\r\n\r\n".encode()
                )
                answer = b""
                while b"\r\n\r\n" not in answer or expected not in answer:
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
            assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
            assert expected in answer


def test_a_malformed_multipart_body_is_a_clean_400_page_and_json_on_the_api(world, browser, conversation):
    malformed = b'--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nbonjour'
    thread = thread_factory(world.patient)
    response = browser.post(
        f"/n/breast/t/{thread.pk}/", data=malformed, content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert "Requête refusée" in response.content.decode()
    response = Client(raise_request_exception=False).post(
        f"/api/v1/networks/cardio/conversations/{conversation.pk}/attachments",
        data=malformed,
        content_type="multipart/form-data; boundary=",
        **bearer(world.cardiologist.user),
    )
    _json_refusal(response, 400, "bad_request")
