"""Rows of the living pages: saved posts, my posts, followed spaces, the welcome thread
and personas' uploaded pictures."""

from django.core.files.base import ContentFile

from tests.access_rows import MEMBERS, Row
from tests.access_rows.discussions import POST_ONLY, _network, _post, _space
from tests.images import tiny_png


def _relative_with_picture(world):
    world.relative.avatar.save("picture.png", ContentFile(tiny_png()), save=True)
    return {"slug": world.breast.slug, "member_id": world.relative.pk}


ROWS = {
    "discussions:saved": Row(MEMBERS, _network),
    "discussions:my_posts": Row(MEMBERS, _network),
    "discussions:save_post": Row(POST_ONLY, _post, write={"saved": "1"}),
    "discussions:follow_space": Row(POST_ONLY, _space, write={"follow": "1"}),
    "discussions:welcome": Row(POST_ONLY, _network),
    # A persona's uploaded picture: members of its network only, like the profile.
    "networks:picture": Row(MEMBERS, _relative_with_picture),
    # Hiding one's own old posts (issue 16): every member, for their own posts only.
    "discussions:hide_old_posts": Row(MEMBERS, _network, write={"action": "hide"}),
    # The owner's review of their own picture: a POST only.
    "networks:picture_review": Row(POST_ONLY, _network, write={"choice": "keep"}),
}

# The generated pictures are inline SVG: they have no route.
