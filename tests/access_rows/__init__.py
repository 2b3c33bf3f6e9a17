"""Rows of the access walk (tests/test_access_walk.py), one module per app.

Each module defines `ROWS: dict[str, Row]` keyed by the URL's full name ("networks:home",
"api:network_detail"). A Row says how to build the URL's kwargs from the `world` personas, the
expected status of a GET for every actor, and the body of the unsafe requests that the write walk
sends (tests/test_access_walk_writes.py). Add rows when you add a URL: both walks fail on a URL
without one."""

from collections.abc import Callable
from dataclasses import dataclass, field

ACTORS = (
    "anonymous",  # not signed in
    "stranger",  # signed in, no membership anywhere
    "outsider",  # member of another network (diabetes) only
    "pending",  # request pending in the walked network (breast)
    "member",  # patient member of breast
    "moderator",  # moderator of breast
    "admin",  # administrator of breast
    "other_admin",  # administrator of another network (cardio)
    "operator",  # platform staff, no membership
)


@dataclass(frozen=True)
class Row:
    expect: dict[str, int]
    kwargs: Callable[[object], dict] = field(default=lambda world: {})
    query: str = ""
    # The body of the unsafe requests of the write walk (tests/test_access_walk_writes.py): form
    # fields for pages, JSON for the API. Give one that would succeed for an allowed actor, so that
    # a refusal is the gate's and not the form's.
    write: dict = field(default_factory=dict)

    def __post_init__(self):
        missing = set(ACTORS) - set(self.expect)
        if missing:
            raise ValueError(f"row misses actors {sorted(missing)}")


def statuses(default: int, **overrides: int) -> dict[str, int]:
    return {actor: overrides.get(actor, default) for actor in ACTORS}


# Common shapes. Anonymous visitors are sent to the login page for every /n/<slug>/ page, existing or
# not, so the redirect leaks nothing; signed-in non-members get 404.
PUBLIC = statuses(200)
SIGNED_IN = statuses(200, anonymous=302)
MEMBERS = statuses(404, anonymous=302, member=200, moderator=200, admin=200)
MODERATORS = statuses(404, anonymous=302, member=403, moderator=200, admin=200)
ADMINS = statuses(404, anonymous=302, member=403, moderator=403, admin=200)
OPERATORS = statuses(404, operator=200)
