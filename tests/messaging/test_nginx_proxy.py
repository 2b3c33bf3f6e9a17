"""deploy/nginx/entrepairs.conf in front of the real application (uvicorn on 127.0.0.1): nginx started
by the test on free ports with a throwaway certificate, then a request, a websocket and the refusals
the configuration promises (docs/operator/install-debian.md). Skipped where nginx is not installed
(`apt-get install nginx`)."""

import asyncio
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from tests.messaging.sockets import session_cookie, uvicorn_server

ROOT = Path(__file__).resolve().parents[2]
CONFIG_HOST = "sante.example.org"  # the host name written in the shipped configuration
# The host the test's clients name: one the application's default ALLOWED_HOSTS (and the websocket
# Origin check, which reads them at start) accept. nginx has one server per port: it answers any name.
HOST = "localhost"

pytestmark = [
    pytest.mark.skipif(
        shutil.which("nginx") is None or shutil.which("openssl") is None, reason="needs nginx"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_configuration(folder: Path, app: str, https_port: int, http_port: int) -> str:
    """The shipped configuration, with only what a test machine must change: the certificate's
    files, the ports, the upstream's address, IPv4 only."""
    text = (ROOT / "deploy" / "nginx" / "entrepairs.conf").read_text()
    text = text.replace(f"/etc/letsencrypt/live/{CONFIG_HOST}/fullchain.pem", str(folder / "cert.pem"))
    text = text.replace(f"/etc/letsencrypt/live/{CONFIG_HOST}/privkey.pem", str(folder / "key.pem"))
    text = text.replace("server 127.0.0.1:8000;", f"server {app};")
    text = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", text)
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    return text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")


@pytest.fixture
def proxied(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    https_port, http_port = free_port(), free_port()
    with uvicorn_server() as app:
        (tmp_path / "logs").mkdir()
        (tmp_path / "site.conf").write_text(site_configuration(tmp_path, app, https_port, http_port))
        (tmp_path / "nginx.conf").write_text(
            f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
            f"http {{\n client_body_temp_path {tmp_path}/body;\n proxy_temp_path {tmp_path}/proxy;\n"
            f" include /etc/nginx/mime.types;\n include {tmp_path}/site.conf;\n}}\n"
        )
        subprocess.run(
            ["nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], check=True, timeout=30
        )
        pid_file = tmp_path / "nginx.pid"
        deadline = time.monotonic() + 10
        while not pid_file.exists():
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
        try:
            yield https_port, http_port
        finally:
            subprocess.run(
                ["kill", "-QUIT", pid_file.read_text().strip()], check=False
            )  # nginx's graceful stop
            deadline = time.monotonic() + 10
            while pid_file.exists() and time.monotonic() < deadline:
                time.sleep(0.05)


def tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throwaway certificate of the fixture
    return context


def https(port: int, method: str, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=tls(), timeout=10)
    connection.putrequest(method, path, skip_host=True)
    for name, value in {"Host": HOST, **(headers or {})}.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_nginx_serves_the_app_over_tls_and_refuses_what_it_promises(proxied, team):
    https_port, http_port = proxied
    health = https(https_port, "GET", "/healthz")
    assert health.status == 200, (health.headers, health.body)
    assert re.fullmatch(r"[0-9a-f]{32}", health.headers["X-Request-ID"])  # nginx's $request_id, passed on

    # Plain HTTP is sent to HTTPS.
    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    plain.request("GET", "/n/cardio/", headers={"Host": HOST})
    redirect = plain.getresponse()
    assert redirect.status == 301 and redirect.headers["Location"] == f"https://{HOST}/n/cardio/"

    # Uploaded files are never served by the proxy, whatever the path.
    assert https(https_port, "GET", "/media/attachments/2026/cr.pdf").status == 404
    # A body over the cap is refused from its Content-Length, before anything is read.
    too_big = https(https_port, "POST", "/api/v1/", {"Content-Length": str(46 * 1024 * 1024)})
    assert too_big.status == 413

    # A websocket through the proxy: upgraded, accepted by the application, and answering.
    async def chat():
        cookie = await asyncio.to_thread(session_cookie, team.heart.user)
        async with connect(
            f"wss://{HOST}:{https_port}/ws/n/cardio/messages/", host="127.0.0.1", port=https_port, ssl=tls(),
            origin=f"https://{HOST}", additional_headers={"Cookie": cookie.decode()},
        ) as websocket:  # fmt: skip
            await websocket.send('{"type": "subscribe", "conversation": 999999, "last_sequence": 0}')
            answer = await asyncio.wait_for(websocket.recv(), timeout=5)
            assert '"not_found"' in answer

    asyncio.run(chat())
