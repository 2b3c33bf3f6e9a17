"""Synthetic demo discussions for `seed_demo`: plausible, invented, never about real people.

Each demo network gets its own threads (demo_content.py): questions with an accepted answer, a
discussion or two, a poll with votes, a clinical case in professional networks, the welcome thread
with a few introductions, reactions, and some unread replies and notifications for the demo logins
(the first three members of each network), so that the home's panels and badges show what is alive.
Networks that are not demo networks get nothing. Idempotent: a network with threads is left as is."""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from entrepairs.discussions import demo_content, markdown
from entrepairs.discussions.actions.living import ensure_welcome_thread
from entrepairs.discussions.models import (
    ClinicalCase,
    Notification,
    Poll,
    PollOption,
    PollVote,
    Post,
    Reaction,
    Space,
    Thread,
    ThreadFollow,
)
from entrepairs.discussions.services import ensure_default_spaces
from entrepairs.networks.models import Membership, Network

# The demo logins printed by seed_demo are each network's first three members.
DEMO_LOGINS = 3


@transaction.atomic
def seed_for_demo(network: Network) -> int:
    """`manage.py seed_demo`'s share (registered in DiscussionsConfig.ready)."""
    return seed(network)


def _ensure_spaces(network: Network) -> list[Space]:
    if network.language == "en" and not Space.objects.filter(network=network).exists():
        Space.objects.bulk_create(
            Space(network=network, name=name, slug=slugify(name), description=description, position=index)
            for index, (name, description) in enumerate(demo_content.ENGLISH_SPACES)
        )
    ensure_default_spaces(network)
    return list(Space.objects.filter(network=network).order_by("position", "id"))


def seed(network: Network) -> int:
    """Fill a demo network with its threads once. Returns the number of posts created (0 if done)."""
    threads = demo_content.THREADS.get(network.slug)
    if not threads or Thread.objects.filter(network=network).exists():
        return 0
    members = list(
        Membership.objects.filter(network=network, status=Membership.Status.ACTIVE).order_by(
            "requested_at", "id"
        )
    )
    if len(members) < 4:
        return 0
    rng = random.Random(network.slug)  # noqa: S311 - demo content, not security
    spaces = _ensure_spaces(network)
    now = timezone.now()
    created = _welcome(network, members, now)
    logins = members[:DEMO_LOGINS]
    for index, spec in enumerate(threads):
        # Newest threads last in the list, a few days apart.
        start = now - timezone.timedelta(days=3 * (len(threads) - index), hours=rng.randint(1, 9))
        author = members[(index * 5 + 3) % len(members)]
        thread, posts = _thread(network, spaces, spec, author, members, start, rng)
        created += len(posts)
        if spec.kind == Thread.Kind.POLL:
            _poll(network, thread, members, rng)
        if spec.kind == Thread.Kind.CASE:
            ClinicalCase.objects.create(network=network, thread=thread, **demo_content.CASES[network.slug])
        _reactions(network, posts, members, rng)
        # The demo logins follow some threads and have not read their last replies yet: the home shows
        # them as new, and the bell counts them.
        for login in logins:
            if login.pk == author.pk or index % 2 == 0:
                _follow_unread(network, thread, login, posts)
    return created


def _post(network, thread, author, body, at, *, first=False):
    return Post(network=network, thread=thread, author=author, body=body, body_html=markdown.render(body),
                is_first=first, created_at=at)  # fmt: skip


def _thread(network, spaces, spec, author, members, start, rng):
    others = [member for member in members if member.pk != author.pk]
    rng.shuffle(others)
    last = start + timezone.timedelta(hours=len(spec.replies) * 3)
    thread = Thread.objects.create(
        network=network, space=spaces[min(spec.space, len(spaces) - 1)], author=author, kind=spec.kind,
        title=spec.title, created_at=start, last_activity_at=last, reply_count=len(spec.replies),
    )  # fmt: skip
    rows = [_post(network, thread, author, spec.body, start, first=True)]
    for number, text in enumerate(spec.replies, start=1):
        # The asker thanks the others in their own last line when it says thank you.
        replier = author if text.startswith(("Merci beaucoup", "Thanks")) else others[number % len(others)]
        rows.append(_post(network, thread, replier, text, start + timezone.timedelta(hours=number * 3)))
    posts = Post.objects.bulk_create(rows)
    if spec.accepted is not None:
        thread.accepted_answer = posts[spec.accepted + 1]
        thread.save(update_fields=["accepted_answer"])
    return thread, posts


def _welcome(network, members, now) -> int:
    admin = next((member for member in members if member.role == Membership.Role.ADMIN), members[0])
    thread = ensure_welcome_thread(network, author=admin)
    Thread.objects.filter(pk=thread.pk).update(created_at=now - timezone.timedelta(days=40))
    Post.objects.filter(thread=thread).update(created_at=now - timezone.timedelta(days=40))
    introductions = demo_content.INTRODUCTIONS.get(network.slug, ())
    rows = [
        _post(network, thread, members[-2 - index], text, now - timezone.timedelta(days=10 - 3 * index))
        for index, text in enumerate(introductions)
    ]
    Post.objects.bulk_create(rows)
    if rows:
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=len(rows), last_activity_at=rows[-1].created_at
        )
    return len(rows) + 1


def _poll(network, thread, members, rng):
    poll = Poll.objects.create(network=network, thread=thread, results=Poll.Results.VOTERS)
    options = PollOption.objects.bulk_create(
        PollOption(network=network, poll=poll, label=label, position=position)
        for position, label in enumerate(demo_content.POLLS[network.slug])
    )
    # Everyone but the demo logins voted: they find a poll waiting for their answer.
    PollVote.objects.bulk_create(
        PollVote(network=network, poll=poll, option=rng.choice(options), member=member)
        for member in members[DEMO_LOGINS:]
    )


def _reactions(network, posts, members, rng):
    kinds = (
        [Reaction.Kind.THANKS, Reaction.Kind.ME_TOO, Reaction.Kind.COURAGE]
        if network.kind == Network.Kind.PATIENTS
        else [Reaction.Kind.USEFUL, Reaction.Kind.THANKS]
    )
    rows = {}
    for post in posts[1:]:
        for member in rng.sample(members, k=min(3, len(members))):
            if member.pk != post.author_id:
                kind = rng.choice(kinds)
                rows[(post.pk, member.pk, kind)] = Reaction(
                    network=network, post=post, member=member, kind=kind
                )
    Reaction.objects.bulk_create(rows.values())


def _follow_unread(network, thread, login, posts):
    """The login follows the thread, read up to its second-to-last reply: the last one is new."""
    if len(posts) < 2:
        return
    last = posts[-1]
    ThreadFollow.objects.get_or_create(
        thread=thread, member=login,
        defaults={"network": network, "last_read_at": posts[-2].created_at, "created_at": thread.created_at},
    )  # fmt: skip
    if last.author_id != login.pk:
        Notification.objects.create(
            network=network, recipient=login, actor_id=last.author_id, kind=Notification.Kind.REPLY,
            thread=thread, post=last, created_at=last.created_at,
        )  # fmt: skip
