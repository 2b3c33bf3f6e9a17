from django import template

from entrepairs.messaging import queries

register = template.Library()


@register.simple_tag
def messaging_unread(member) -> int:
    """Unread private messages of this persona (the header badge); one query."""
    if member is None or not getattr(member, "pk", None):
        return 0
    return queries.unread_total(member)
