"""The benchmark data generator stays usable: a small run creates exactly the posts asked for."""

from bench.generate import generate
from entrepairs.discussions import search
from entrepairs.discussions.models import Post, Thread
from entrepairs.networks.models import Membership


def test_generator_creates_the_requested_posts_with_consistent_counters(db):
    result = generate(500, networks=2, members_per_network=5)
    assert result["posts"] == Post.objects.count() == 500
    for thread in Thread.objects.all()[:20]:
        assert thread.reply_count == thread.posts.filter(is_first=False).count()
    member = Membership.objects.filter(network__slug="bench-0").first()
    assert search.search(member, "fatigue")  # the index follows bulk inserts (triggers / generated columns)
