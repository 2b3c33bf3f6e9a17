from django.apps import AppConfig


class ProfessionalsConfig(AppConfig):
    name = "entrepairs.professionals"
    label = "professionals"

    def ready(self):
        from entrepairs.professionals import documents, psc
        from entrepairs.web.body_limits import register_upload_route

        psc.connect_signals()
        register_upload_route("professionals:mine", documents.MAX_BYTES)  # the proof of profession
        psc.install_nonce_and_signature_checks()
