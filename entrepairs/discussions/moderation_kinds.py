"""What of discussions can be reported (entrepairs.moderation.registry): a post or reply, and a
thread as a whole (a clinical case, a poll, a title). Registered from DiscussionsConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entrepairs.discussions import queries, services
from entrepairs.moderation.registry import ReportableKind, register


def _post_url(post):
    thread_url = reverse(
        "discussions:thread", kwargs={"slug": post.network.slug, "thread_id": post.thread_id}
    )
    return f"{thread_url}#post-{post.pk}"


def register_kinds():
    register(
        ReportableKind(
            name="post",
            label=_("Post"),
            find=queries.get_post_or_404,
            find_for_moderator=queries.post_for_moderator,
            author_of=lambda post: post.author,
            text_of=queries.post_text_for_moderator,
            url_of=_post_url,
            hide=lambda moderator, post: services.set_hidden(post, hidden=True),
            unhide=lambda moderator, post: services.set_hidden(post, hidden=False),
            redact=services.redact_post,
            approve=services.approve_pending,
        )
    )
    register(
        ReportableKind(
            name="thread",
            label=_("Thread"),
            find=queries.get_thread_or_404,
            find_for_moderator=queries.thread_for_moderator,
            author_of=lambda thread: thread.author,
            text_of=queries.thread_text,
            url_of=lambda thread: reverse(
                "discussions:thread", kwargs={"slug": thread.network.slug, "thread_id": thread.pk}
            ),
            hide=lambda moderator, thread: services.set_hidden(thread, hidden=True),
            unhide=lambda moderator, thread: services.set_hidden(thread, hidden=False),
            approve=services.approve_pending,
        )
    )
