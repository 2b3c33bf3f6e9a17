from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "entrepairs.discussions"
    label = "discussions"
