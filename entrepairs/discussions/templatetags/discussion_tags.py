from django import template
from django.template.loader import get_template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dict lookups with a variable key; empty dict when absent."""
    if not mapping:
        return {}
    return mapping.get(key) or {}


@register.filter
def reaction_buttons(post):
    """The reaction buttons of a post (`post.reaction_buttons`, set by the thread view as (kind,
    label, count, mine)). Built here in one call: as template markup, the four buttons of each of
    50 posts were a fifth of the thread page's rendering."""
    return format_html_join(
        "",
        '<button type="submit" name="kind" value="{}" class="reaction{}" aria-pressed="{}">{}{}</button>',
        (
            (
                kind,
                " is-mine" if mine else "",
                "true" if mine else "false",
                label,
                f" · {count}" if count else "",
            )
            for kind, label, count, mine in post.reaction_buttons
        ),
    )


@register.simple_tag(takes_context=True)
def person_badges(context, person):
    """networks/_badges.html for `person`, rendered once per persona and page: a thread page shows
    the same few authors again and again."""
    rendered = context.render_context.setdefault("person_badges", {})
    key = (person.pk, person.qualification_id, person.status, person.role, person.member_type)
    if key not in rendered:
        rendered[key] = get_template("networks/_badges.html").render({"person": person})
    return rendered[key]  # already safe: the template escaped what it printed
