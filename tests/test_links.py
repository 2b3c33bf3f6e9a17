"""web.links: one reversal per route and page gives the same URLs as reversing every item."""

import pytest
from django.urls import reverse

from entrepairs.web.links import SAMPLE_ID, UrlPattern


@pytest.mark.parametrize("slug", ["breast", f"net-{SAMPLE_ID}-x", "a"])
def test_url_pattern_matches_reverse_for_ids_and_slugs(slug):
    react = UrlPattern("discussions:react", "post_id", slug=slug)
    space = UrlPattern("discussions:space", "space_slug", slug_key=True, slug=slug)
    for post_id in (1, 2**40 + 7, SAMPLE_ID):
        assert react(post_id) == reverse("discussions:react", kwargs={"slug": slug, "post_id": post_id})
    assert space("questions") == reverse(
        "discussions:space", kwargs={"slug": slug, "space_slug": "questions"}
    )


def test_template_filter_builds_the_link_and_a_bare_pattern_is_never_called():
    from django.template import Context, Template

    pattern = UrlPattern("discussions:thread", "thread_id", slug="breast")
    rendered = Template("{% load links %}{{ p|with_key:42 }} {{ p }}").render(Context({"p": pattern}))
    assert rendered == "/n/breast/t/42/ /n/breast/t/&lt;key&gt;/"
