from django import template
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
    50 posts were a fifth of the thread page's rendering (format_html_join, a tenth)."""
    buttons = [
        f'<button type="submit" name="kind" value="{escape(kind)}" class="reaction{" is-mine" if mine else ""}" '
        f'aria-pressed="{"true" if mine else "false"}">{escape(label)}{f" · {int(count)}" if count else ""}</button>'
        for kind, label, count, mine in post.reaction_buttons
    ]
    return mark_safe("".join(buttons))  # noqa: S308 - kind and label escaped, count an integer


@register.simple_tag(takes_context=True)
def person_badges(context, person):
    """networks/_badges.html for `person`, rendered once per persona and page: a thread page shows
    the same few authors again and again."""
    rendered = context.render_context.setdefault("person_badges", {})
    key = (person.pk, person.qualification_id, person.status, person.role, person.member_type)
    if key not in rendered:
        rendered[key] = get_template("networks/_badges.html").render({"person": person})
    return rendered[key]  # already safe: the template escaped what it printed


@register.simple_tag(takes_context=True)
def save_button(context, post, saved_ids, url):
    """A post's Save / Saved toggle (bookmarks), posting with htmx and working without it. Built here
    rather than included per post: a template include for each of 50 posts costs more than the rest of
    the post's actions together. The token and the labels are looked up once per page."""
    parts = context.render_context.get("save_button_parts")
    if parts is None:
        from django.middleware.csrf import get_token
        from django.utils.translation import gettext as _

        parts = {
            "token": escape(get_token(context["request"])),
            True: escape("★ " + _("Saved")),
            False: escape("☆ " + _("Save")),
            "saving": escape(_("Saving…")),
        }
        context.render_context["save_button_parts"] = parts
    saved = post.pk in (saved_ids or ())
    url = escape(url)
    return mark_safe(  # noqa: S308 - every value escaped or an integer
        f'<form method="post" action="{url}" class="inline-form save-form" hx-post="{url}" '
        f'hx-swap="outerHTML" hx-target="this" hx-indicator="this">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{parts["token"]}">'
        f'<input type="hidden" name="saved" value="{"0" if saved else "1"}">'
        f'<button type="submit" class="link-button small" aria-pressed="{"true" if saved else "false"}" '
        f'data-save>{parts[saved]}</button><span class="htmx-indicator small muted" role="status">'
        f"{parts['saving']}</span></form>"
    )
