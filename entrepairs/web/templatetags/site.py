"""`{% site_name %}` and `{% site_address %}`: how emails name the site (settings.SITE_NAME) and
where it lives (settings.SITE_URL), never the host of the request that sent them."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return settings.SITE_NAME


@register.simple_tag
def site_address() -> str:
    return settings.SITE_URL.rstrip("/")
