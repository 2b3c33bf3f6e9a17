"""The moderation API: report → queue → decision → notices, and its gates (404 outside the network,
403 for members on the moderators' routes, the same refusals as the pages)."""

import pytest

from entrepairs.discussions.models import Post
from entrepairs.moderation.models import Report
from tests.discussions.factories import thread_factory


@pytest.fixture
def reply(world):
    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    return thread.posts.get(is_first=False)


def test_report_queue_decision_and_notices(api_as, world, reply):
    created = api_as(world.patient.user).post(
        "/networks/breast/reports",
        {"kind": "post", "object_id": reply.pk, "reason": "harassment", "note": "!"},
    )
    assert created.status_code == 201, created.json()
    report_id = created.json()["id"]
    again = api_as(world.patient.user).post(
        "/networks/breast/reports", {"kind": "post", "object_id": reply.pk, "reason": "spam"}
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_reported")

    moderator = api_as(world.moderator.user)
    queue = moderator.get("/networks/breast/moderation/reports").json()
    assert [item["id"] for item in queue["items"]] == [report_id]
    detail = moderator.get(f"/networks/breast/moderation/reports/{report_id}").json()
    assert detail["text"] == reply.body and detail["author_record"]["reports"] == 1

    refused = moderator.post(
        f"/networks/breast/moderation/reports/{report_id}/decision", {"action": "hide", "reason": "Insulte"}
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "confirmation_required")
    decided = moderator.post(
        f"/networks/breast/moderation/reports/{report_id}/decision",
        {"action": "hide", "reason": "Insulte", "confirm": True},
    )
    assert decided.status_code == 200 and decided.json()["action"] == "hide"
    assert Post.objects.get(pk=reply.pk).hidden_at is not None

    told = api_as(world.relative.user).get("/networks/breast/moderation/notices").json()["items"]
    assert [(n["kind"], n["action"], n["reason"]) for n in told] == [("your_content", "hide", "Insulte")]
    reporter = api_as(world.patient.user).get("/networks/breast/moderation/notices").json()["items"]
    assert [(n["kind"], n["reason"]) for n in reporter] == [("report_outcome", "")]


def test_outsiders_and_other_moderators_get_404_and_change_nothing(api_as, world, reply):
    outsider = api_as(world.outsider.user).post(
        "/networks/diabetes/reports", {"kind": "post", "object_id": reply.pk, "reason": "spam"}
    )
    assert outsider.status_code == 404
    report = Report.objects.create(
        network=world.breast, reporter=world.patient, kind="post", object_id=reply.pk,
        author=world.relative, reason="spam",
    )  # fmt: skip
    other = api_as(world.cardiologist.user)
    for slug in ("breast", "cardio"):
        answer = other.post(
            f"/networks/{slug}/moderation/reports/{report.pk}/decision",
            {"action": "hide", "reason": "x", "confirm": True},
        )
        assert answer.status_code == 404
        assert other.get(f"/networks/{slug}/moderation/reports/{report.pk}").status_code == 404
    assert api_as(world.patient.user).get("/networks/breast/moderation/reports").status_code == 403
    report.refresh_from_db()
    assert report.status == "open" and Post.objects.get(pk=reply.pk).hidden_at is None
