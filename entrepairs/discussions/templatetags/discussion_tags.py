from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dict lookups with a variable key; empty dict when absent."""
    if not mapping:
        return {}
    return mapping.get(key) or {}


@register.simple_tag
def unread_count(member) -> int:
    """Unread notifications of this persona, for the bell in the network menu (one query)."""
    from entrepairs.discussions.queries import unread_notification_count

    return unread_notification_count(member)
