"""Generate the VAPID key pair that signs this installation's push notifications."""

from django.core.management.base import BaseCommand

from entrepairs.push.sender import generate_keys


class Command(BaseCommand):
    help = "Print a new VAPID key pair for WEB_PUSH_VAPID_PRIVATE_KEY and WEB_PUSH_VAPID_PUBLIC_KEY."

    def handle(self, *args, **options):
        private, public = generate_keys()
        self.stdout.write(f"WEB_PUSH_VAPID_PRIVATE_KEY={private}\nWEB_PUSH_VAPID_PUBLIC_KEY={public}\n")
        self.stderr.write(
            "Keep the private key secret (WEB_PUSH_VAPID_PRIVATE_KEY_FILE reads it from a file). "
            "Changing the pair later makes every device turn notifications on again."
        )
