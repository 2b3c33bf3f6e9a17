"""The installable app's files (public, the same for everyone), the account's devices and a persona's
notification settings."""

from tests.access_rows import MEMBERS, SIGNED_IN, Row, statuses

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
POST_ONLY = statuses(405, anonymous=302)


def _patients_device(world):
    """A device of world.patient: anyone else removing it gets the answer for a missing one."""
    from entrepairs.push.models import Subscription

    device = Subscription.objects.create(
        user=world.patient.user, endpoint="https://push.example.org/walk", p256dh="x" * 87, auth="y" * 22
    )
    return {"device_id": device.pk}


ROWS = {
    "push:manifest": Row(statuses(200)),
    "push:service_worker": Row(statuses(200)),
    "push:offline": Row(statuses(200)),
    "push:devices": Row(SIGNED_IN),
    "push:subscribe": Row(POST_ONLY),
    "push:unsubscribe": Row(POST_ONLY),
    "push:remove_device": Row(POST_ONLY, _patients_device),
    "push:preferences": Row(MEMBERS, BREAST, write={"pref-submit": "1", "pref-kinds": ["message"]}),
}
