from django.core.management.base import BaseCommand

from entrepairs.magazine.actions import rollup


class Command(BaseCommand):
    help = (
        "Roll up the network analytics of the days not rolled up yet (the first run back-fills up to "
        f"{rollup.BACKFILL_DAYS} days). Idempotent: schedule it once a night (cron), shortly after midnight."
    )

    def handle(self, *args, **options):
        rows = rollup.roll_up()
        self.stdout.write(f"Network days rolled up: {rows}")
