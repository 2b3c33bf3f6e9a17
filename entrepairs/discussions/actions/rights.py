"""What discussions does for the members' rights (registered in apps.py with rights.registry):
erasing a persona's content, exporting it, and applying the network's retention to notifications.

Erasing, when the member chose to delete their posts: their replies are deleted; a thread they
started goes whole when nobody else wrote in it, otherwise it stays as a shell ("Deleted topic",
first post emptied, case text and photos gone, poll options renumbered) so that the others' replies
stay readable. When they chose to keep them, posts and threads are only signed by the network's
"deleted member" persona. Either way the old versions of their posts (revisions), their reactions,
votes, follows and notifications go, and SQLite's search index is merged so the deleted words leave it.

Expert notes the persona wrote under others' posts follow the same choice: deleted, or kept signed
"deleted member" (their source still says where the note comes from). Others' expert notes under a
first post emptied into a shell go with its text (they may quote it)."""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entrepairs.discussions.models import (
    AuthorHiddenText,
    Bookmark,
    CasePhoto,
    ClinicalCase,
    ExpertNote,
    Notification,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostRevision,
    Reaction,
    SpaceFollow,
    Thread,
    ThreadFollow,
)
from entrepairs.networks.models import Membership
from entrepairs.rights.registry import ExportPart

CASE_TEXT = ["context", "history", "examinations", "question", "conclusion"]


def erase_member_content(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    network_id = member.network_id
    files: list[tuple[object, str]] = []
    PostRevision.objects.filter(network_id=network_id, post__author=member).delete()
    Reaction.objects.filter(network_id=network_id, member=member).delete()
    PollVote.objects.filter(network_id=network_id, member=member).delete()
    ThreadFollow.objects.filter(network_id=network_id, member=member).delete()
    SpaceFollow.objects.filter(network_id=network_id, member=member).delete()
    Bookmark.objects.filter(network_id=network_id, member=member).delete()
    Notification.objects.filter(Q(recipient=member) | Q(actor=member), network_id=network_id).delete()
    notes = ExpertNote.objects.filter(network_id=network_id, author=member)
    if keep_posts:
        Post.objects.filter(network_id=network_id, author=member).update(author=ghost)
        Thread.objects.filter(network_id=network_id, author=member).update(author=ghost)
        notes.update(author=ghost)
    else:
        notes.delete()
        # The text of posts they hid from the members (actions/hide_old_posts.py) goes with them.
        AuthorHiddenText.objects.filter(network_id=network_id, post__author=member).delete()
        _delete_posts(member, ghost, files)
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    merge_search_index()


def _delete_posts(member: Membership, ghost: Membership, files: list) -> None:
    network_id = member.network_id
    with translation.override(member.network.language):
        deleted_title = _("Deleted topic")
    now = timezone.now()
    threads = Thread.objects.filter(network_id=network_id, author=member).annotate(
        others=Count("posts", filter=~Q(posts__author=member))
    )
    for thread in threads:
        _collect_photos(thread, files)
        if thread.others == 0:
            thread.delete()  # its posts, case, poll and photos with it
            continue
        thread.title, thread.author = deleted_title, ghost
        thread.save(update_fields=["title", "author"])
        Post.objects.filter(thread=thread, is_first=True).update(
            body="", body_html="", author=ghost, deleted_at=now
        )
        ExpertNote.objects.filter(post__thread=thread, post__is_first=True).delete()
        ClinicalCase.objects.filter(thread=thread).update(**dict.fromkeys(CASE_TEXT, ""))
        CasePhoto.objects.filter(case__thread=thread).delete()
        for number, option in enumerate(PollOption.objects.filter(poll__thread=thread), start=1):
            option.label = str(number)
            option.save(update_fields=["label"])
    replies = Post.objects.filter(network_id=network_id, author=member, is_first=False)
    touched = set(replies.values_list("thread_id", flat=True))
    replies.delete()
    for thread_id in touched:
        count = Post.objects.filter(
            thread_id=thread_id, is_first=False, deleted_at__isnull=True, approval_pending_since__isnull=True
        ).count()
        Thread.objects.filter(pk=thread_id).update(reply_count=count)


def _collect_photos(thread: Thread, files: list) -> None:
    photos = CasePhoto.objects.filter(case__thread=thread)
    files.extend(
        (stored.storage, stored.name)
        for photo in photos
        for stored in (photo.original, photo.blurred)
        if stored
    )


def merge_search_index() -> None:
    """SQLite's full-text index keeps deleted words in its segments until they are merged: merge
    them, so erased words leave every table at once. PostgreSQL's search vectors are generated
    columns and change with their row."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO discussions_post_fts(discussions_post_fts) VALUES('optimize')")


# --- Export ------------------------------------------------------------------------------------------
def export_member_content(user) -> ExportPart:
    """Threads and posts the account wrote (every network), with cases, polls, votes, reactions and
    case photos. Others appear by pseudonym only (the thread's author when not the account)."""
    part = ExportPart()
    posts = (
        Post.objects.filter(author__user=user)
        .select_related("thread", "network", "thread__author", "author_hidden_text")
        .order_by("network_id", "created_at", "id")
    )
    # Posts the member hid from the others (actions/hide_old_posts.py): their text is theirs.
    hidden = {post.pk: post.author_hidden_text for post in posts if post.author_hidden_at}
    part.sections["discussions.posts"] = [
        {
            "network": post.network.name,
            "thread_id": post.thread_id,
            "thread_title": hidden[post.pk].thread_title
            if post.is_first and post.pk in hidden
            else post.thread.title,
            "thread_kind": post.thread.kind,
            "first_post": post.is_first,
            "id": post.pk,
            "body": hidden[post.pk].body if post.pk in hidden else post.body,
            "hidden_from_members": post.pk in hidden,
            "created_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "deleted": post.deleted_at is not None,
        }
        for post in posts
    ]
    cases = ClinicalCase.objects.filter(thread__author__user=user).select_related("thread", "network")
    hidden_cases = {
        post.thread_id: hidden[post.pk].case_text for post in posts if post.pk in hidden and post.is_first
    }
    part.sections["discussions.cases"] = [
        {
            "network": case.network.name,
            "thread_id": case.thread_id,
            "age_band": case.age_band,
            "sex": case.sex,
            **{field: getattr(case, field) for field in CASE_TEXT},
            **hidden_cases.get(case.thread_id, {}),
            "status": case.status,
        }
        for case in cases
    ]
    polls = Poll.objects.filter(thread__author__user=user).prefetch_related("options")
    part.sections["discussions.polls"] = [
        {"thread_id": poll.thread_id, "options": [option.label for option in poll.options.all()]}
        for poll in polls
    ]
    votes = PollVote.objects.filter(member__user=user).select_related("option")
    part.sections["discussions.poll_votes"] = [
        {
            "poll_thread_id": vote.poll.thread_id,
            "option": vote.option.label,
            "at": vote.created_at.isoformat(),
        }
        for vote in votes.select_related("poll")
    ]
    reactions = Reaction.objects.filter(member__user=user)
    part.sections["discussions.reactions"] = [
        {"post_id": reaction.post_id, "kind": reaction.kind, "at": reaction.created_at.isoformat()}
        for reaction in reactions
    ]
    notes = (
        ExpertNote.objects.filter(author__user=user).select_related("network").order_by("created_at", "id")
    )
    part.sections["discussions.expert_notes"] = [
        {
            "network": note.network.name,
            "post_id": note.post_id,
            "body": note.body,
            "source": note.source,
            "created_at": note.created_at.isoformat(),
        }
        for note in notes
    ]
    # Saved posts and followed spaces: references only (the saved posts' text is others' words).
    part.sections["discussions.saved_posts"] = [
        {
            "post_id": bookmark.post_id,
            "thread_id": bookmark.post.thread_id,
            "at": bookmark.created_at.isoformat(),
        }
        for bookmark in Bookmark.objects.filter(member__user=user)
        .select_related("post")
        .order_by("created_at", "id")
    ]
    part.sections["discussions.followed_spaces"] = [
        {
            "network": follow.space.network.name,
            "space": follow.space.name,
            "at": follow.created_at.isoformat(),
        }
        for follow in SpaceFollow.objects.filter(member__user=user).select_related("space__network")
    ]
    photos = list(CasePhoto.objects.filter(case__thread__author__user=user).select_related("case"))
    part.sections["discussions.case_photo_captions"] = [
        {"thread_id": photo.case.thread_id, "photo_id": photo.pk, "caption": photo.caption}
        for photo in photos
        if photo.caption
    ]
    for photo in photos:
        for version, stored in (("original", photo.original), ("blurred", photo.blurred)):
            if stored:
                part.files.append((f"case-photos/{photo.pk}-{version}.jpg", stored))
    return part


# --- Retention ---------------------------------------------------------------------------------------
def apply_retention(network, retention, now) -> dict[str, int]:
    """Notifications older than the network's log retention go."""
    if not retention.logs_days:
        return {}
    cutoff = now - timedelta(days=retention.logs_days)
    deleted, _by_model = Notification.objects.filter(network=network, created_at__lt=cutoff).delete()
    return {"notifications": deleted}


def detach_member_content(member: Membership, former: Membership, before) -> int:
    """A fresh start (rights/actions/fresh_start.py): threads, posts and expert notes the persona
    wrote before `before` are signed by the network's former-member persona."""
    network_id = member.network_id
    moved = Post.objects.filter(network_id=network_id, author=member, created_at__lt=before).update(
        author=former
    )
    moved += Thread.objects.filter(network_id=network_id, author=member, created_at__lt=before).update(
        author=former
    )
    moved += ExpertNote.objects.filter(network_id=network_id, author=member, created_at__lt=before).update(
        author=former
    )
    return moved
