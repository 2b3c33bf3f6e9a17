"""entrepairs/memory.py: a server process freezes what it loaded at start (and the language model
when it loads), so the collector's full passes walk only what requests made. Checked in a fresh
process, as a server starts."""

import os
import subprocess
import sys
from pathlib import Path

from entrepairs.memory import THRESHOLDS

ROOT = Path(__file__).resolve().parent.parent


def _in_a_fresh_process(code: str) -> str:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="entrepairs.settings", PYTHONWARNINGS="ignore")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_asgi_application_freezes_what_it_loaded():
    frozen, tracked = _in_a_fresh_process(
        "import gc, entrepairs.asgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    ).split()
    # Django, the URL patterns, the apps: far more than what remains for the collector to walk.
    assert int(frozen) > 100_000
    assert int(tracked) < int(frozen) / 10


def test_a_server_process_collects_less_often():
    thresholds = _in_a_fresh_process("import gc, entrepairs.asgi; print(*gc.get_threshold())")
    assert tuple(map(int, thresholds.split())) == THRESHOLDS
    assert THRESHOLDS[0] > 700  # Python's default, under which sockets' objects aged into full passes
    thresholds = _in_a_fresh_process("import gc, entrepairs.wsgi; print(*gc.get_threshold())")
    assert tuple(map(int, thresholds.split())) == THRESHOLDS


def test_the_language_model_is_frozen_once_loaded():
    before, after = _in_a_fresh_process(
        "import django, gc; django.setup(); from entrepairs.privacy import model; "
        "n = gc.get_freeze_count(); loaded = model.pipeline('fr'); "
        "print(n, gc.get_freeze_count() if loaded is not None else -1)"
    ).split()
    assert int(after) > int(before) + 100_000


def test_a_server_process_loads_its_urls_and_api_before_its_first_request():
    # Loaded at the first request, they cost that member about 2 s and stayed out of the freeze.
    for module in ("entrepairs.asgi", "entrepairs.wsgi"):
        loaded, frozen = _in_a_fresh_process(
            f"import gc, sys, {module}; loaded = 'entrepairs.api.api' in sys.modules; "
            "from django.urls import get_resolver; patterns = get_resolver().url_patterns; "
            "tracked = {id(o) for o in gc.get_objects()}; "
            "print(loaded, not any(id(p) in tracked for p in patterns))"
        ).split()
        assert (loaded, frozen) == ("True", "True"), module


def test_loading_before_serving_leaves_no_context_variables_behind():
    # Each task and thread of the server starts from the process's context, and asgiref copies and
    # sets back each asgiref Local of it at every hop between the event loop and a thread; the URL
    # resolvers' 65 "populating" marks, left there, made each hop walk 69 variables.
    for module in ("entrepairs.asgi", "entrepairs.wsgi"):
        count = _in_a_fresh_process(
            f"import contextvars, {module}; "
            "print(sum(v.name == 'asgiref.local' for v in contextvars.copy_context()))"
        )
        assert int(count) == 0, (module, count)
