"""Telling a member that a moderator ended their membership: one plain email to the account after
commit, and the network's about page (templates/networks/about.html). Both carry only the network's
name, what happened, the reason the moderator gave and the ban's end: no health content, no
message text, and never who the moderator was (a pseudonym would link the two personas)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entrepairs.networks.models import Membership

Status = Membership.Status


def email_ended_membership(membership: Membership) -> None:
    """Sent after commit (networks.lifecycle reads the membership again then, with its account and
    network, and calls this only if it is still removed or banned and the account active)."""
    with translation.override(membership.user.language or settings.LANGUAGE_CODE):
        subject, body = _removed(membership) if membership.status == Status.REMOVED else _banned(membership)
        link = settings.SITE_URL.rstrip("/") + reverse(
            "networks:about", kwargs={"slug": membership.network.slug}
        )
        body += "\n\n" + _("More on the network's page:\n%(link)s") % {"link": link}
    send_mail(subject, body, None, [membership.user.email])


def _removed(membership: Membership) -> tuple[str, str]:
    names = {"network": membership.network.name, "reason": membership.ended_reason}
    return (
        _("You were removed from %(network)s") % names,
        _("A moderator removed you from the network %(network)s.\n\nReason: %(reason)s") % names,
    )


def _banned(membership: Membership) -> tuple[str, str]:
    names = {"network": membership.network.name, "reason": membership.ended_reason}
    subject = _("You were banned from %(network)s") % names
    if membership.banned_until is None:
        body = (
            _("A moderator banned you from the network %(network)s for good.\n\nReason: %(reason)s") % names
        )
    else:
        names["date"] = timezone.localtime(membership.banned_until).date().isoformat()
        body = (
            _("A moderator banned you from the network %(network)s until %(date)s.\n\nReason: %(reason)s")
            % names
        )
    return subject, body
