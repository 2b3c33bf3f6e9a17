"""The posts of a thread page and the rows of thread lists, rendered with Jinja2 (decision 0026), and the widgets they share with
the Django templates (a post's reaction buttons, its Save toggle, a persona's badges).

The widgets are built as strings rather than template markup: each is printed for every post of a
page, up to 50 times."""

import html
from functools import lru_cache

from django.middleware.csrf import get_token
from django.template import engines
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.discussions.models import Thread
from entrepairs.networks.badges import badges_html
from entrepairs.web.templatetags.avatars import avatar_html
from entrepairs.web.templatetags.dates import moment


def escape(text) -> str:
    """What django.utils.html.escape writes, without its check for lazy arguments (a fifth of its cost,
    and these widgets escape a few hundred values a page). The caller marks the whole as safe."""
    return html.escape(str(text))


def reaction_buttons(post) -> SafeString:
    """The reaction buttons of a post (`post.reaction_buttons`, set by the thread view as (kind,
    label, count, mine)). As template markup, the four buttons of each of 50 posts were a fifth of
    the thread page's rendering (format_html_join, a tenth)."""
    return mark_safe(  # noqa: S308 - kind and label escaped (_reaction_button), count an integer
        "".join(
            f"{_reaction_button(kind, label, mine)}{f' · {int(count)}' if count else ''}</button>"
            for kind, label, count, mine in post.reaction_buttons
        )
    )


@lru_cache(maxsize=256)
def _reaction_button(kind: str, label: str, mine: bool) -> str:
    """A reaction button up to its count: the same few for every post of every page, escaped once."""
    return (
        f'<button type="submit" name="kind" value="{escape(kind)}" class="reaction{" is-mine" if mine else ""}" '
        f'aria-pressed="{"true" if mine else "false"}">{escape(label)}'
    )


def save_button_parts(request) -> dict:
    """What every Save toggle of a page shares: the form's token and the labels, looked up once."""
    return {
        "token": escape(get_token(request)),
        True: escape("★ " + _("Saved")),
        False: escape("☆ " + _("Save")),
        "saving": escape(_("Saving…")),
    }


def save_button(parts: dict, saved: bool, url: str) -> SafeString:
    """A post's Save / Saved toggle (bookmarks), posting with htmx and working without it."""
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


def badges(person, rendered: dict) -> SafeString:
    """networks.badges for `person`, built once per persona and page (`rendered` is the page's memo):
    a thread page shows the same few authors again and again."""
    key = (person.pk, person.qualification_id, person.status, person.role, person.member_type)
    if key not in rendered:
        rendered[key] = badges_html(person)
    return rendered[key]


def _labels() -> dict:
    """The partial's words, translated once per page."""
    return {
        "first_unread": _("First unread message"),
        "new_since": _("New since your last visit"),
        "edited": _("edited"),
        "accepted": _("Accepted answer"),
        "deleted": _("Deleted message (visible to moderators only)."),
        "hidden": _("Hidden by a moderator (visible to moderators only)."),
        "pending": _("Awaiting a moderator's approval: only you and the moderators see it."),
        "author_confirmed": lambda kinds: _interpolated(_("Author confirmed: %(kinds)s"), kinds=kinds),
        "earlier_versions": _("Earlier versions (moderators)"),
        "your_hidden_text": _("Your text (hidden from the other members)"),
        "hidden_by_author": _("Text hidden by its author (moderators)"),
        "replaced_on": lambda date: _interpolated(_("Replaced on %(date)s"), date=date),
        "expert_note": _("Expert note"),
        "source": _("Source:"),
        "quote": _("Quote"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "delete_first": _("Delete this first message"),
        "add_note": _("Add an expert note"),
        "report": _("Report"),
        "accept": _("Accept this answer"),
    }


def render_posts(request, context: dict) -> SafeString:
    """The `<ol>` of a thread page's posts. `context` holds what the thread view gives its page:
    network, member, thread, posts, links, revisions, author_hidden, privacy_confirmed, notes, saved_ids,
    can_accept, may_note."""
    network, saved_ids = context["network"], context["saved_ids"]
    parts, rendered_badges = save_button_parts(request), {}
    # The form token once for the page: Django's `csrf_input` for Jinja2 masks a new one at every use.
    csrf_field = mark_safe(  # noqa: S308 - the token is escaped
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{parts["token"]}">'
    )
    template = engines["jinja2"].get_template("discussions/_posts.jinja")
    return mark_safe(  # noqa: S308 - Jinja2 autoescapes; the result is HTML
        template.render(
            {
                **context,
                "labels": _labels(),
                "avatar": lambda person, size: avatar_html(person, size, network),
                "badges": lambda person: badges(person, rendered_badges),
                "reaction_buttons": reaction_buttons,
                "save_button": lambda post, url: save_button(parts, post.pk in saved_ids, url),
                "linebreaksbr": linebreaksbr,
                "urlize": urlize,
                "csrf_field": csrf_field,
            }
        )
    )


def _interpolated(message: str, **values) -> SafeString:
    """A translated message with values, as {% blocktranslate %} prints it: the translation is
    trusted markup, the values are escaped."""
    return mark_safe(message % {name: escape(value) for name, value in values.items()})  # noqa: S308


def _thread_labels() -> dict:
    # Translated once per list, not once per row: each gettext looks up the active language again.
    by, last_reply_by = _("by %(name)s"), _("last reply by %(name)s")
    return {
        "deleted": _("Deleted"),
        "answered": _("Answered"),
        "awaiting_choice": _("Replies, no accepted answer yet"),
        "unanswered": _("Awaiting a first answer"),
        # What `thread.get_kind_display()` says, without rebuilding the choices at every row (it did,
        # a third of the rows' rendering).
        "kinds": {value: str(label) for value, label in Thread.Kind.choices},
        "new": lambda n: _interpolated(ngettext("%(counter)s new", "%(counter)s new", n), counter=n),
        "by": lambda name: _interpolated(by, name=name),
        "replies": lambda n: _interpolated(
            ngettext("%(counter)s reply", "%(counter)s replies", n), counter=n
        ),
        "last_reply_by": lambda name: _interpolated(last_reply_by, name=name),
    }


def render_thread_rows(threads, links: dict, network) -> SafeString:
    """The `<li>` rows of a list of threads (discussions/_thread_list.html prints them)."""
    template = engines["jinja2"].get_template("discussions/_thread_rows.jinja")
    return mark_safe(  # noqa: S308 - Jinja2 autoescapes; the result is HTML
        template.render(
            {
                "threads": threads,
                "links": links,
                "labels": _thread_labels(),
                "avatar": lambda person, size: avatar_html(person, size, network),
                "moment": moment,
            }
        )
    )


def render_search_results(results, links: dict) -> SafeString:
    """The `<li>` rows of a page of search results (discussions/search.html prints them)."""
    template = engines["jinja2"].get_template("discussions/_search_results.jinja")
    by = _("by %(name)s")
    return mark_safe(  # noqa: S308 - Jinja2 autoescapes; the result is HTML
        template.render({"results": results, "links": links, "by": lambda name: _interpolated(by, name=name)})
    )
