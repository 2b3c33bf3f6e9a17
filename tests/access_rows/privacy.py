"""The composer's live check answers POST only (htmx, with the CSRF token): a GET is 405 for everyone,
before anything about the network is looked up. Its POST gates (404 for non-members and visitors,
200 for members) are in tests/privacy/test_live_check.py."""

from tests.access_rows import Row, statuses


def _network(world):
    return {"slug": world.breast.slug}


ROWS = {
    "privacy:check": Row(statuses(405), _network),
}
