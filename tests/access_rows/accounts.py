from tests.access_rows import PUBLIC, SIGNED_IN, Row, statuses


def _patients_token(world):
    """A token of world.patient: anyone else revoking it must get the answer for a missing one."""
    from entrepairs.accounts.tokens import create_token

    token, _raw = create_token(world.patient.user, "walk")
    return {"token_id": token.pk}


ROWS = {
    "account": Row(SIGNED_IN),
    "account_tokens": Row(SIGNED_IN),
    "account_token_revoke": Row(statuses(405, anonymous=302), _patients_token),
    # POST only, and asks for the password again: a GET is 405 for everyone signed in.
    "account_token_renew": Row(statuses(405, anonymous=302), _patients_token),
}

# Representative third-party pages (allauth): reachable by visitors, they hold no network content.
# They are walked too, under names outside the project's own trees.
THIRD_PARTY_ROWS = {
    "account_login": Row(statuses(200, **{a: 302 for a in PUBLIC if a != "anonymous"})),
    "account_signup": Row(statuses(200, **{a: 302 for a in PUBLIC if a != "anonymous"})),
}
ROWS.update(THIRD_PARTY_ROWS)
