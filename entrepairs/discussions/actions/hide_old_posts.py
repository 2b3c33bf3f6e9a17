"""Lowering the visibility of one's old posts (issue 16, retroactive privacy).

A member who said too much in the past hides, in one step per network, everything they wrote there
before a date: the posts stay in their threads, in their place, as "Message hidden by its author", so
that the replies around them keep making sense, but their text is no longer in the post at all. It
moves to `AuthorHiddenText`, which only the author (to restore it) and the moderators (for safety,
audited) read through `queries.author_hidden_texts`. Moving the text rather than filtering it is
the point: every path that reads posts (thread pages, search and its index, the API, feeds,
digests, notifications, quotes, saved posts, profiles, others' exports) then shows the placeholder
without having to know about this feature, and a path added later cannot leak it either.

With an opening post go the thread's title (shown as "Topic hidden by its author") and, for a
clinical case, the case's text. Quotes of a hidden post in other posts of its thread (the "Quote"
link writes "**Pseudonym** :" and the quoted lines) are replaced by the placeholder too, and only
the quote: the rest of the other post is its author's. Restoring puts everything back as it was
(a quote only where its placeholder is still there: the other author may have edited since).

How it composes with a fresh start (rights/actions/fresh_start.py): hidden posts detached by a fresh
start stay hidden, signed "former member", and can no longer be restored by anyone (nothing links
them to the member any more: that is what the fresh start is for); a fresh start after restoring
detaches the text as it is. Hiding after a fresh start finds only what the persona wrote since.
"""

import re
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from entrepairs.audit.services import record
from entrepairs.discussions.actions.rights import CASE_TEXT, merge_search_index
from entrepairs.discussions.models import AuthorHiddenText, ClinicalCase, Post, Thread
from entrepairs.discussions.services import render_body
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership


def placeholders(network) -> tuple[str, str]:
    """(the post's HTML, the thread's title) shown instead, in the network's language: stored in the
    rows, so that every reader shows them without translating anything."""
    with translation.override(network.language):
        body = _("Message hidden by its author.")
        title = _("Topic hidden by its author")
    return f'<p class="muted" data-author-hidden>{escape(body)}</p>', title


# What services.quote writes: "**Pseudonym** :" then the quoted lines, each starting with ">".
QUOTE_BLOCK = re.compile(r"^\*\*(?P<name>[^*\n]+)\*\* :\n(?P<lines>(?:>[^\n]*(?:\n|$))+)", re.MULTILINE)


def _quoted_lines(block_lines: str) -> list[str]:
    lines = [line[1:].strip() for line in block_lines.splitlines()]
    return [line for line in lines if line]


def _mask_quotes(member: Membership, posts: list[Post], texts: dict[int, AuthorHiddenText]) -> None:
    """Replace, in the other posts of the hidden posts' threads, the quotes of a hidden post by the
    placeholder; each replaced quote is kept with the hidden post it quotes (for restoring)."""
    name = member.display_name
    lines_of = {post.pk: {line.strip() for line in post.body.splitlines() if line.strip()} for post in posts}
    by_thread: dict[int, list[Post]] = {}
    for post in posts:
        by_thread.setdefault(post.thread_id, []).append(post)
    with translation.override(member.network.language):
        placeholder = f"**{name}** :\n> *{_('Message hidden by its author.')}*\n"
    quoting = (
        Post.objects.filter(thread_id__in=list(by_thread), body__contains=f"**{name}** :")
        .exclude(pk__in=[post.pk for post in posts])
        .select_related("author")
    )
    for other in quoting:
        body, changed = other.body, False
        for match in reversed(list(QUOTE_BLOCK.finditer(other.body))):
            quoted = _quoted_lines(match.group("lines"))
            if match.group("name") != name or not quoted:
                continue
            source = next(
                (post for post in by_thread[other.thread_id] if set(quoted) <= lines_of[post.pk]), None
            )
            if source is None:
                continue
            block = match.group(0)
            texts[source.pk].quotes.append({"post": other.pk, "block": block, "placeholder": placeholder})
            body, changed = body[: match.start()] + placeholder + body[match.end() :], True
        if changed:
            html = render_body(other.author, body)
            Post.objects.filter(pk=other.pk).update(body=body, body_html=html)


def _restore_quotes(item: AuthorHiddenText) -> None:
    for quote in item.quotes:
        other = Post.objects.filter(pk=quote["post"]).select_related("author").first()
        if other is None or quote["placeholder"] not in other.body:
            continue
        body = other.body.replace(quote["placeholder"], quote["block"], 1)
        Post.objects.filter(pk=other.pk).update(body=body, body_html=render_body(other.author, body))


def cutoff(before: date | None) -> datetime:
    """The start of `before` (default: today) in the site's time zone: posts written earlier are hidden."""
    day = before or timezone.localdate()
    if day > timezone.localdate():
        raise ActionRefused("date_in_future", _("Choose today or a date in the past."), field="before")
    return timezone.make_aware(datetime.combine(day, time.min))


def hide_old_posts(member: Membership, *, before: date | None = None) -> int:
    """Hide from the other members the posts `member` wrote in its network before `before` (default:
    every post written before today). Returns how many posts were hidden (0 when there were none
    left to hide). One transaction; an audit row with the count."""
    until = cutoff(before)
    body_html, title = placeholders(member.network)
    now = timezone.now()
    with transaction.atomic():
        posts = list(
            Post.objects.select_for_update()
            .filter(
                network_id=member.network_id,
                author=member,
                created_at__lt=until,
                author_hidden_at__isnull=True,
            )
            .select_related("thread")
            .order_by("created_at", "id")
        )
        if not posts:
            return 0
        first_threads = {post.thread_id: post.thread for post in posts if post.is_first}
        cases = {
            case.thread_id: case
            for case in ClinicalCase.objects.filter(thread_id__in=list(first_threads))  # empty: no query
        } if first_threads else {}  # fmt: skip
        texts = {
            post.pk: AuthorHiddenText(
                network_id=member.network_id, post=post, body=post.body, body_html=post.body_html,
                thread_title=post.thread.title if post.is_first else "",
                case_text={field: getattr(cases[post.thread_id], field) for field in CASE_TEXT}
                if post.is_first and post.thread_id in cases else {},
                hidden_at=now,
            )
            for post in posts
        }  # fmt: skip
        _mask_quotes(member, posts, texts)
        AuthorHiddenText.objects.bulk_create(texts.values())
        # An update of `body`: SQLite's search triggers take the words out of its index; PostgreSQL's
        # search vectors are computed from the row.
        Post.objects.filter(pk__in=[post.pk for post in posts]).update(
            body="", body_html=body_html, author_hidden_at=now
        )
        if first_threads:
            Thread.objects.filter(pk__in=list(first_threads)).update(title=title)
            ClinicalCase.objects.filter(thread_id__in=list(first_threads)).update(
                **dict.fromkeys(CASE_TEXT, "")
            )
        record(member.user, "posts.hide_old", member, detail=f"{len(posts)} posts before {until.date()}")
        transaction.on_commit(merge_search_index)
    return len(posts)


def restore_hidden_posts(member: Membership) -> int:
    """Show again, as they were, the posts `member` hid. Returns how many."""
    with transaction.atomic():
        hidden = list(
            AuthorHiddenText.objects.select_for_update()
            .filter(network_id=member.network_id, post__author=member)
            .select_related("post")
        )
        for item in hidden:
            _restore_quotes(item)
            Post.objects.filter(pk=item.post_id).update(
                body=item.body, body_html=item.body_html, author_hidden_at=None
            )
            if item.post.is_first:
                Thread.objects.filter(pk=item.post.thread_id).update(title=item.thread_title)
                if item.case_text:
                    ClinicalCase.objects.filter(thread_id=item.post.thread_id).update(**item.case_text)
        AuthorHiddenText.objects.filter(pk__in=[item.pk for item in hidden]).delete()
        if hidden:
            record(member.user, "posts.restore_hidden", member, detail=f"{len(hidden)} posts")
    return len(hidden)


def hidden_count(member: Membership) -> int:
    """How many of the member's posts are hidden by them (the page says so, and offers to restore)."""
    return Post.objects.filter(
        network_id=member.network_id, author=member, author_hidden_at__isnull=False
    ).count()
