from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "entrepairs.audit"
    label = "audit"
