from django.core.management.base import BaseCommand

from entrepairs.discussions import demo as discussions_demo
from entrepairs.networks import demo
from entrepairs.networks.models import Network


class Command(BaseCommand):
    help = "Load the demo networks and synthetic members (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins = demo.seed()
        posts = sum(
            discussions_demo.seed(network, replies_per_thread=12) for network in Network.objects.all()
        )
        if posts:
            self.stdout.write(f"Demo discussions: {posts} posts.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo logins (password: {demo.DEMO_PASSWORD}):")
        )
        for email, what in logins:
            self.stdout.write(f"  {email:45} {what}")
        self.stdout.write("  Every demo member: <network-slug>.NN@example.test, NN from 01 to 12.")
