from django import template

from entrepairs.web.header import header_counts as count_for_header

register = template.Library()


@register.simple_tag
def header_counts(member):
    """`{% header_counts member as counts %}`: one count per registered badge of this persona, in one
    query: counts.notifications (the bell) and counts.messages (the Messages badge)."""
    return count_for_header(member)
