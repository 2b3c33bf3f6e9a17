from tests.access_rows import ADMINS, MEMBERS, MODERATORS, Row, statuses
from tests.discussions.factories import thread_factory

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
ADMIN_POST_ONLY = statuses(404, anonymous=302, member=403, moderator=403, admin=405)


def _relatives_post(world):
    """A reply by world.relative: the patient (the walk's "member") may report it."""
    thread = thread_factory(world.relative, replies=0)
    return {"slug": world.breast.slug, "kind": "post", "object_id": thread.posts.get().pk}


def _report(world):
    from entrepairs.moderation import services

    thread = thread_factory(world.relative, replies=0)
    report = services.report(world.patient, "post", thread.posts.get().pk, reason="spam")
    return {"slug": world.breast.slug, "report_id": report.pk}


def _watched_word(world):
    from entrepairs.moderation.models import WatchedWord

    word = WatchedWord.objects.create(network=world.breast, word="arnaque", action="flag")
    return {"slug": world.breast.slug, "word_id": word.pk}


ROWS = {
    # Every member reports what they can see (the item's own lookup: 404 for anything else).
    "moderation:report": Row(MEMBERS, _relatives_post, write={"reason": "spam", "note": ""}),
    "moderation:code_of_conduct": Row(MEMBERS, BREAST),
    "moderation:notices": Row(MEMBERS, BREAST),
    # The queue and the decisions: the network's moderators, behind two-factor.
    "moderation:queue": Row(MODERATORS, BREAST),
    "moderation:report_detail": Row(
        MODERATORS, _report, write={"action": "hide", "reason": "Hors charte", "confirm": "on"}
    ),
    "moderation:manage_settings": Row(
        ADMINS, BREAST, write={"country": "FR", "first_posts_needing_approval": 0}
    ),
    "moderation:watched_words": Row(ADMINS, BREAST, write={"word": "arnaque", "action": "flag"}),
    "moderation:delete_watched_word": Row(ADMIN_POST_ONLY, _watched_word),
}

API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
API_MODERATORS = statuses(404, anonymous=401, member=403, moderator=200, admin=200)
API_ADMINS = statuses(404, anonymous=401, member=403, moderator=403, admin=200)
NOT_A_GET = statuses(405)
WORD = {"word": "arnaque", "action": "flag"}
SETTINGS = {"first_posts_needing_approval": 1, "code_of_conduct": "Respect."}


def _api_report(world):
    kwargs = _report(world)
    return {"slug": kwargs["slug"], "report_id": kwargs["report_id"]}


def _api_reportable(world):
    kwargs = _relatives_post(world)
    return {"slug": kwargs["slug"]}


API_ROWS = {
    # One path, two operations would share a GET; these paths are write-only or read-only.
    "api:create_report": Row(NOT_A_GET, BREAST, write={"kind": "member", "object_id": 1, "reason": "spam"}),
    "api:list_reports": Row(API_MODERATORS, BREAST),
    "api:get_report": Row(API_MODERATORS, _api_report),
    "api:decide_report": Row(
        NOT_A_GET, _api_report, write={"action": "hide", "reason": "Hors charte", "confirm": True}
    ),
    "api:list_notices": Row(API_MEMBERS, BREAST),
    "api:mark_notices_read": Row(NOT_A_GET, BREAST),
    # The network's watched words and settings: administrators, behind two-factor. One path, two
    # operations (GET reads, POST or PATCH writes): both names walk the GET and send the write's body.
    "api:list_watched_words": Row(API_ADMINS, BREAST, write=WORD),
    "api:add_watched_word": Row(API_ADMINS, BREAST, write=WORD),
    "api:remove_watched_word": Row(NOT_A_GET, _watched_word),
    "api:get_moderation_settings": Row(API_ADMINS, BREAST, write=SETTINGS),
    "api:update_moderation_settings": Row(API_ADMINS, BREAST, write=SETTINGS),
}
ROWS.update(API_ROWS)
