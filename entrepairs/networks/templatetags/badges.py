from django import template

from entrepairs.networks.badges import badges_html

register = template.Library()


@register.simple_tag
def badges(person):
    """`{% badges person %}`: networks/badges.py."""
    return badges_html(person)
