from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "entrepairs.privacy"
    label = "privacy"
    verbose_name = "Privacy guard"
