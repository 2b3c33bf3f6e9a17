"""Moderators run today's privacy guard over published posts (issue 16, retroactive privacy)."""

from django.urls import reverse

from entrepairs.discussions.models import Post
from tests.discussions.factories import thread_factory

PHONE = "06 12 34 56 78"
NIR = "2 84 05 75 112 044 38"


def url(slug="breast"):
    return reverse("discussions:privacy_review", kwargs={"slug": slug})


def test_posts_written_before_the_guard_are_listed_with_what_it_would_do(
    login, world, django_assert_max_num_queries
):
    old = thread_factory(world.patient, title="Mon parcours")
    # Written before the check existed: stored as it was typed.
    Post.objects.filter(thread=old, is_first=True).update(body=f"Appelez-moi au {PHONE}, NIR {NIR}")
    clean = thread_factory(world.relative, title="Une question")
    client = login(world.moderator.user)
    with django_assert_max_num_queries(12):
        response = client.get(url())
    page = response.content.decode()
    assert response.status_code == 200
    first = Post.objects.get(thread=old, is_first=True)
    assert f'data-post="{first.pk}"' in page
    assert f'data-post="{Post.objects.get(thread=clean, is_first=True).pk}"' not in page
    assert PHONE not in page and NIR not in page  # where and which kinds, never the values
    assert "Would be blocked" in page or "Serait bloqué" in page or "bloqu" in page


def test_members_cannot_run_it(login, world):
    assert login(world.patient.user).get(url()).status_code == 403
    assert login(world.outsider.user).get(url()).status_code == 404
