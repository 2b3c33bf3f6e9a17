"""A fresh start in one network (issue 16, retroactive privacy): a member who said too much in the
past renames their persona and, in the same step, detaches what they wrote until now from it. The old
posts stay where they are, for the discussions they belong to, signed by the network's "former
member" persona: the pages no longer show whose they were.

What stays linked, and why: the moderation and audit records (reports, decisions) keep pointing at the
persona, as they must; the member's own data export still lists the posts (it is theirs). Private
messages are not detached: the people in a conversation know who they wrote to.
"""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from entrepairs.accounts.models import User
from entrepairs.audit.services import record
from entrepairs.networks import services as networks
from entrepairs.networks.models import Membership, Network
from entrepairs.rights import registry

FORMER_EMAIL = "former-member@entrepairs.invalid"
FORMER_NAMES = {"fr": "Ancien membre", "en": "Former member"}


def get_own_persona_or_404(user: User, membership_id: int) -> Membership:
    """The account's own active persona (404 for anyone else's, or a persona that ended)."""
    membership = (
        Membership.objects.filter(pk=membership_id, user=user, status=Membership.Status.ACTIVE)
        .select_related("network", "user")
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None or membership.user.email == FORMER_EMAIL:
        raise Http404
    return membership


def former_member(network: Network) -> Membership:
    """The network's "former member" persona (created on first need), owned by an account that cannot
    sign in. Status "left": shown with the "Former member" badge wherever its posts appear."""
    user = User.objects.filter(email=FORMER_EMAIL).first()
    if user is None:
        user = User(email=FORMER_EMAIL, is_active=False)
        user.set_unusable_password()
        user.save()
    former, _created = Membership.objects.get_or_create(
        network=network,
        user=user,
        defaults={
            "display_name": FORMER_NAMES.get(network.language, FORMER_NAMES["en"]),
            "status": Membership.Status.LEFT,
            "member_type": Membership.MemberType.PATIENT
            if network.is_patient_network
            else Membership.MemberType.PROFESSIONAL,
        },
    )
    return former


def fresh_start(membership: Membership, *, display_name: str, confirm_privacy=()) -> int:
    """Rename the persona (checked like any rename: privacy policy, free name) and detach everything
    it wrote until now, in one transaction. Returns how many items were detached."""
    now = timezone.now()
    with transaction.atomic():
        networks.update_persona(
            membership, display_name=display_name, bio=membership.bio, confirm_privacy=confirm_privacy
        )
        former = former_member(membership.network)
        moved = sum(handler(membership, former, now) for handler in registry.detach_handlers)
        # Counts only: the old name is exactly what the member wants forgotten.
        record(membership.user, "persona.fresh_start", membership, detail=f"{moved} items detached")
    return moved
