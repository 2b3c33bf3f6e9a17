"""Routes reversed once per process: the same URL for the same route and arguments.

Every page prints some forty `{% url %}` links (the header, the network's sections, the footer), and
Django's `reverse` walks the URL resolver each time: about 20 µs each, 8 % of the network home's
CPU (sampled with py-spy, in-process; decision 0012). A reversal depends only on the
route, its arguments, the URLconf, the script prefix and the language, so its result is kept, keyed
on all of them, for arguments that are strings and integers (anything else, a model instance or a
lazy string, is reversed every time). The cache is bounded (least recently used out) and
emptied when a test changes the URLconf or the script prefix."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def _plain(value) -> bool:
    # Strings (a template's literal is a SafeString) and integers, not booleans: True == 1 as a key.
    return isinstance(value, str) or type(value) is int


def reverse_memo(viewname, args=(), kwargs=None, current_app=None) -> str:
    """`django.urls.reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)`."""
    if not all(map(_plain, args)) or (kwargs and not all(map(_plain, kwargs.values()))):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(
        viewname,
        tuple(args),
        tuple(sorted(kwargs.items())) if kwargs else (),
        current_app,
        get_urlconf(),
        get_script_prefix(),
        get_language(),
    )


@lru_cache(maxsize=4096)
def _reversed(viewname, args, kwargs, current_app, urlconf, _script_prefix, _language) -> str:
    # A NoReverseMatch is raised, not kept: lru_cache stores only results.
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


@receiver(setting_changed)
def _forget_on_urlconf_change(*, setting, **_):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES", "LANGUAGE_CODE"}:
        _reversed.cache_clear()
