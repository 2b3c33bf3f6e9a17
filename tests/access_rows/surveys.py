"""Surveys: members read and answer; editors and administrators (behind two-factor) write, close and
delete; the anonymity threshold is the administrators'. Another network's survey: 404."""

import datetime

from django.utils import timezone

from tests.access_rows import ADMINS, MEMBERS, Row, statuses

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
EDITORS = ADMINS  # the walk's world has no editor: its administrator writes
POST_ONLY = statuses(405)


def _survey(world):
    from entrepairs.surveys import services

    now = timezone.now()
    survey = services.create_survey(
        world.admin, title="Enquête", questions=[{"kind": "scale", "text": "Moral ?", "scale_max": 5}],
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=7),
    )  # fmt: skip
    return {"slug": world.breast.slug, "survey_id": survey.pk}


NEW = {
    "title": "Enquête", "opens_at": "2026-01-01T10:00", "closes_at": "2099-01-01T10:00",
    "q0_text": "Pourquoi ?", "q0_kind": "single", "q0_choices": "A\nB", "slots": "6",
}  # fmt: skip
ROWS = {
    "surveys:index": Row(MEMBERS, BREAST),
    "surveys:new": Row(EDITORS, BREAST, write=NEW),
    "surveys:insights": Row(MEMBERS, BREAST),
    "surveys:anonymity": Row(ADMINS, BREAST, write={"k": "7"}),
    "surveys:survey": Row(MEMBERS, _survey),
    "surveys:edit": Row(EDITORS, _survey, write=NEW),
    "surveys:results": Row(MEMBERS, _survey),
    "surveys:close": Row(POST_ONLY, _survey),
    "surveys:delete": Row(POST_ONLY, _survey),
}

API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
NOT_A_GET = statuses(405)
SURVEY = {
    "title": "Enquête", "opens_at": "2026-01-01T10:00:00Z", "closes_at": "2099-01-01T10:00:00Z",
    "questions": [{"kind": "scale", "text": "Moral ?", "scale_max": 5}],
}  # fmt: skip


API_ROWS = {
    # One path, two operations: both names walk the GET and send the write's body.
    "api:list_surveys": Row(API_MEMBERS, BREAST, write=SURVEY),
    "api:create_survey": Row(API_MEMBERS, BREAST, write=SURVEY),
    "api:get_survey": Row(API_MEMBERS, _survey),
    "api:delete_survey": Row(API_MEMBERS, _survey),
    "api:update_survey": Row(API_MEMBERS, _survey, write={"title": "Enquête modifiée"}),
    "api:answer_survey": Row(NOT_A_GET, _survey, write={"answers": {}}),
    "api:close_survey": Row(NOT_A_GET, _survey),
    "api:get_survey_results": Row(API_MEMBERS, _survey),
    "api:get_anonymity_threshold": Row(API_MEMBERS, BREAST, write={"k": 6}),
    "api:set_anonymity_threshold": Row(API_MEMBERS, BREAST, write={"k": 6}),
}
ROWS.update(API_ROWS)
