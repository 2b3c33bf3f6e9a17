"""Attachments through /api/v1/: multipart upload, download by participants only, EXIF gone, and every
refused file answered with 422 and a stable code while nothing at all is stored (no row, no file)."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from entrepairs.accounts.tokens import create_token
from entrepairs.messaging import attachments, services
from entrepairs.messaging.models import Message
from tests.api_client import error_of
from tests.images import jpeg_with_gps, tiny_png
from tests.messaging.helpers import say

PDF = b"%PDF-1.4\n%synthetic\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def direct(team):
    return services.start_direct(team.heart, team.rhythm)


def test_send_a_pdf_and_the_other_participant_downloads_it(api_for, team, direct):
    response = api_for(team.heart).upload(
        f"/conversations/{direct.pk}/attachments",
        {
            "client_id": "cr-1",
            "body": "Le compte-rendu",
            "file": _file(PDF, "compte-rendu.pdf", "application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    message = response.json()["message"]
    assert message["body"] == "Le compte-rendu"
    attachment = message["attachment"]
    assert (attachment["type"], attachment["name"], attachment["size"]) == (
        "application/pdf", "compte-rendu.pdf", len(PDF),
    )  # fmt: skip
    assert attachment["url"] == f"/api/v1/networks/cardio/messages/{message['id']}/attachment"

    download = api_for(team.rhythm).get(f"/messages/{message['id']}/attachment")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"


def test_image_is_stored_without_exif_or_gps(api_for, team, direct):
    assert Image.open(io.BytesIO(jpeg_with_gps())).getexif().get_ifd(0x8825)  # the upload carries GPS
    response = api_for(team.heart).upload(
        f"/conversations/{direct.pk}/attachments",
        {"client_id": "photo-1", "file": _file(jpeg_with_gps(), "photo.jpg", "image/jpeg")},
    )
    assert response.status_code == 201, response.content
    message = response.json()["message"]
    assert (message["body"], message["attachment"]["type"], message["attachment"]["name"]) == (
        "", "image/png", "photo.png",
    )  # fmt: skip
    download = api_for(team.rhythm).get(f"/messages/{message['id']}/attachment")
    data = b"".join(download.streaming_content)
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("inline;")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and not image.getexif()
    assert b"Fabricant" not in data and b"Exif" not in data


def test_attachment_with_a_reply_and_the_same_client_id_again(api_for, team, direct, settings):
    question = say(team.rhythm, direct, "Tu as l'ECG ?")
    api = api_for(team.heart)

    def send():
        return api.upload(
            f"/conversations/{direct.pk}/attachments",
            {
                "client_id": "ecg-1",
                "reply_to": str(question.pk),
                "file": _file(tiny_png(), "ecg.png", "image/png"),
            },
        )

    first = send()
    assert first.status_code == 201, first.content
    assert first.json()["message"]["reply_to"] == question.pk
    retry = send()
    assert retry.status_code == 200 and retry.json()["duplicate"] is True
    assert retry.json()["message"]["id"] == first.json()["message"]["id"]
    assert Message.objects.filter(sender=team.heart).count() == 1
    assert len(_stored_files(settings)) == 1  # the retry stored no second file


def test_download_in_constant_queries(api_for, team, direct, django_assert_num_queries):
    message = say(team.heart, direct, "", attachment=_file(PDF, "cr.pdf", "application/pdf"))
    api = api_for(team.rhythm)
    # token + account, token last-used update, membership, the message if the member may read it
    with django_assert_num_queries(4):
        assert api.get(f"/messages/{message.pk}/attachment").status_code == 200


def test_deleted_attachment_reads_like_an_unknown_one(api_for, team, direct, settings):
    message = say(team.heart, direct, "", attachment=_file(PDF, "cr.pdf", "application/pdf"))
    api = api_for(team.heart)
    with_file = api.get(f"/messages/{message.pk}/attachment")
    assert with_file.status_code == 200
    # Consuming the stream closes the response (and its file) the way the test client does it; calling
    # close() directly would also send request_finished, which closes PostgreSQL's test connection.
    b"".join(with_file.streaming_content)
    assert api.delete(f"/messages/{message.pk}").status_code == 200
    unknown = api.get("/messages/999999/attachment")
    gone = api.get(f"/messages/{message.pk}/attachment")
    error_of(gone, 404, "not_found")
    assert gone.content == unknown.content


def _png_head_then_garbage() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"not really an image" * 20


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        # Too large (the limit is lowered to 100 bytes below).
        (lambda: _file(tiny_png() + b"\0" * 200, "grand.png", "image/png"), "attachment_too_large"),
        # Not an image or a PDF, whatever its name and declared type say.
        (lambda: _file(b"MZ\x90\x00 executable", "photo.png", "image/png"), "attachment_type"),
        (lambda: _file(b"<html><script>alert(1)</script>", "cr.pdf", "application/pdf"), "attachment_type"),
        # Starts like a PNG but its content is not one.
        (lambda: _file(_png_head_then_garbage(), "scan.png", "image/png"), "attachment_unreadable"),
    ],
    ids=["too_large", "executable_named_png", "html_named_pdf", "broken_png"],
)
def test_refused_files_are_422_and_nothing_is_stored(
    api_for, team, direct, settings, monkeypatch, upload, code
):
    monkeypatch.setattr(
        attachments, "MAX_BYTES", 100 if code == "attachment_too_large" else attachments.MAX_BYTES
    )
    response = api_for(team.heart).upload(
        f"/conversations/{direct.pk}/attachments", {"client_id": "f-1", "body": "voici", "file": upload()}
    )
    body = error_of(response, 422, code)
    assert body["field"] == "attachment"
    # The documented shape of every 422 (ValidationErrorOut): `details` is there, empty for a code.
    assert set(body) == {"code", "message", "field", "details"} and body["details"] == []
    direct.refresh_from_db()
    assert direct.next_sequence == 1
    assert not Message.objects.exists()
    assert _stored_files(settings) == []


def test_missing_file_is_422(api_for, team, direct):
    response = api_for(team.heart).upload(f"/conversations/{direct.pk}/attachments", {"client_id": "f-2"})
    body = error_of(response, 422, "invalid_input")
    assert body["field"] == "file"
    assert not Message.objects.exists()


def test_an_empty_file_is_read_as_a_file(api_for, team, direct):
    """A client that encodes an empty file as multipart does (curl, browsers) gets the file's own
    refusal, not "file required" (the API fuzzing's transport writes it so that none is read:
    tests/api/test_api_fuzzing.py)."""
    response = api_for(team.heart).upload(
        f"/conversations/{direct.pk}/attachments",
        {"client_id": "f-2", "file": _file(b"", "vide.pdf", "application/pdf")},
    )
    assert error_of(response, 422, "attachment_type")["field"] == "attachment"
    assert not Message.objects.exists()


def test_non_participant_upload_is_404_and_stores_nothing(api_for, team, direct, settings):
    response = api_for(team.valve).upload(
        f"/conversations/{direct.pk}/attachments",
        {"client_id": "f-3", "file": _file(PDF, "cr.pdf", "application/pdf")},
    )
    error_of(response, 404, "not_found")
    assert not Message.objects.exists() and _stored_files(settings) == []


def test_session_upload_needs_the_csrf_token(team, direct, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.heart.user)
    response = client.post(
        f"/api/v1/networks/cardio/conversations/{direct.pk}/attachments",
        {"client_id": "f-4", "file": _file(PDF, "cr.pdf", "application/pdf")},
    )
    error_of(response, 403, "csrf_failed")
    assert not Message.objects.exists() and _stored_files(settings) == []


def test_a_token_needs_no_csrf_token(team, direct):
    client = Client(enforce_csrf_checks=True)
    _token, raw = create_token(team.heart.user, "phone")
    response = client.post(
        f"/api/v1/networks/cardio/conversations/{direct.pk}/attachments",
        {"client_id": "f-5", "file": _file(PDF, "cr.pdf", "application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content


def test_a_decompression_bomb_is_refused_with_its_code_and_nothing_stored(api_for, team, direct, settings):
    from tests.privacy.test_images import _rgba_png_claiming

    response = api_for(team.heart).upload(
        f"/conversations/{direct.pk}/attachments",
        {"client_id": "bomb-1", "file": _file(_rgba_png_claiming(6300, 6300), "bomb.png", "image/png")},
    )
    error_of(response, 422, "attachment_image_too_large")
    assert not Message.objects.filter(client_id="bomb-1").exists() and _stored_files(settings) == []


def test_an_image_while_the_decoding_budget_is_full_is_a_429_with_retry_after(
    api_for, team, direct, settings
):
    from entrepairs.privacy import images

    settings.IMAGE_DECODE_WAIT_SECONDS = 0
    with images.decoding_budget.reserve(settings.IMAGE_DECODE_PROCESS_MB * images.MIB):
        response = api_for(team.heart).upload(
            f"/conversations/{direct.pk}/attachments",
            {"client_id": "busy-1", "file": _file(tiny_png(), "photo.png", "image/png")},
        )
    error_of(response, 429, "images_busy")
    assert int(response["Retry-After"]) >= 1
    assert not Message.objects.filter(client_id="busy-1").exists()
