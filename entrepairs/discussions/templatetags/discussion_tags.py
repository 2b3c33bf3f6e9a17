from django import template

from entrepairs.discussions import post_rows

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dict lookups with a variable key; empty dict when absent."""
    if not mapping:
        return {}
    return mapping.get(key) or {}


@register.filter
def reaction_buttons(post):
    """`post|reaction_buttons`: post_rows.reaction_buttons."""
    return post_rows.reaction_buttons(post)


@register.simple_tag(takes_context=True)
def save_button(context, post, saved_ids, url):
    """A post's Save / Saved toggle (post_rows.save_button); token and labels looked up once a page."""
    parts = context.render_context.get("save_button_parts")
    if parts is None:
        parts = context.render_context["save_button_parts"] = post_rows.save_button_parts(context["request"])
    return post_rows.save_button(parts, post.pk in (saved_ids or ()), url)


@register.simple_tag(takes_context=True)
def thread_rows(context, threads, links):
    """`{% thread_rows threads links %}`: the rows of a thread list (post_rows.render_thread_rows)."""
    return post_rows.render_thread_rows(threads, links, context.get("network"))


@register.simple_tag
def search_results(results, links):
    """`{% search_results results links %}`: a page of search results (post_rows.render_search_results)."""
    return post_rows.render_search_results(results, links)
