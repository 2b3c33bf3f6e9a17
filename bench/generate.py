"""Fill the configured database with N synthetic posts across networks, fast (bulk inserts).

    python -m bench.generate --posts 100000
    DATABASE_URL=postgres://... python -m bench.generate --posts 100000

Creates (once) a few networks with members, then threads of 20 posts on average. The text is drawn
from a small synthetic French/English vocabulary so that search has something to find."""

import argparse
import os
import random
import sys
import time

WORDS = (
    "fatigue traitement chimiothérapie radiothérapie sommeil douleur nausées rendez-vous équipe soutien "
    "famille travail reprise alimentation marche courage merci question conseil effet secondaire perruque "
    "foulard kiné respiration stress anxiety sleep treatment pain tired support family nurse appointment "
    "infirmière pharmacien ordonnance posologie interaction surveillance recommandation cas clinique bilan"
).split()


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
    import django

    django.setup()


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def generate(posts: int, *, networks: int = 4, members_per_network: int = 50, seed: int = 7) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from entrepairs.accounts.models import User
    from entrepairs.discussions.models import Post, Space, Thread
    from entrepairs.discussions.services import ensure_default_spaces
    from entrepairs.networks.models import Membership, Network

    rng = random.Random(seed)
    password = make_password(None)
    started = time.perf_counter()
    with transaction.atomic():
        nets = []
        for index in range(networks):
            network, _ = Network.objects.get_or_create(
                slug=f"bench-{index}", defaults={"name": f"Réseau de mesure {index}", "kind": "patients"}
            )
            ensure_default_spaces(network)
            nets.append(network)
            if not network.memberships.exists():
                users = User.objects.bulk_create(
                    User(email=f"bench-{index}-{n}@example.test", password=password)
                    for n in range(members_per_network)
                )
                Membership.objects.bulk_create(
                    Membership(
                        network=network,
                        user=user,
                        display_name=f"Membre {index}-{n}",
                        member_type="patient",
                        joined_at=timezone.now(),
                    )  # fmt: skip
                    for n, user in enumerate(users)
                )
        members = {n.pk: list(n.memberships.all()) for n in nets}
        spaces = {n.pk: list(Space.objects.filter(network=n)) for n in nets}
    created = 0
    now = timezone.now()
    batch = 5000
    while created < posts:
        with transaction.atomic():
            threads = []
            for _ in range(max(1, batch // 20)):
                network = rng.choice(nets)
                moment = now - timezone.timedelta(minutes=rng.randint(0, 500_000))
                threads.append(Thread(network=network, space=rng.choice(spaces[network.pk]),
                                      author=rng.choice(members[network.pk]), title=sentence(rng, 6)[:150],
                                      kind=rng.choice(["discussion", "question"]), created_at=moment,
                                      last_activity_at=moment))  # fmt: skip
            Thread.objects.bulk_create(threads)
            rows = []
            for thread in threads:
                count = min(rng.randint(1, 39), posts - created - len(rows))
                for position in range(count):
                    body = " ".join(sentence(rng, rng.randint(8, 25)) for _ in range(rng.randint(1, 4)))
                    rows.append(Post(network_id=thread.network_id, thread=thread, author=rng.choice(members[thread.network_id]),
                                     body=body, body_html=f"<p>{body}</p>", is_first=position == 0,
                                     created_at=thread.created_at + timezone.timedelta(minutes=position)))  # fmt: skip
                if created + len(rows) >= posts:
                    break
            Post.objects.bulk_create(rows, batch_size=2000)
            created += len(rows)
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    replies = (
        Post.objects.filter(thread=OuterRef("pk"), is_first=False)
        .values("thread")
        .annotate(n=Count("id"))
        .values("n")
    )
    Thread.objects.filter(network__in=nets).update(reply_count=Coalesce(Subquery(replies), 0))
    analyse()
    elapsed = time.perf_counter() - started
    return {"posts": created, "seconds": elapsed, "posts_per_second": created / elapsed if elapsed else 0}


def analyse() -> None:
    """Fresh planner statistics after a bulk load: without them PostgreSQL once chose a nested loop
    for a search that then ran over ten minutes (docs/operator-guide.md says the same to operators)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = generate(args.posts, seed=args.seed)
    print(
        f"generated {result['posts']} posts in {result['seconds']:.1f} s ({result['posts_per_second']:.0f} posts/s)"
    )


if __name__ == "__main__":
    sys.exit(main())
