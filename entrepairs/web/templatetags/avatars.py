from django import template
from django.urls import reverse
from django.utils.html import format_html

from entrepairs.networks.avatars import generated_svg

register = template.Library()


@register.simple_tag(takes_context=True)
def avatar(context, person, size=40):
    """`{% avatar person 40 %}`: the persona's uploaded picture, else its generated one. Decorative:
    the persona's name is always written next to it. Needs `network` in the context for pictures."""
    return avatar_html(person, size, context.get("network"))


def avatar_html(person, size: int, network) -> str:
    """The avatar of `person` as HTML (the tag's work, for Python callers such as Jinja2 partials)."""
    if person is None:
        return ""
    picture = getattr(person, "avatar", None)
    # A picture whose faces or written personal data its owner has not reviewed yet is theirs alone
    # (networks/avatars.py): everyone, the owner included in lists, sees the generated one meanwhile.
    if picture and network is not None and not getattr(person, "avatar_review", None):
        # The stored name is random and new at every upload: a changed picture is a new URL, so the
        # hour of private caching never shows the old one.
        version = picture.name.rsplit("/", 1)[-1][:8]
        url = (
            reverse("networks:picture", kwargs={"slug": network.slug, "member_id": person.pk})
            + f"?v={version}"
        )
        return format_html(
            '<img class="avatar" src="{}" width="{}" height="{}" alt="" loading="lazy">', url, size, size
        )
    return generated_svg(getattr(person, "avatar_seed", "") or str(person.pk), size)
