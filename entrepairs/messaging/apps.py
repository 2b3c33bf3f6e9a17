from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "entrepairs.messaging"
    label = "messaging"
