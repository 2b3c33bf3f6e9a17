from django.core.management.base import BaseCommand

from entrepairs.magazine.actions import digests


class Command(BaseCommand):
    help = "Send the networks' email digests due today (daily, and weekly ones not sent this week). Idempotent: schedule it once a day (cron); running it again sends nothing twice."

    def handle(self, *args, **options):
        count = digests.send_digests()
        self.stdout.write(f"Digests recorded: {count}")
