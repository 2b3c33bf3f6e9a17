"""Decisions about a person reach them by email with a link back: a join request accepted or refused
(here), a professional document approved or rejected (professionals/documents.py).

Through the outbox (entrepairs/outbox/services.py): recorded in the transaction that takes the
decision, keyed by it (the same decision never emails twice), sent after commit. The email says
what was decided and where to go, in the person's language; never a health detail."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from entrepairs.outbox import services as outbox


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def queue_join_decision(membership, *, accepted: bool) -> None:
    """Call inside the transaction that accepts or refuses `membership`'s request."""
    user, network = membership.user, membership.network
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if accepted:
            link = absolute(reverse("networks:home", kwargs={"slug": network.slug}))
            subject = _("Welcome to %(network)s") % {"network": network.name}
            body = _(
                "The moderators of %(network)s accepted your request: you are a member under the "
                "pseudonym %(name)s.\n\nOpen the network:\n%(link)s"
            ) % {"network": network.name, "name": membership.display_name, "link": link}
        else:
            link = absolute(reverse("networks:about", kwargs={"slug": network.slug}))
            subject = _("Your request to join %(network)s") % {"network": network.name}
            body = _(
                "The moderators of %(network)s did not accept your request this time.\n\n"
                "The network's page:\n%(link)s"
            ) % {"network": network.name, "link": link}
    key = f"join:{membership.pk}:{'accepted' if accepted else 'refused'}:{membership.joined_at or ''}"[:200]
    outbox.queue((key, user.email, subject, body))
    transaction.on_commit(lambda: outbox.deliver(keys=[key]))


def queue_admin_invitation(network, email: str, token: str, invitation) -> None:
    """The invitation of a new network's first administrator (services.invite_first_admin). The
    token is in this email only (it is stored hashed); the outbox clears the text once sent."""
    link = absolute(reverse("invitation", kwargs={"token": token}))
    with translation.override(network.language or settings.LANGUAGE_CODE):
        subject = _("You are invited to run %(network)s") % {"network": network.name}
        body = _(
            "You are invited to be the first administrator of %(network)s. Create your account "
            "with this email address (or sign in), then accept the invitation:\n%(link)s\n\n"
            "The network opens to members once you have joined. The link is valid for %(days)d days."
        ) % {"network": network.name, "link": link, "days": 30}
    key = f"admin-invitation:{invitation.pk}"
    outbox.queue((key, email, subject, body))
    transaction.on_commit(lambda: outbox.deliver(keys=[key]))
