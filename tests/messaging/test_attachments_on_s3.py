"""Media on S3-compatible storage (settings.s3_media_storage, django-storages), against a local S3
server: moto's, started on 127.0.0.1 on a free port. An attachment goes up through the API as in
production, lands in the bucket as a private object, and comes back only through the application's
access-checked download."""

import socket
import time

import boto3
import pytest
import requests
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs import settings as project_settings
from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from entrepairs.professionals import documents
from entrepairs.professionals.models import Profession

PDF = b"%PDF-1.4\n%synthetic S3 test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "entrepairs-media-test"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            # The first answer loads moto's backends: seconds on a busy machine.
            requests.get(endpoint, timeout=60)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "moto's S3 server did not start"
            time.sleep(0.05)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    """The project's S3 storage settings, as the environment of a production server would give them."""
    for name, value in {
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "eu-west-3",
        "AWS_S3_ACCESS_KEY_ID": "testing",
        "AWS_S3_SECRET_ACCESS_KEY": "testing",
        "AWS_LOCATION": "media",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-west-3",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {**settings.STORAGES, "default": project_settings.s3_media_storage(BUCKET)}
    yield client
    for listed in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=listed["Key"])
    client.delete_bucket(Bucket=BUCKET)


def assert_private(client, key: str) -> None:
    """Only the bucket owner holds a grant on the object: no public or any-account read."""
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert not {grant["Grantee"].get("URI") for grant in grants} & {ALL_USERS, AUTHENTICATED_USERS}


def test_the_storage_is_chosen_by_the_bucket_variable():
    assert project_settings.s3_media_storage("b")["BACKEND"] == "storages.backends.s3.S3Storage"
    options = project_settings.s3_media_storage("b")["OPTIONS"]
    assert options["default_acl"] == "private" and options["querystring_auth"] is True


def test_an_attachment_is_stored_privately_on_s3_and_served_only_through_the_app(
    api_for, team, s3_media, s3_endpoint, settings, tmp_path
):
    assert default_storage.__class__.__name__ == "S3Storage"
    direct = services.start_direct(team.heart, team.rhythm)
    response = api_for(team.heart).upload(
        f"/conversations/{direct.pk}/attachments",
        {
            "client_id": "s3-1",
            "body": "Compte-rendu",
            "file": SimpleUploadedFile("cr.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    message = Message.objects.get(pk=response.json()["message"]["id"])

    # In the bucket, under the configured folder, and nowhere on the local disk.
    key = f"media/{message.attachment.name}"
    assert [listed["Key"] for listed in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]] == [key]
    assert s3_media.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
    assert_private(s3_media, key)
    # Any URL the storage makes is signed and expires within a minute (the app makes none).
    url = message.attachment.url
    assert "X-Amz-Signature=" in url or "Signature=" in url
    assert "X-Amz-Expires=60" in url or "Expires=" in url

    # Read back through the product's code path: the participant's access-checked download.
    download = api_for(team.rhythm).get(f"/messages/{message.pk}/attachment")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "no-store"
    # Someone outside the conversation learns nothing, whatever the storage.
    assert api_for(team.valve).get(f"/messages/{message.pk}/attachment").status_code == 404


def test_a_verification_document_is_private_on_s3_and_read_back_by_its_owner_only(world, s3_media, login):
    submission = documents.submit_document(
        world.stranger, profession=Profession.objects.get(code="10"), specialty=None,
        upload=SimpleUploadedFile("diplome.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    key = f"media/{submission.file.name}"
    assert s3_media.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    assert_private(s3_media, key)
    url = reverse("professionals:document_file", kwargs={"submission_id": submission.pk})
    own = login(world.stranger).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    assert login(world.patient.user).get(url).status_code == 404
