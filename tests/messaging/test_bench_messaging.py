"""The messaging bench (bench/messaging.py) at a tiny size: a real uvicorn server in a subprocess,
6 websocket clients in 2 rooms for 2 s. Checks what it reports about correctness (nothing lost,
nothing twice, every send acknowledged), never its timings: those belong to the machine."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.live_server_ws


def _bench(layer: str) -> dict:
    command = [sys.executable, "-m", "bench.messaging", "--clients", "6", "--rooms", "2", "--rate", "10",
               "--duration", "2", "--grace", "5", "--layer", layer, "--json"]  # fmt: skip
    if layer == "redis":
        # The bench clears the layer's keys of its database: database 11 of that Redis, not REDIS_URL's.
        command += ["--redis-url", urlsplit(os.environ["REDIS_URL"])._replace(path="/11").geturl()]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    [line] = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(line)


@pytest.mark.parametrize(
    "layer",
    [
        "memory",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis to test against"
            ),
        ),
    ],
)
def test_tiny_bench_delivers_every_message_once_to_every_socket_of_its_room(layer):
    result = _bench(layer)
    assert (result["connections"], result["rooms"], result["sent"]) == (6, 2, 20)
    assert result["acked"] == 20 and result["duplicate_acks"] == 0 and result["errors"] == {}
    assert result["delivered"] == result["expected"] == 20 * 3  # rooms of 3: every socket of the room
    assert (result["lost"], result["duplicated"], result["closed_by_server"]) == (0, 0, 0)
    assert result["deliveries_per_second"] > 0
    # The timeline (--timeline) splits every delivery into 2 s windows of the sending schedule.
    assert [window["from_s"] for window in result["timeline"]] == [0]
    assert sum(window["deliveries"] for window in result["timeline"]) == result["delivered"]
