from django.apps import AppConfig


class ProfessionalsConfig(AppConfig):
    name = "entrepairs.professionals"
    label = "professionals"
