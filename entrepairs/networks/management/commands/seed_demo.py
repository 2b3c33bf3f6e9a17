from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entrepairs.networks import demo
from entrepairs.networks.models import Network


class Command(BaseCommand):
    help = "Load the demo networks and synthetic members (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        # The demo creates an operator (a superuser) and members who all share the public password
        # printed below: on any database but a demo's, that is an open door. Demo mode is asked for
        # explicitly (DEMO_MODE=true, which `make run` sets) and is refused in production mode.
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo runs only in demo mode (DEMO_MODE=true, as `make run` sets it): it creates "
                f"accounts, an operator among them, sharing the public password {demo.DEMO_PASSWORD!r}."
            )
        logins = demo.seed()
        for seed_network, summary in demo.demo_content:
            count = sum(seed_network(network) for network in Network.objects.all())
            if count:
                self.stdout.write(summary.format(count=count))
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo logins (password: {demo.DEMO_PASSWORD}):")
        )
        for email, what in logins:
            self.stdout.write(f"  {email:45} {what}")
        self.stdout.write("  Every demo member: <network-slug>.NN@example.test, NN from 01 to 12.")
        self.stdout.write(self.style.SUCCESS("Which account to try for which journey:"))
        for email, journey in demo.JOURNEYS:
            self.stdout.write(f"  {email:45} {journey}")
