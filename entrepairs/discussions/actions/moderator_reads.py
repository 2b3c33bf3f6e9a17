"""Moderators read what members no longer see (deleted threads and posts, the earlier versions of
edited posts, posts hidden by their author): each such read writes one audit row (SECURITY.md, "every staff/moderator read of
protected content"), on pages and in the API alike."""

from entrepairs.audit.services import record
from entrepairs.discussions.models import Post, Thread
from entrepairs.networks.models import Membership


def audit_hidden_reads(
    member: Membership,
    thread: Thread,
    posts: list[Post],
    revisions: dict | None = None,
    author_hidden: dict | None = None,
) -> None:
    """One row per page shown, naming the thread and counting what was hidden (never its text)."""
    if not member.is_moderator:
        return
    deleted_posts = sum(1 for post in posts if post.deleted_at)
    revised = len(revisions or {})
    # Posts their author hid from the members (actions/hide_old_posts.py), shown to the moderator.
    hidden_by_author = len(author_hidden or {})
    if not (thread.deleted_at or deleted_posts or revised or hidden_by_author):
        return
    parts = []
    if thread.deleted_at:
        parts.append("deleted thread")
    if deleted_posts:
        parts.append(f"{deleted_posts} deleted posts")
    if revised:
        parts.append(f"earlier versions of {revised} posts")
    if hidden_by_author:
        parts.append(f"{hidden_by_author} posts hidden by their author")
    record(member.user, "hidden.read", thread, detail=", ".join(parts))
