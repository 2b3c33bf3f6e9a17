"""The posts of a thread page and the rows of thread lists, built as Python strings (decision 0027),
and the widgets they share with the Django templates (a post's reaction buttons, its Save toggle, a
persona's badges). Search results stay a Jinja2 partial (decision 0026).

Each part of a post is one small function below, in the order the page shows them. Everything a
member typed goes through `escape`; `body_html` is sanitized when the post is saved."""

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
from entrepairs.web.templatetags.dates import local_dates, moment


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


class _PostsPage:
    """What every post of a thread page shares, looked up once for the page."""

    __slots__ = (
        "thread", "member", "network", "links", "labels", "csrf_field", "save_parts", "saved_ids",
        "rendered_badges", "privacy_confirmed", "author_hidden", "revisions", "notes", "can_accept",
        "may_note", "is_moderator", "short_date",
    )  # fmt: skip

    def __init__(self, request, context: dict):
        self.thread, self.member, self.network = context["thread"], context["member"], context["network"]
        self.links, self.saved_ids = context["links"], context["saved_ids"]
        self.privacy_confirmed = context["privacy_confirmed"] or {}
        self.author_hidden = context["author_hidden"] or {}
        self.revisions, self.notes = context["revisions"] or {}, context["notes"]
        self.can_accept, self.may_note = context["can_accept"], context["may_note"]
        self.is_moderator = self.member.is_moderator
        self.short_date = local_dates("SHORT_DATETIME_FORMAT")
        self.labels = _escaped(_labels())
        self.save_parts, self.rendered_badges = save_button_parts(request), {}
        # The form token once for the page: Django's `csrf_input` masks a new one at every use.
        self.csrf_field = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.save_parts["token"]}">'
        )


def render_posts(request, context: dict) -> SafeString:
    """The `<ol>` of a thread page's posts. `context` holds what the thread view gives its page:
    network, member, thread, posts, links, revisions, author_hidden, privacy_confirmed, notes, saved_ids,
    can_accept, may_note. Built as strings (decision 0027): as a Jinja2 template, a page of 50 posts
    cost a third of the thread page's CPU, three times what these functions cost."""
    page = _PostsPage(request, context)
    return mark_safe(  # noqa: S308 - members' words escaped; body_html is sanitized when saved
        '<ol class="posts">' + "".join(_post(post, page) for post in context["posts"]) + "\n</ol>"
    )


def _post(post, page: _PostsPage) -> str:
    labels, pk = page.labels, post.id
    accepted = page.thread.accepted_answer_id == pk
    divider = (
        f'<li class="unread-divider" id="first-unread" aria-label="{labels["first_unread"]}">'
        f'<span class="badge badge-soft">{labels["new_since"]}</span></li>'
        if getattr(post, "first_unread", False)
        else ""
    )
    classes = "card post" + (" is-deleted" if post.deleted_at else "") + (" is-accepted" if accepted else "")
    return (
        f'\n  {divider}\n  <li class="{classes}" id="post-{pk}">'
        f"{_post_head(post, page, accepted)}{_post_notices(post, page)}"
        f'\n    <div class="post-body">{post.body_html}</div>'
        f"{_author_hidden_text(post, page)}{_revisions(post, page)}{_expert_notes(post, page)}"
        f"{'' if post.deleted_at else _post_actions(post, page, accepted)}\n  </li>"
    )


def _post_head(post, page: _PostsPage, accepted: bool) -> str:
    labels, author = page.labels, post.author
    edited = f" · {labels['edited']}" if post.edited_at else ""
    accepted_badge = f'<span class="badge badge-verified">✓ {labels["accepted"]}</span>' if accepted else ""
    return (
        '\n    <header class="post-head">'
        f"\n      {avatar_html(author, 32, page.network)} <strong>{escape(author.display_name)}</strong> "
        f"{badges(author, page.rendered_badges)}"
        f'\n      <span class="muted small">{escape(page.short_date(post.created_at))}{edited}</span>'
        f"\n      {accepted_badge}\n    </header>"
    )


def _post_notices(post, page: _PostsPage) -> str:
    """What moderators (and a held post's author) are told about a post's state."""
    labels, notices = page.labels, []
    if post.deleted_at:
        notices.append(f'<p class="muted">{labels["deleted"]}</p>')
    if post.hidden_at:
        notices.append(f'<p class="muted" data-hidden>{labels["hidden"]}</p>')
    if post.approval_pending_since:
        notices.append(f'<p class="message message-info" data-pending>{labels["pending"]}</p>')
    if confirmed := page.privacy_confirmed.get(post.id):
        notices.append(
            f'<p class="small muted privacy-confirmed">{labels["author_confirmed"](confirmed)}</p>'
        )
    return "".join(f"\n    {notice}" for notice in notices)


def _author_hidden_text(post, page: _PostsPage) -> str:
    """The text an author hid from the others: shown to its author and to moderators."""
    hidden = page.author_hidden.get(post.id)
    if not hidden:
        return ""
    labels = page.labels
    summary = labels["your_hidden_text"] if post.author_id == page.member.id else labels["hidden_by_author"]
    title = f"<p><strong>{escape(hidden.thread_title)}</strong></p>" if hidden.thread_title else ""
    case_text = "".join(
        f'<p class="small">{linebreaksbr(value)}</p>' for value in hidden.case_text.values() if value
    )
    return (
        f'\n    <details class="revisions" data-author-hidden-text><summary class="small">{summary}</summary>'
        f"\n      {title}\n      {case_text}"
        f'\n      <div class="post-body">{hidden.body_html}</div>\n    </details>'
    )


def _revisions(post, page: _PostsPage) -> str:
    """A post's earlier versions (moderators)."""
    revisions = page.revisions.get(post.id)
    if not revisions:
        return ""
    replaced_on = page.labels["replaced_on"]
    versions = "".join(
        f'<div class="revision"><p class="small muted">'
        f"{replaced_on(page.short_date(revision.replaced_at))}</p>"
        f"<pre>{escape(revision.body)}</pre></div>"
        for revision in revisions
    )
    return (
        f'\n    <details class="revisions"><summary class="small">{page.labels["earlier_versions"]}</summary>'
        f"\n      {versions}\n    </details>"
    )


def _expert_notes(post, page: _PostsPage) -> str:
    labels = page.labels
    return "".join(
        f'\n    <aside class="expert-note" data-expert-note aria-label="{labels["expert_note"]}">'
        f'\n      <p class="small"><strong>{labels["expert_note"]}</strong> · {escape(note.author.display_name)} '
        f"{badges(note.author, page.rendered_badges)}</p>"
        f"\n      <p>{linebreaksbr(note.body)}</p>"
        f'\n      <p class="small muted">{labels["source"]} {urlize(note.source)}</p>'
        "\n    </aside>"
        for note in page.notes.get(post.id, ())
    )


def _post_actions(post, page: _PostsPage, accepted: bool) -> str:
    """React, quote, save, edit, delete, note, report, accept: those this member may use."""
    labels, links, pk = page.labels, page.links, post.id
    mine = post.author_id == page.member.id
    actions = [
        f'<form method="post" action="{links["react"](pk)}" class="inline-form reactions">{page.csrf_field}'
        f"\n        {reaction_buttons(post)}\n      </form>"
    ]
    if not page.thread.deleted_at and not post.author_hidden_at:
        actions.append(f'<a class="small" href="?quote={pk}#reply">{labels["quote"]}</a>')
    actions.append(save_button(page.save_parts, pk in page.saved_ids, links["save"](pk)))
    if mine and not post.author_hidden_at:
        actions.append(f'<a class="small" href="{links["edit"](pk)}">{labels["edit"]}</a>')
    if mine or page.is_moderator:
        delete = labels["delete_first"] if post.is_first else labels["delete"]
        actions.append(f'<a class="small" href="{links["delete"](pk)}" data-delete-post>{delete}</a>')
    if page.is_moderator or page.may_note:
        actions.append(f'<a class="small" href="{links["note"](pk)}" data-add-note>{labels["add_note"]}</a>')
    if not mine:
        actions.append(f'<a class="small" href="{links["report"](pk)}" data-report>{labels["report"]}</a>')
    if page.can_accept and not post.is_first and not accepted:
        actions.append(
            f'<form method="post" action="{links["accept"](pk)}" class="inline-form">{page.csrf_field}'
            f'<button type="submit" class="link-button small">{labels["accept"]}</button></form>'
        )
    return (
        '\n    <footer class="post-actions">' + "".join(f"\n      {a}" for a in actions) + "\n    </footer>"
    )


def _escaped(labels: dict) -> dict:
    """A page's labels escaped once for the page: texts, and the texts of a nested dict; the
    interpolating ones (functions) escape their values themselves."""
    return {
        key: escape(value)
        if isinstance(value, str)
        else _escaped(value)
        if isinstance(value, dict)
        else value
        for key, value in labels.items()
    }


def _interpolated(message: str, **values) -> SafeString:
    """A translated message with values, as {% blocktranslate %} prints it: the translation is
    trusted markup, the values are escaped."""
    return mark_safe(message % {name: escape(value) for name, value in values.items()})  # noqa: S308 - values escaped


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
    """The `<li>` rows of a list of threads (discussions/_thread_list.html prints them), built as
    strings (decision 0027)."""
    labels = _escaped(_thread_labels())
    return mark_safe(  # noqa: S308 - every value escaped, or HTML built by the widgets
        "".join(_thread_row(thread, links, labels, network) for thread in threads)
    )


def _thread_row(thread, links: dict, labels: dict, network) -> str:
    unread = getattr(thread, "unread_count", 0)
    classes = (
        "card thread-item" + (" is-deleted" if thread.deleted_at else "") + (" is-unread" if unread else "")
    )
    kind = labels["kinds"].get(thread.kind) or escape(thread.kind)
    space = thread.space
    deleted = f'<span class="badge">{labels["deleted"]}</span>' if thread.deleted_at else ""
    unread_badge = (
        f' <span class="badge badge-new" data-unread="{int(unread)}">{labels["new"](unread)}</span>'
        if unread
        else ""
    )
    if last_poster := getattr(thread, "last_poster_name", ""):
        activity = (
            f" · <span data-last-reply>{labels['last_reply_by'](last_poster)}, "
            f"{moment(thread.last_activity_at)}</span>"
        )
    else:
        activity = f" · {moment(thread.last_activity_at)}"
    return (
        f'\n  <li class="{classes}" data-thread>'
        '\n    <div class="thread-meta small muted">'
        f'\n      <span class="badge{" badge-warn" if thread.kind == "question" else ""}">{kind}</span>'
        f'\n      <a href="{links["space"](space.slug)}">{escape(space.name)}</a>'
        f"\n      {deleted}\n      {_answer_state(thread, labels)}\n    </div>"
        f'\n    <h3><a href="{links["thread"](thread.id)}">{escape(thread.title)}</a>{unread_badge}</h3>'
        f'\n    <p class="small muted thread-byline">{avatar_html(thread.author, 20, network)} '
        f"{labels['by'](thread.author.display_name)} · {labels['replies'](thread.reply_count)}{activity}</p>"
        "\n  </li>"
    )


def _answer_state(thread, labels: dict) -> str:
    """A question's state: answered, replies without an accepted answer, or none yet."""
    if thread.kind != "question":
        return ""
    if thread.accepted_answer_id:
        return f'<span class="badge badge-verified" data-answered>✓ {labels["answered"]}</span>'
    if thread.reply_count:
        return f'<span class="badge badge-soft" data-awaiting-choice>{labels["awaiting_choice"]}</span>'
    return f'<span class="badge badge-warn" data-unanswered>{labels["unanswered"]}</span>'


def render_search_results(results, links: dict) -> SafeString:
    """The `<li>` rows of a page of search results (discussions/search.html prints them)."""
    template = engines["jinja2"].get_template("discussions/_search_results.jinja")
    by = _("by %(name)s")
    return mark_safe(  # noqa: S308 - Jinja2 autoescapes; the result is HTML
        template.render({"results": results, "links": links, "by": lambda name: _interpolated(by, name=name)})
    )
