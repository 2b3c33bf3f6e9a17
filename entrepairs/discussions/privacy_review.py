"""The privacy guard run over what is already published (issue 16, "retroactive privacy"): posts
written before a check existed, or before the network tightened its policy, or before the scanner
learnt a new way people write, are listed for the moderators with what today's guard would do.

It reads only: a moderator then asks the author to edit, edits, or hides, through the usual tools.
The list says where and which kinds, never the values (moderators open the post to see it). The rule
path scans about a thousand posts a second, so a batch of BATCH posts answers in well under a second."""

from dataclasses import dataclass

from entrepairs.discussions import queries
from entrepairs.discussions.models import Post
from entrepairs.privacy import labels, policy

BATCH = 300


@dataclass(frozen=True)
class FlaggedPost:
    post: Post
    blocked: list[str]  # labels of the kinds today's policy blocks
    to_confirm: list[str]  # labels of the kinds it would ask to confirm


def flagged_posts(moderator, *, before: int | None = None) -> tuple[list[FlaggedPost], int | None]:
    """The posts of one batch that today's guard would stop or ask about, and where the next batch
    starts (None at the end)."""
    posts = queries.recent_posts_for_privacy_review(moderator, before=before, limit=BATCH)
    flagged = []
    for post in posts:
        context = policy.CASE if post.thread.kind == "case" and post.is_first else policy.TEXT
        fields = {"title": post.thread.title, "body": post.body} if post.is_first else {"body": post.body}
        verdict = policy.evaluate(fields, moderator.network, context=context)
        if verdict.blocked or verdict.to_confirm:
            flagged.append(
                FlaggedPost(
                    post,
                    [
                        labels.title(kind)
                        for kind in labels.in_order(item.finding.kind for item in verdict.blocked)
                    ],
                    [
                        labels.title(kind)
                        for kind in labels.in_order(item.finding.kind for item in verdict.to_confirm)
                    ],
                )
            )
    next_before = posts[-1].pk if len(posts) == BATCH else None
    return flagged, next_before
