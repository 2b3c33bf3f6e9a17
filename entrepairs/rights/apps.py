from django.apps import AppConfig


class RightsConfig(AppConfig):
    """Members' rights (GDPR): erasure, export, consent withdrawal, retention, legal pages."""

    name = "entrepairs.rights"
    label = "rights"
