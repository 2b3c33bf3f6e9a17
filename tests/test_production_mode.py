"""Production mode (HTTPS on, DEBUG off) refuses to start on the public embedded SECRET_KEY, and refuses
demo mode. Each case imports the settings module in a fresh interpreter, as a server process would
at start, with only the environment given here (the test run's own settings are already loaded)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODE_VARIABLES = ("DEBUG", "HTTPS", "SECRET_KEY", "SECRET_KEY_FILE", "DEMO_MODE", "REQUIRE_MFA_FOR_ROLES")
PRINT_MODES = (
    "from entrepairs import settings as s; "
    "print(s.PRODUCTION_MODE, s.DEMO_MODE, s.REQUIRE_MFA_FOR_ROLES, s.SECRET_KEY == s.EMBEDDED_SECRET_KEY)"
)


def import_settings(**environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in MODE_VARIABLES}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", PRINT_MODES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "key",
    [
        {},  # no key at all: the embedded one would be used
        {
            "SECRET_KEY": "django-insecure-embedded-demo-key-change-me-in-production"
        },  # the embedded one, typed
        {"SECRET_KEY": "   "},
    ],
)
def test_production_mode_refuses_to_start_without_its_own_secret_key(key):
    started = import_settings(HTTPS="true", **key)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "needs its own SECRET_KEY" in started.stderr


def test_production_mode_starts_with_its_own_key_from_the_environment_or_a_file(tmp_path):
    assert import_settings(HTTPS="true", SECRET_KEY="k" * 60).stdout.split() == [
        "True",
        "False",
        "True",
        "False",
    ]
    key_file = tmp_path / "secret_key"
    key_file.write_text("f" * 60 + "\n")
    started = import_settings(HTTPS="true", SECRET_KEY_FILE=str(key_file))
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["True", "False", "True", "False"]


def test_production_mode_refuses_demo_mode():
    started = import_settings(HTTPS="true", SECRET_KEY="k" * 60, DEMO_MODE="true")
    assert started.returncode != 0
    assert "DEMO_MODE cannot be on in production mode" in started.stderr


def test_without_https_the_embedded_key_still_serves_tests_and_the_demo():
    # Not production mode: the test suite and `make run` (127.0.0.1, plain HTTP) keep the embedded key.
    assert import_settings().stdout.split() == ["False", "False", "True", "True"]
    # Demo mode relaxes two-factor for the demo accounts unless the operator asks for it.
    assert import_settings(DEMO_MODE="true").stdout.split() == ["False", "True", "False", "True"]
    assert import_settings(DEMO_MODE="true", REQUIRE_MFA_FOR_ROLES="true").stdout.split()[2] == "True"


def test_debug_with_https_is_not_production_mode():
    # DEBUG on is a developer's machine (never production: check --deploy fails on it).
    assert import_settings(HTTPS="true", DEBUG="true").stdout.split()[0] == "False"
