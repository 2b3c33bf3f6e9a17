"""Production settings pass Django's deployment checklist with no warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by browser tests
        "SECRET_KEY": "x7$Kq9!vT2@pL5#mN8^rW3&zY6*cB1(dF4)gH0_jS" * 2,
        "HTTPS": "true",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "sante.example.test",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        # Production counts its limits in Redis (the check does not connect; db 9: never used).
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_embedded_key_is_flagged_by_the_deploy_check():
    env = {**os.environ, "HTTPS": "true"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def _deploy_check(**variables) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}},
        "SECRET_KEY": "x7$Kq9!vT2@pL5#mN8^rW3&zY6*cB1(dF4)gH0_jS" * 2,
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_several_workers_without_redis_are_warned_about():
    production = _deploy_check(HTTPS="true", DEBUG="false", ALLOWED_HOSTS="sante.example.test",
                               EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")  # fmt: skip
    assert production.returncode != 0
    assert "entrepairs.W001" in production.stdout + production.stderr
    assert "production mode" in production.stdout + production.stderr


def test_one_worker_or_redis_is_not_warned_about(settings, monkeypatch):
    from entrepairs import throttles

    settings.DEBUG, settings.HTTPS, settings.REDIS_URL = False, False, ""
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    assert throttles.several_processes_without_redis() == []
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert [warning.id for warning in throttles.several_processes_without_redis()] == ["entrepairs.W001"]
    settings.REDIS_URL = "redis://127.0.0.1:6379/9"
    assert throttles.several_processes_without_redis() == []
