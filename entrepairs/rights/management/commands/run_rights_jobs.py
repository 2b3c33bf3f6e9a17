from django.core.management.base import BaseCommand

from entrepairs.rights import jobs


class Command(BaseCommand):
    help = (
        "Erase accounts past their grace period, delete expired exports and apply each network's "
        "retention periods. The hourly Celery task does it in production; in the embedded mode run "
        "it from cron (e.g. every hour)."
    )

    def handle(self, *args, **options):
        done = jobs.run_all()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in sorted(done.items())))
