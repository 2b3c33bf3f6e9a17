from django.apps import AppConfig


class WebConfig(AppConfig):
    """The page frame: installed for its template tags (the header's badges); it has no models."""

    name = "entrepairs.web"
    label = "web"
