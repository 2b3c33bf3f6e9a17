"""What the health profile does for the members' rights (registered in apps.py).

Erasing a persona or withdrawing its consent: the whole profile goes (conditions, treatments, side
effects, symptom logs); nothing of it is kept signed "deleted member", whatever the member chose for
their posts. Leaving the network withdraws the health-data consent (networks.lifecycle.leave_network),
so the profile goes then too; a persona removed or banned keeps it hidden (no one sees or counts an
ended persona's data: health/queries.py) until erasure. Export: every profile of the account, every
field, as in the member's own CSV/JSON download."""

from entrepairs.health.models import HealthProfile
from entrepairs.health.queries import export_rows, profiles_of_account
from entrepairs.networks.models import Membership
from entrepairs.rights.registry import ExportPart


def erase_member_health(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    HealthProfile.objects.filter(network_id=member.network_id, member=member).delete()


def end_membership(member: Membership) -> None:
    if member.status == Membership.Status.LEFT:
        HealthProfile.objects.filter(network_id=member.network_id, member=member).delete()


def export_member_health(user) -> ExportPart:
    rows = export_rows(profiles_of_account(user))
    return ExportPart(sections={f"health.{name}": items for name, items in rows.items()})
