from django import template

register = template.Library()


@register.filter
def with_key(pattern, key) -> str:
    """`{{ links.thread|with_key:item.pk }}`: the URL of `pattern` (web.links.UrlPattern) for `key`,
    without reversing the route again for every item of a list."""
    return pattern(key)
