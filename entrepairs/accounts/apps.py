from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "entrepairs.accounts"
    label = "accounts"

    def ready(self):
        from entrepairs import throttles

        # Limits (logins, reads, tokens) must be counted where every process sees them.
        checks.register(throttles.several_processes_without_redis, checks.Tags.security, deploy=True)
