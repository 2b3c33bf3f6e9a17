import re

_PER_RESPONSE = [
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken" value=""'),
    # The language switch returns to the requested path: the requester's own URL, not a leak.
    (re.compile(rb'name="next" value="[^"]*"'), b'name="next" value=""'),
]


def page_body(response) -> bytes:
    """The response body without what differs on every response (CSP nonce, CSRF token, the requested path), to compare
    two 404 pages byte for byte."""
    body = response.content
    for pattern, replacement in _PER_RESPONSE:
        body = pattern.sub(replacement, body)
    return body
