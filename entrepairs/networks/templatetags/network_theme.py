"""A network's theme colour, made safe to print in a <style> block and readable as a background for
white text (WCAG AA, contrast 4.5:1). Operators pick any colour; members must still read the buttons."""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

DEFAULT_ACCENT = "#2f6f73"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5


def _relative_luminance(red: int, green: int, blue: int) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_with_white(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 1.05 / (_relative_luminance(red, green, blue) + 0.05)


@register.filter
def accent_color(value) -> str:
    """`value` as #rrggbb, darkened in small steps until white text on it reaches 4.5:1; anything that
    is not a #rrggbb colour (a bad row in the database) falls back to the default accent, so nothing
    else can ever reach the style block."""
    colour = str(value or "")
    if not HEX_COLOUR.match(colour):
        return DEFAULT_ACCENT
    colour = colour.lower()
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    while contrast_with_white(colour) < MINIMUM_CONTRAST:
        red, green, blue = (int(channel * 0.92) for channel in (red, green, blue))
        colour = f"#{red:02x}{green:02x}{blue:02x}"
    return colour


@register.simple_tag
def network_accent_rules(networks) -> str:
    """One CSS rule per network, `.accent-<id> { --accent: ... }`, for pages listing several networks
    (each card wears its own colour). Iterates `networks` itself, so a queryset is fetched once and the
    template's loop reuses its cache."""
    rules = [
        f".accent-{network.pk} {{ --accent: {accent_color(network.theme_color)}; }}" for network in networks
    ]
    return mark_safe("\n".join(rules))  # noqa: S308 - only integers and validated #rrggbb values


@register.simple_tag
def verification_days_left(member):
    """Days before the member's verification lapses, within the last 30 days (else None): the
    banner of networks/_verification_banner.html. No query: the qualification came with the
    membership (networks.access.get_membership_or_404)."""
    from entrepairs.networks.verification_reminders import days_left

    if member is None or getattr(member, "member_type", None) != "professional":
        return None
    return days_left(member.qualification)
