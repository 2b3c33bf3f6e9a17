from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "entrepairs.privacy"
    label = "privacy"
    verbose_name = "Privacy guard"

    def ready(self):
        # The towns' table (privacy/quasi.py, ~15,000 rows) is read once per process at start, not
        # during a member's first live check.
        from entrepairs.privacy import quasi

        quasi.towns()
