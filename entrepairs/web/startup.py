"""What a server process loads before it serves anyone (asgi.py, wsgi.py)."""

import contextvars

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation

from entrepairs.memory import collect_less_often, freeze_long_lived


def ready_to_serve() -> None:
    """Once the application is loaded, before the first request: what that request would load,
    loaded; everything loaded so far, which lives as long as the process, out of the collector's
    full passes; and the collector run less often (entrepairs/memory.py). asgi.py and wsgi.py call
    it, and so do the benchmarks that run pages in-process (bench/), to measure what a server does."""
    load_before_serving()
    freeze_long_lived()
    collect_less_often()


def load_before_serving() -> None:
    """What Django would load at a process's first request, loaded now: the URLconf (and through it
    the API, whose schemas pydantic builds: about 2 s of CPU), its reverse map and translations in
    each language. Otherwise the first member each new worker serves waits for it, and it all comes
    after the freeze, where the collector's full passes walk it. Called by `ready_to_serve`
    before `memory.freeze_long_lived`.

    In a context of its own: each URL resolver marks itself "populating" in an asgiref `Local`,
    which is a context variable. Set in the process's context, those (one per include, 65) were
    inherited by every request and socket, and asgiref copies and sets back every such variable of
    the context at each hop between the event loop and a thread: several hops a request, two a
    websocket frame."""
    contextvars.Context().run(_load)


def _load() -> None:
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 - populated for the active language
