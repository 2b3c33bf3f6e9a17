from django.utils import timezone

from entrepairs.discussions import services
from entrepairs.discussions.models import Post, Space, Thread


def space_of(network) -> Space:
    services.ensure_default_spaces(network)
    return Space.objects.filter(network=network).first()


def thread_factory(author, *, kind="discussion", replies=0, title="Fatigue après la chimio", repliers=()):
    """A thread by `author` with `replies` replies (by `repliers` in turn, else the author). Built
    directly, so that factories are not slowed down by the posting rate limit."""
    network = author.network
    thread = Thread.objects.create(
        network=network, space=space_of(network), author=author, kind=kind, title=title
    )
    Post.objects.create(network=network, thread=thread, author=author, body="Premier message.",
                        body_html="<p>Premier message.</p>", is_first=True)  # fmt: skip
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            network=network,
            thread=thread,
            author=repliers[index % len(repliers)] if repliers else author,
            body=f"Réponse {index}",
            body_html=f"<p>Réponse {index}</p>",
            created_at=now + timezone.timedelta(seconds=index + 1),
        )  # fmt: skip
        for index in range(replies)
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=replies)
    thread.refresh_from_db()
    return thread
