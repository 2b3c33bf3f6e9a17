"""Withdrawing the health-data consent of one network (GDPR art. 7(3) and 9).

The consent given on joining a patient network is kept per network with its text version, the exact
text shown and its date (accounts.ConsentRecord); the account page lists them. Withdrawing it:
- ends the membership as leaving does (networks.lifecycle.leave_network marks the consent withdrawn
  and takes the persona out of every conversation and audience), if it is still active;
- removes the member's health data from that network, as erasure does but scoped to the one network
  (erasure.erase_member_content): what they wrote there (threads, posts, clinical cases and their
  photos, polls, private messages and their attachments) is deleted, or kept signed "deleted
  member" if they choose so, never under their pseudonym; their votes, reactions, follows,
  notifications and privacy confirmations go; their bio and join note are emptied.
What stays: the pseudonym on the ended persona (so that the network's moderators' records of what
happened still make sense), the consent record itself (proof of what was agreed and withdrawn, and
when), and audit entries. docs/decisions/0015-consent-withdrawal.md says why."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.models import ConsentRecord, User
from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks import lifecycle
from entrepairs.networks.models import Membership
from entrepairs.rights.actions.erasure import erase_member_content
from entrepairs.rights.models import ErasureRequest

Posts = ErasureRequest.Posts


def consents_of(user: User):
    """The account's consents, every network, newest first, each with its text version and date."""
    return ConsentRecord.objects.filter(user=user).select_related("network").order_by("-given_at")


def consents_with_personas(user: User) -> list[tuple[ConsentRecord, Membership | None]]:
    """(consent, the account's persona in that network or None) for the consents page (two queries)."""
    personas = {m.network_id: m for m in Membership.objects.filter(user=user)}
    return [(record, personas.get(record.network_id)) for record in consents_of(user)]


def get_consenting_membership_or_404(user: User, membership_id: int) -> Membership:
    """The account's own persona in a network where it gave a health-data consent."""
    membership = (
        Membership.objects.filter(pk=membership_id, user=user).select_related("network", "user").first()
        if user.is_authenticated
        else None
    )
    if membership is None or not ConsentRecord.objects.filter(user=user, network=membership.network).exists():
        raise Http404
    return membership


def withdraw_consent(membership: Membership, *, posts: str) -> Membership:
    if posts not in Posts.values:
        raise ActionRefused("invalid_choice", _("Choose what happens to your posts."), field="posts")
    with transaction.atomic():
        if membership.status == Membership.Status.ACTIVE:
            lifecycle.leave_network(membership)  # refuses the last administrator (409 last_admin)
        ConsentRecord.objects.filter(
            user=membership.user, network=membership.network, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        erase_member_content(membership, keep_posts=posts == Posts.ANONYMISE)
        membership.bio, membership.request_message = "", ""
        membership.save(update_fields=["bio", "request_message"])
        record(membership.user, "consent.withdraw", membership, detail=posts)
    return membership
