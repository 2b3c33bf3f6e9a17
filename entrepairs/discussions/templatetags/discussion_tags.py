from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dict lookups with a variable key; empty dict when absent."""
    if not mapping:
        return {}
    return mapping.get(key) or {}
