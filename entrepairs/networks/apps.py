from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "entrepairs.networks"
    label = "networks"
