from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from entrepairs.accounts.models import User
from entrepairs.errors import ActionRefused
from entrepairs.networks import lifecycle
from entrepairs.networks.models import Membership


class Command(BaseCommand):
    help = (
        "Remove or ban a member, or lift a ban, through the same operations as the moderators' pages "
        "(sockets closed, conversations left, the member told). Example: end_membership cardio 42 ban "
        '--reason "Spam" --until 2027-01-31 --operator ops@example.org'
    )

    def add_arguments(self, parser):
        parser.add_argument("network", help="the network's slug")
        parser.add_argument("membership", type=int, help="the membership's id (as in the admin)")
        parser.add_argument("action", choices=["remove", "ban", "lift-ban"])
        parser.add_argument("--reason", default="", help="told to the member (remove, ban)")
        parser.add_argument("--until", help="ban end, YYYY-MM-DD (default: for good)")
        # The audit log names who did it: an operator account, not "the command line".
        parser.add_argument("--operator", required=True, help="email of the staff account acting")

    def handle(self, *args, **options):
        operator = User.objects.filter(
            email__iexact=options["operator"], is_staff=True, is_active=True
        ).first()
        if operator is None:
            raise CommandError("--operator must name an active staff account.")
        membership = Membership.objects.filter(
            pk=options["membership"], network__slug=options["network"]
        ).first()
        if membership is None:
            raise CommandError("No such membership in this network.")
        try:
            if options["action"] == "remove":
                lifecycle.remove_member(operator, membership, reason=options["reason"])
            elif options["action"] == "ban":
                lifecycle.ban_member(
                    operator, membership, reason=options["reason"], until=_until(options["until"])
                )
            else:
                lifecycle.lift_ban(operator, membership)
        except ActionRefused as refusal:
            raise CommandError(refusal.message) from None
        membership.refresh_from_db()
        self.stdout.write(f"{membership.display_name}: {membership.status}")


def _until(value: str | None):
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d")  # noqa: DTZ007 (made aware just below)
    except ValueError:
        raise CommandError("--until is a date, YYYY-MM-DD.") from None
    return timezone.make_aware(day)
