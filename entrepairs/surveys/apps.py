from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "entrepairs.surveys"
    label = "surveys"
