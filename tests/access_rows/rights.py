from tests.access_rows import PUBLIC, SIGNED_IN, Row, statuses

NOT_A_GET = statuses(405)


def _cancel_token(world):
    # A well-formed token for no request: everyone gets the page, a POST with it cancels nothing.
    from django.core import signing

    from entrepairs.rights.erasure import CANCEL_SALT

    return {"token": signing.dumps({"request": 2_000_000_000, "user": 0}, salt=CANCEL_SALT)}


ROWS = {
    # Deleting one's account: the form (an empty POST changes nothing: password and confirmation
    # are required).
    "account_delete": Row(SIGNED_IN),
    "erasure_requested": Row(PUBLIC),
    "erasure_cancel": Row(PUBLIC, _cancel_token),
    "api:request_erasure": Row(NOT_A_GET),
    "api:cancel_erasure": Row(NOT_A_GET),
}
