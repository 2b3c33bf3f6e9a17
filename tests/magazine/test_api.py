"""The magazine's read-only API: members read their network's live articles; drafts only editors."""

import pytest

from tests.magazine.factories import article_factory, verified_reviewer

pytestmark = pytest.mark.django_db


def test_member_lists_live_articles_with_the_reviewer(world, api_as):
    reviewer = verified_reviewer(world.breast)
    live = article_factory(world.breast, title="Publié", reviewer=reviewer, tags=("fatigue",))
    draft = article_factory(world.breast, title="Brouillon", published=False)
    response = api_as(world.patient.user).get(f"/networks/{world.breast.slug}/magazine/articles")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [live.pk]
    assert response.json()["items"][0]["validated_by"] == "Dr Relecture"
    assert api_as(world.patient.user).get(f"/networks/breast/magazine/articles/{draft.pk}").status_code == 404
    assert api_as(world.admin.user).get(f"/networks/breast/magazine/articles/{draft.pk}").status_code == 200
    tagged = api_as(world.patient.user).get("/networks/breast/magazine/articles?tag=autre")
    assert tagged.json()["items"] == []


def test_outsider_gets_404(world, api_as):
    article = article_factory(world.breast)
    assert (
        api_as(world.outsider.user).get(f"/networks/breast/magazine/articles/{article.pk}").status_code == 404
    )
    assert api_as(world.outsider.user).get("/networks/breast/magazine/articles").status_code == 404


# --- Writing through the API (editors): the writing page's rules and refusals, as JSON -------------
TEXT = {
    "title": "Parler du lymphœdème",
    "summary": "Ce qu'il faut savoir.",
    "body": "## Signes\n\nUn bras **lourd**.",
}


def _png(name="cover.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.images import tiny_png

    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def test_editor_writes_a_draft_then_publishes_and_unpublishes_it(world, api_as):
    from tests.api_client import error_of

    editor = api_as(world.admin.user)
    reviewer = verified_reviewer(world.breast)
    created = editor.post(
        "/networks/breast/magazine/articles",
        {**TEXT, "tags": ["Fatigue", "bras"], "sources": "HAS 2024\nINCa", "reviewer_id": reviewer.pk},
    )
    assert created.status_code == 201, created.content
    article = created.json()
    assert article["published"] is False and article["is_live"] is False
    assert article["tags"] == ["fatigue", "bras"] and article["sources"] == ["HAS 2024", "INCa"]
    assert article["body_html"].startswith("<h2>Signes</h2>") and article["validated_by"] == "Dr Relecture"
    # Members do not see a draft: 404, as for something that does not exist.
    error_of(
        api_as(world.patient.user).get(f"/networks/breast/magazine/articles/{article['id']}"),
        404,
        "not_found",
    )
    assert [item["id"] for item in editor.get("/networks/breast/magazine/drafts").json()["items"]] == [
        article["id"]
    ]
    published = editor.post(f"/networks/breast/magazine/articles/{article['id']}/publish", {})
    assert published.status_code == 200 and published.json()["is_live"] is True
    assert (
        api_as(world.patient.user).get(f"/networks/breast/magazine/articles/{article['id']}").status_code
        == 200
    )
    assert editor.get("/networks/breast/magazine/drafts").json()["items"] == []
    back = editor.post(f"/networks/breast/magazine/articles/{article['id']}/unpublish")
    assert back.status_code == 200 and back.json()["published"] is False
    assert (
        api_as(world.patient.user).get(f"/networks/breast/magazine/articles/{article['id']}").status_code
        == 404
    )


def test_scheduling_the_calendar_and_public_articles(world, api_as):
    from datetime import timedelta

    from django.utils import timezone

    editor = api_as(world.admin.user)
    reviewer = verified_reviewer(world.breast)
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    response = editor.post(
        "/networks/breast/magazine/articles",
        {
            **TEXT,
            "reviewer_id": reviewer.pk,
            "publish": True,
            "publish_at": when.isoformat(),
            "visibility": "public",
        },
    )
    assert response.status_code == 201, response.content
    scheduled = response.json()
    assert (
        scheduled["published"] is True
        and scheduled["is_live"] is False
        and scheduled["visibility"] == "public"
    )
    calendar = editor.get(
        f"/networks/breast/magazine/calendar?start={timezone.localdate(when).isoformat()}"
    ).json()
    day = next(day for day in calendar["days"] if day["day"] == timezone.localdate(when).isoformat())
    assert [item["id"] for item in day["items"]] == [scheduled["id"]]
    # A member does not learn of it before it comes out.
    assert (
        api_as(world.patient.user).get(f"/networks/breast/magazine/articles/{scheduled['id']}").status_code
        == 404
    )
    # A date without an offset reads in the installation's time zone; PUT replaces the fields.
    naive = (timezone.localtime() + timedelta(days=2)).replace(tzinfo=None, microsecond=0)
    updated = editor.put(
        f"/networks/breast/magazine/articles/{scheduled['id']}",
        {
            **TEXT,
            "title": "Nouveau titre",
            "reviewer_id": reviewer.pk,
            "publish": True,
            "publish_at": naive.isoformat(),
        },
    )
    assert updated.status_code == 200 and updated.json()["title"] == "Nouveau titre"
    assert updated.json()["visibility"] == "network"


def test_bad_input_gets_the_pages_refusals_as_json(world, api_as):
    from datetime import timedelta

    from django.utils import timezone

    from entrepairs.magazine.models import Article
    from tests.api_client import error_of

    editor = api_as(world.admin.user)
    reviewer = verified_reviewer(world.breast)
    past = (timezone.now() - timedelta(days=1)).isoformat()
    body = {**TEXT, "reviewer_id": reviewer.pk, "publish": True, "publish_at": past}
    error_of(editor.post("/networks/breast/magazine/articles", body), 400, "publish_in_past")
    # The network requires a verified reviewer (the default).
    error_of(
        editor.post("/networks/breast/magazine/articles", {**TEXT, "publish": True}), 400, "reviewer_required"
    )
    error_of(
        editor.post("/networks/breast/magazine/articles", {**TEXT, "reviewer_id": world.patient.pk}),
        400,
        "invalid_reviewer",
    )
    tags = [f"mot{index}" for index in range(9)]
    error_of(editor.post("/networks/breast/magazine/articles", {**TEXT, "tags": tags}), 400, "too_many_tags")
    error_of(
        editor.post("/networks/breast/magazine/articles", {**TEXT, "kind": "poème"}), 422, "invalid_input"
    )
    error_of(editor.post("/networks/breast/magazine/articles", {**TEXT, "title": "ab"}), 400, "invalid_title")
    far = {**TEXT, "publish": True, "publish_at": "2150-12-31T23:59:59-05:00"}
    error_of(editor.post("/networks/breast/magazine/articles", far), 400, "invalid_date")
    # A moment no calendar in UTC holds (the year 10000 there) is invalid input (entrepairs/moments.py).
    beyond = {**TEXT, "publish": True, "publish_at": "9999-12-31T23:59:59-05:00"}
    assert error_of(editor.post("/networks/breast/magazine/articles", beyond), 422, "invalid_input")[
        "field"
    ] == ("publish_at")
    error_of(editor.get("/networks/breast/magazine/calendar?start=9999-12-31"), 400, "invalid_date")
    assert not Article.objects.exists()  # nothing half-saved
    draft = editor.post("/networks/breast/magazine/articles", TEXT).json()
    error_of(
        editor.post(f"/networks/breast/magazine/articles/{draft['id']}/publish", {}), 400, "reviewer_required"
    )
    error_of(
        editor.post(f"/networks/breast/magazine/articles/{draft['id']}/publish", {"publish_at": past}),
        400,
        "publish_in_past",
    )


def test_cover_and_pictures_broken_image_is_refused(world, api_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api_client import error_of

    editor = api_as(world.admin.user)
    draft = editor.post("/networks/breast/magazine/articles", TEXT).json()
    path = f"/networks/breast/magazine/articles/{draft['id']}"
    broken = SimpleUploadedFile("cover.jpg", b"not a picture at all", content_type="image/jpeg")
    error_of(editor.upload(f"{path}/cover", {"file": broken}), 400, "broken_image")
    covered = editor.upload(f"{path}/cover", {"file": _png()})
    assert covered.status_code == 200 and covered.json()["has_cover"] is True
    image = editor.upload(f"{path}/images", {"file": _png("in-text.png")})
    assert (
        image.status_code == 201
        and image.json()["markdown"] == f"![](/magazine/images/{image.json()['id']}/)"
    )
    error_of(editor.upload(f"{path}/images", {"file": broken}), 400, "broken_image")


def test_only_editors_write_and_others_get_404_for_private_content(world, api_as):
    from tests.api_client import error_of

    draft = api_as(world.admin.user).post("/networks/breast/magazine/articles", TEXT).json()
    member = api_as(world.patient.user)
    error_of(member.post("/networks/breast/magazine/articles", TEXT), 403, "not_editor")
    error_of(member.get("/networks/breast/magazine/drafts"), 403, "not_editor")
    error_of(member.get("/networks/breast/magazine/calendar"), 403, "not_editor")
    for path in ("", "/publish", "/unpublish"):
        method = member.put if not path else member.post
        error_of(
            method(f"/networks/breast/magazine/articles/{draft['id']}{path}", TEXT if not path else {}),
            404,
            "not_found",
        )
    error_of(
        member.upload(f"/networks/breast/magazine/articles/{draft['id']}/cover", {"file": _png()}),
        404,
        "not_found",
    )
    outsider = api_as(world.outsider.user)
    error_of(outsider.post("/networks/breast/magazine/articles", TEXT), 404, "not_found")
    error_of(outsider.get("/networks/breast/magazine/drafts"), 404, "not_found")
    error_of(outsider.post(f"/networks/breast/magazine/articles/{draft['id']}/publish", {}), 404, "not_found")
    # An editor of another network cannot reach this one's drafts either.
    error_of(
        api_as(world.outsider.user).put(f"/networks/breast/magazine/articles/{draft['id']}", TEXT),
        404,
        "not_found",
    )
