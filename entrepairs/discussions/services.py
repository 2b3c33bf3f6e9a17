"""Every write about discussions. Functions take the acting membership, validate, change state."""

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entrepairs import throttles
from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.audit.services import record
from entrepairs.discussions import markdown, queries
from entrepairs.discussions.actions import notifications
from entrepairs.discussions.models import (
    AuthorHiddenText,
    ExpertNote,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Space,
    Thread,
    ThreadFollow,
)
from entrepairs.errors import ActionRefused
from entrepairs.moderation import queries as moderation_queries
from entrepairs.moderation import services as moderation
from entrepairs.moderation import watched_words
from entrepairs.networks import access, trust
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy import policy
from entrepairs.privacy import services as privacy

MAX_BODY = 20_000
MAX_TITLE = 160
POSTS_PER_MINUTE = 10


def ensure_default_spaces(network: Network) -> None:
    """Create the default spaces of a network once (idempotent)."""
    if Space.objects.filter(network=network).exists():
        return
    Space.objects.bulk_create(queries.default_spaces(network), ignore_conflicts=True)


def get_space_for_writing(member: Membership, space_slug: str) -> Space:
    """The saved space a new thread, case or poll goes in, or that an administrator changes (Http404
    if the network has none so called).

    A network's default spaces are created here, at the first write that needs a space, and not on
    a read (pages only show them unsaved, queries.spaces) nor when the network is created: networks,
    the foundation, does not know discussions, a feature, and networks created before this rule get
    them the same way."""
    ensure_default_spaces(member.network)
    return queries.get_space_or_404(member, space_slug)


def _check_body(body: str) -> str:
    # Control characters have no place in a message (and two of them mark search highlights).
    body = "".join(ch for ch in (body or "") if ch in "\n\t" or ch >= " ").strip()
    if not body:
        raise ActionRefused("empty_body", _("Write a message before publishing."), field="body")
    if len(body) > MAX_BODY:
        raise ActionRefused(
            "body_too_long",
            _("A message has at most %(max)d characters (yours has %(length)d).")
            % {"max": MAX_BODY, "length": len(body)},
            field="body",
        )
    return body


def _check_rate(member: Membership, body: str) -> None:
    """A member suspended by a moderator does not publish at all until the suspension ends; then at
    most POSTS_PER_MINUTE posts a minute per persona, then the member's trust level's limits (links
    in the post, posts this hour: networks/trust.py); the message says how long to wait."""
    moderation.require_not_suspended(member)
    verdict = throttles.hit("post", member.pk, limit=POSTS_PER_MINUTE, seconds=60)
    if not verdict.allowed:
        raise ActionRefused(
            "rate_limited",
            _("You are posting very fast. Please wait %(seconds)d seconds; your text is kept.")
            % {"seconds": verdict.retry_after},
            status=429,
            retry_after=verdict.retry_after,
        )
    trust.check_post(member, body)


STRUCTURED_KINDS = (Thread.Kind.CASE, Thread.Kind.POLL)


def render_body(member: Membership, body: str) -> str:
    """A post's HTML, its mentions of members as chips linking to their profiles in this network
    (one query when the text mentions someone, none otherwise)."""
    mentioned = access.mentioned_members(member, [body])
    links = {
        person.display_name: reverse(
            "networks:member_detail", kwargs={"slug": member.network.slug, "member_id": person.pk}
        )
        for person in mentioned
    }
    return markdown.render(body, mentions=links)


def allowed_kinds(network) -> list[str]:
    """The kinds of thread a network offers, in the order of the new-thread page: clinical cases in
    professional networks only."""
    kinds = [Thread.Kind.DISCUSSION, Thread.Kind.QUESTION, Thread.Kind.POLL]
    if network.kind == network.Kind.PROFESSIONALS:
        kinds.append(Thread.Kind.CASE)
    return [str(kind) for kind in kinds]


def create_thread(
    member: Membership,
    space: Space,
    *,
    title: str,
    body: str,
    kind: str = Thread.Kind.DISCUSSION,
    confirm_privacy=(),
    clearance: privacy.Clearance | None = None,
) -> Thread:
    """`confirm_privacy`: the kinds of personal data the author confirmed for this submission.
    `clearance`: given by clinical cases and polls, which check all their fields themselves."""
    if space.network_id != member.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    title = " ".join((title or "").split())
    if not 3 <= len(title) <= MAX_TITLE:
        raise ActionRefused(
            "invalid_title",
            _("A title has between 3 and %(max)d characters.") % {"max": MAX_TITLE},
            field="title",
        )
    if kind not in Thread.Kind.values:
        raise ActionRefused("invalid_kind", _("Unknown kind of thread."), field="kind")
    if clearance is None and kind in STRUCTURED_KINDS:
        # A clinical case or a poll has its structured part: only create_case / create_poll (which
        # check every field and pass their clearance) make one, never a bare thread of that kind.
        raise ActionRefused("invalid_kind", _("Use the form of this kind of thread."), field="kind")
    body = _check_body(body)
    if clearance is None:
        clearance = privacy.check(member, {"title": title, "body": body}, confirmed=confirm_privacy)
    _check_rate(member, body)
    screening = watched_words.screen(member, {"title": title, "body": body})
    title, body = screening.fields["title"], screening.fields["body"]
    pending = screening.needs_approval or _first_posts_wait(member)
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            network_id=member.network_id, space=space, author=member, kind=kind, title=title,
            created_at=now, last_activity_at=now, approval_pending_since=now if pending else None,
        )  # fmt: skip
        first = Post.objects.create(
            network_id=member.network_id, thread=thread, author=member, body=body,
            body_html=render_body(member, body), is_first=True, created_at=now,
        )  # fmt: skip
        privacy.record(member, clearance, first)
        # Crisis response: published all the same; the author is shown support lines at once.
        thread.support = moderation.respond_to_distress(member, "post", first, f"{title}\n{body}")
        moderation.flag_watched_words(member, "thread", thread, screening.flagged)
        follow_thread(member, thread)
        if pending:  # nobody hears of it before a moderator approves it
            moderation.hold_for_approval(member, "thread", thread, because_of_words=screening.needs_approval)
        else:
            transaction.on_commit(lambda: notifications.notify_new_post(first.pk))
    return thread


def _first_posts_wait(member: Membership) -> bool:
    """The network holds a new member's first N posts for approval (moderation settings): does this
    one wait? Moderators' posts never do."""
    if member.is_moderator:
        return False
    waiting = moderation_queries.first_posts_needing_approval(member.network)
    if not waiting:
        return False
    return Post.objects.filter(author=member, network_id=member.network_id).count() < waiting


def post_reply(member: Membership, thread: Thread, *, body: str, confirm_privacy=()) -> Post:
    if thread.network_id != member.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    if thread.deleted_at is not None:
        raise ActionRefused(
            "thread_deleted", _("This thread has been deleted: replies are closed."), status=409
        )
    body = _check_body(body)
    clearance = privacy.check(member, {"body": body}, confirmed=confirm_privacy)
    _check_rate(member, body)
    screening = watched_words.screen(member, {"body": body})
    body = screening.fields["body"]
    pending = screening.needs_approval or _first_posts_wait(member)
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            network_id=member.network_id, thread=thread, author=member, body=body,
            body_html=render_body(member, body), created_at=now, approval_pending_since=now if pending else None,
        )  # fmt: skip
        privacy.record(member, clearance, post)
        post.support = moderation.respond_to_distress(member, "post", post, body)
        if not pending:  # a held reply is counted when approved: until then only its author sees it
            _count_reply(thread.pk, now)
        # Posting follows the thread, unless the member muted it: a follow already there, muted or
        # not, stays as it is. One INSERT ... ON CONFLICT DO NOTHING (get_or_create read first, then
        # inserted inside a savepoint: up to four statements on every reply).
        ThreadFollow.objects.bulk_create(
            [ThreadFollow(network_id=member.network_id, thread=thread, member=member)], ignore_conflicts=True
        )
        moderation.flag_watched_words(member, "post", post, screening.flagged)
        if pending:  # nobody hears of it before a moderator approves it
            moderation.hold_for_approval(member, "post", post, because_of_words=screening.needs_approval)
        elif thread.approval_pending_since is None:  # in a held thread: told when the thread is approved
            post.network = member.network  # the page gate's row: what the notification links with
            transaction.on_commit(lambda: notifications.notify_new_post(post.pk, post=post))
    return post


def _count_reply(thread_id: int, at) -> None:
    # F() so that two replies at once both count; Greatest so that a late approval never moves the
    # thread's activity backwards.
    Thread.objects.filter(pk=thread_id).update(
        reply_count=F("reply_count") + 1, last_activity_at=Greatest(F("last_activity_at"), Value(at))
    )


def approve_pending(moderator: Membership, item: Post | Thread) -> None:
    """A moderator approves a held post or thread (moderation's queue, entrepairs.moderation.registry):
    it is published now, so it is counted now (the thread's replies and activity: members' unread
    marks follow) and its followers and the members it mentions are told now, as they would have been
    had it not been held. The conditional update makes a second approval a no-op."""
    now = timezone.now()
    with transaction.atomic():
        published = (
            type(item)
            .objects.filter(pk=item.pk, approval_pending_since__isnull=False)
            .update(approval_pending_since=None)
        )
        item.approval_pending_since = None
        if not published:
            return
        if isinstance(item, Thread):
            Thread.objects.filter(pk=item.pk).update(last_activity_at=now)
            # The opening post, then the replies already published inside the held thread (by its
            # author or a moderator), whose mentions waited for the thread.
            announced = list(
                Post.objects.filter(
                    thread=item, deleted_at__isnull=True, hidden_at__isnull=True,
                    approval_pending_since__isnull=True,
                ).order_by("created_at", "id").values_list("pk", flat=True)
            )  # fmt: skip
        else:
            if item.deleted_at is None and not item.is_first:
                _count_reply(item.thread_id, now)
            thread_held = Thread.objects.filter(pk=item.thread_id, approval_pending_since__isnull=False)
            announced = [] if item.deleted_at or item.hidden_at or thread_held.exists() else [item.pk]
        for post_id in announced:
            transaction.on_commit(lambda post_id=post_id: notifications.notify_new_post(post_id))


def may_edit_post(member: Membership, post: Post) -> bool:
    """Only its author rewrites a post (moderators hide or delete it, never put words in it)."""
    return post.author_id == member.pk


def may_accept_answer(member: Membership, thread: Thread) -> bool:
    """The person who asked, or a moderator, chooses a question's accepted answer."""
    return thread.author_id == member.pk or member.is_moderator


def edit_post(member: Membership, post: Post, *, body: str, confirm_privacy=()) -> Post:
    if not may_edit_post(member, post):
        raise ActionRefused("forbidden", _("You can only edit your own messages."), status=403)
    if post.deleted_at is not None:
        raise ActionRefused("post_deleted", _("This message has been deleted."), status=409)
    if post.author_hidden_at is not None:
        # Its text is apart (actions/hide_old_posts.py): an edit would publish it again, half-way.
        raise ActionRefused(
            "post_hidden_by_author",
            _("You hid this message: show your old messages again to edit it."),
            status=409,
        )
    body = _check_body(body)
    body = watched_words.screen(member, {"body": body}, approval_possible=False).fields["body"]
    if body == post.body:
        return post
    trust.check_links(member, body)  # an edit is not a new post: only its links count
    # The opening post of a clinical case is its question: a field of the case.
    context = policy.CASE if post.is_first and post.thread.kind == Thread.Kind.CASE else policy.TEXT
    clearance = privacy.check(member, {"body": body}, confirmed=confirm_privacy, context=context)
    with transaction.atomic():
        privacy.record(member, clearance, post)
        PostRevision.objects.create(network_id=post.network_id, post=post, body=post.body)
        post.body = body
        post.body_html = render_body(member, body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "body_html", "edited_at"])
        post.support = moderation.respond_to_distress(member, "post", post, body)
    return post


def may_delete(member: Membership, item: Post | Thread) -> bool:
    """Authors delete their own posts and threads; moderators anyone's."""
    return item.author_id == member.pk or member.is_moderator


def _moderator_deleting(member: Membership, item: Post | Thread, *, reason: str, confirmed: bool) -> str:
    """Checks for deleting someone else's post or thread: the moderator's role with two-factor, then a
    reason (the author is told it) and a confirmation. Returns the cleaned reason ("" for the author)."""
    if not may_delete(member, item):
        raise ActionRefused("forbidden", _("You can only delete your own messages."), status=403)
    if item.author_id == member.pk:
        return ""
    require_mfa_for_role(member)  # a moderator's power, whichever page or route it comes from
    reason = " ".join((reason or "").split())
    if not reason:
        raise ActionRefused("reason_required", _("Give the reason: the author is told."), field="reason")
    if len(reason) > moderation.REASON_MAX:
        raise ActionRefused("reason_too_long", _("Keep the reason under 500 characters."), field="reason")
    if not confirmed:
        raise ActionRefused("confirmation_required", _("Confirm this action: tick the box."), field="confirm")
    return reason


def delete_post(member: Membership, post: Post, *, reason: str = "", confirmed: bool = False) -> None:
    """Authors delete their own posts, moderators anyone's with a reason the author is told and a
    confirmation. The text stays for moderators. Deleting a thread's first post deletes that post only:
    the thread, its title and the replies stay (deleting the thread is `delete_thread`)."""
    reason = _moderator_deleting(member, post, reason=reason, confirmed=confirmed)
    if post.deleted_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        post.deleted_at = now
        post.save(update_fields=["deleted_at"])
        if not post.is_first and post.approval_pending_since is None:  # a held reply was never counted
            Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        if reason:
            moderation.tell_author(member, post.author, "post", post.pk, action="delete_post", reason=reason)


def delete_thread(member: Membership, thread: Thread, *, reason: str = "", confirmed: bool = False) -> None:
    """The whole thread goes for members (moderators still see it): its author's choice, or a
    moderator's with a reason the author is told and a confirmation."""
    reason = _moderator_deleting(member, thread, reason=reason, confirmed=confirmed)
    if thread.deleted_at is not None:
        return
    with transaction.atomic():
        thread.deleted_at = timezone.now()
        Thread.objects.filter(pk=thread.pk).update(deleted_at=thread.deleted_at)
        if reason:
            moderation.tell_author(
                member, thread.author, "thread", thread.pk, action="delete_thread", reason=reason
            )


def toggle_reaction(member: Membership, post: Post, kind: str) -> bool:
    """Adds the reaction, or removes it if already there. Returns whether it is now present."""
    if kind not in dict(Reaction.kinds_for(member.network)):
        raise ActionRefused("invalid_reaction", _("Unknown reaction."), field="kind")
    if post.network_id != member.network_id or post.deleted_at is not None:
        raise ActionRefused("not_found", _("Not found."), status=404)
    removed, _count = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(network_id=post.network_id, post=post, member=member, kind=kind)
    except IntegrityError:
        pass  # a double click already added it
    return True


def accept_answer(member: Membership, post: Post) -> Thread:
    thread = post.thread
    if thread.kind != Thread.Kind.QUESTION:
        raise ActionRefused("not_a_question", _("Only questions have an accepted answer."), status=409)
    if not may_accept_answer(member, thread):
        raise ActionRefused(
            "forbidden",
            _("Only the person who asked, or a moderator, chooses the accepted answer."),
            status=403,
        )
    if thread.author_id != member.pk:
        require_mfa_for_role(member)
    if post.is_first or post.deleted_at is not None:
        raise ActionRefused("invalid_answer", _("Choose a reply as the answer."), status=409)
    if post.approval_pending_since is not None:  # members would be shown an answer they cannot read
        raise ActionRefused(
            "invalid_answer", _("This reply awaits a moderator's approval: approve it first."), status=409
        )
    with transaction.atomic():
        thread.accepted_answer = post
        thread.save(update_fields=["accepted_answer"])
        transaction.on_commit(lambda: notifications.notify_accepted(thread, member))
    return thread


def follow_thread(member: Membership, thread: Thread, *, muted: bool = False) -> ThreadFollow:
    follow, _created = ThreadFollow.objects.update_or_create(
        network_id=member.network_id, thread=thread, member=member, defaults={"muted": muted}
    )
    return follow


def unfollow_thread(member: Membership, thread: Thread) -> None:
    ThreadFollow.objects.filter(thread=thread, member=member).delete()


def mark_notifications_read(member: Membership, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def open_notification(member: Membership, notification: Notification) -> int:
    """Opening a notification reads it, and with it the unread ones of the same kind in the same
    thread (they were shown as one line: "12 new replies in …"). Returns how many were marked."""
    return Notification.objects.filter(
        recipient=member, network_id=member.network_id, thread_id=notification.thread_id,
        kind=notification.kind, read_at__isnull=True,
    ).update(read_at=timezone.now())  # fmt: skip


def mark_thread_read(member: Membership, thread: Thread, follow: ThreadFollow | None) -> None:
    """Opening a followed thread clears its unread marker. Writes only when the read position moves:
    nothing for non-followers nor for a thread already read since its last activity, so that reading
    (most requests) costs no write, no row version and no WAL.

    `follow` is the member's follow of `thread` as the page loaded it (queries.my_follow). The mark
    moves to the thread's last activity as loaded with the page, never to "now": a reply arriving
    while the page renders stays unread. Greatest() keeps two tabs from moving it back."""
    if follow is None or follow.member_id != member.pk or follow.last_read_at >= thread.last_activity_at:
        return
    ThreadFollow.objects.filter(pk=follow.pk).update(
        last_read_at=Greatest(F("last_read_at"), Value(thread.last_activity_at))
    )
    follow.last_read_at = thread.last_activity_at


def quote(post: Post) -> str:
    """The Markdown that starts a reply quoting `post`, attributed to its author's pseudonym."""
    # A post hidden by its author has no text here (actions/hide_old_posts.py): nothing is quoted.
    lines = [f"> {line}" if line else ">" for line in post.body.splitlines()[:20]]
    return f"**{post.author.display_name}** :\n" + "\n".join(lines) + "\n\n"


def _require_admin(member: Membership) -> None:
    if not member.is_admin:
        raise ActionRefused(
            "forbidden", _("Only administrators of this network manage its spaces."), status=403
        )
    require_mfa_for_role(member)


def create_space(admin: Membership, *, name: str, description: str = "") -> Space:
    _require_admin(admin)
    ensure_default_spaces(admin.network)  # the first space written: the defaults come first
    name = " ".join((name or "").split())
    slug = slugify(name)
    if not 2 <= len(name) <= 80 or not slug:
        raise ActionRefused(
            "invalid_space_name", _("A space name has between 2 and 80 characters."), field="name"
        )
    description = (description or "")[:300]
    privacy.check_place_name(admin, {"name": name, "description": description})
    if Space.objects.filter(network_id=admin.network_id, slug=slug).exists():
        raise ActionRefused(
            "space_exists", _("This network already has a space with this name."), field="name"
        )
    position = Space.objects.filter(network_id=admin.network_id).count()
    return Space.objects.create(
        network_id=admin.network_id,
        name=name,
        slug=slug,
        description=description,
        position=position,
    )


def update_space(admin: Membership, space: Space, *, name: str, description: str, position: int) -> Space:
    """Renaming keeps the address (slug), so links to the space keep working."""
    _require_admin(admin)
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 80:
        raise ActionRefused(
            "invalid_space_name", _("A space name has between 2 and 80 characters."), field="name"
        )
    description = (description or "")[:300]
    privacy.check_place_name(admin, {"name": name, "description": description})
    space.name, space.description, space.position = (
        name,
        description,
        max(0, min(position, 1000)),
    )
    space.save(update_fields=["name", "description", "position"])
    return space


def delete_space(admin: Membership, space: Space) -> None:
    _require_admin(admin)
    if space.threads.exists():
        raise ActionRefused("space_not_empty", _("This space has threads: it cannot be deleted."), status=409)
    if Space.objects.filter(network_id=admin.network_id).count() <= 1:
        raise ActionRefused("last_space", _("A network keeps at least one space."), status=409)
    space.delete()


# --- Moderation's operations on discussions (entrepairs.moderation decides who may) --------------
def set_hidden(item: Post | Thread, *, hidden: bool) -> None:
    """A moderator hides a post or a thread from members (kept for moderators), or shows it again."""
    item.hidden_at = timezone.now() if hidden else None
    type(item).objects.filter(pk=item.pk).update(hidden_at=item.hidden_at)


def redact_post(moderator: Membership, post: Post, text: str) -> None:
    """The moderator's version without the personal data replaces the text. No PostRevision: the
    original is kept by moderation for the audit only, never on the thread page."""
    html = render_body(moderator, text)
    if post.author_hidden_at:
        # Hidden by its author: the redacted text stays hidden, where the author would restore it from.
        AuthorHiddenText.objects.filter(post=post).update(body=text, body_html=html)
        return
    post.body, post.body_html = text, html
    Post.objects.filter(pk=post.pk).update(body=post.body, body_html=post.body_html)


# --- Expert notes --------------------------------------------------------------------------------
NOTE_MAX = 2000


def may_add_expert_note(member: Membership) -> bool:
    """The network's moderators, and in patient networks that admit them, verified professionals."""
    return member.is_moderator or moderation_queries.is_expert(member)


def add_expert_note(
    member: Membership, post: Post, *, body: str, source: str, confirm_privacy=()
) -> ExpertNote:
    """A sourced note under a post (a study, a guideline, a package leaflet): refused without a
    source. Checked under the network's privacy policy like a reply (every member reads it). Audited;
    the post's author is told."""
    if post.network_id != member.network_id or post.deleted_at is not None:
        raise ActionRefused("not_found", _("Not found."), status=404)
    if not may_add_expert_note(member):
        raise ActionRefused(
            "forbidden", _("Only moderators and verified professionals add expert notes here."), status=403
        )
    if member.is_moderator:
        require_mfa_for_role(member)
    body = " ".join((body or "").split(" ")).strip()
    source = " ".join((source or "").split())
    if not body:
        raise ActionRefused("empty_body", _("Write the note."), field="body")
    if len(body) > NOTE_MAX:
        raise ActionRefused("body_too_long", _("A note has at most 2000 characters."), field="body")
    if len(source) < 5:
        raise ActionRefused(
            "source_required", _("Give your source: a reference or a link people can check."), field="source"
        )
    clearance = privacy.check(member, {"body": body, "source": source}, confirmed=confirm_privacy)
    with transaction.atomic():
        note = ExpertNote.objects.create(
            network_id=member.network_id, post=post, author=member, body=body, source=source[:500]
        )
        privacy.record(member, clearance, note)
        record(member.user, "expert_note.add", note)
    return note


def audit_hidden_read(member: Membership, thread: Thread, posts: list[Post]) -> None:
    """A moderator shown content hidden by moderation (a hidden thread, hidden posts on the page):
    audited, like every moderator read of protected content. Nothing for members (they never see
    it) and no query when nothing on the page is hidden."""
    if not member.is_moderator:
        return
    hidden = [post.pk for post in posts if post.hidden_at]
    if thread.hidden_at or hidden:
        detail = "thread" if thread.hidden_at else f"{len(hidden)} hidden posts"
        record(member.user, "hidden_content.read", thread, detail=detail)
