"""What a server process loads before it serves anyone (asgi.py, wsgi.py)."""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def load_before_serving() -> None:
    """What Django would load at a process's first request, loaded now: the URLconf (and through it
    the API, whose schemas pydantic builds: about 2 s of CPU), its reverse map and translations in
    each language. Otherwise the first member each new worker serves waits for it, and it all comes
    after the freeze, where the collector's full passes walk it. Called by asgi.py and wsgi.py
    before `memory.freeze_long_lived`."""
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 - populated for the active language
