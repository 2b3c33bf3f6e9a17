import itertools

from entrepairs.messaging import services

_ids = itertools.count(1)


def say(member, conversation, body="Bonjour", **kwargs):
    """Send a message with a fresh client id; returns the message."""
    kwargs.setdefault("client_id", f"test-{next(_ids)}")
    message, _created = services.send_message(member, conversation, body=body, **kwargs)
    return message
