from django.apps import AppConfig


class ProfessionalsConfig(AppConfig):
    name = "entrepairs.professionals"
    label = "professionals"

    def ready(self):
        from entrepairs.professionals import psc

        psc.connect_signals()
        psc.install_nonce_and_signature_checks()
