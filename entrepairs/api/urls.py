from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _

from entrepairs.api.api import api
from entrepairs.api.errors import error_body, json_method_not_allowed


def _json_errors_everywhere(patterns):
    """Every API path answers its errors in JSON: a method the path does not serve (405) and a path
    that does not exist (404) included, which Django and ninja would answer in HTML or plain text."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_not_allowed(pattern.callback)
    return patterns


def unknown_api_path(request, rest=""):
    from django.http import JsonResponse

    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    path("", (_json_errors_everywhere(_patterns), _app_name, _namespace)),
    re_path(r"^(?P<rest>.*)$", unknown_api_path, name="api_unknown_path"),
]
