from tests.access_rows import ADMINS, MEMBERS, MODERATORS, Row, statuses
from tests.discussions.factories import space_of, thread_factory

# POST-only pages: the gate answers first (visitors to the login page, non-members 404), then a GET
# from a member is 405.
POST_ONLY = statuses(404, anonymous=302, member=405, moderator=405, admin=405)


def _network(world):
    return {"slug": world.breast.slug}


def _space(world):
    return {"slug": world.breast.slug, "space_slug": space_of(world.breast).slug}


def _thread(world):
    return {"slug": world.breast.slug, "thread_id": thread_factory(world.patient).pk}


def _post(world):
    thread = thread_factory(world.patient, replies=1)
    return {"slug": world.breast.slug, "post_id": thread.posts.order_by("id").first().pk}


# Editing is the author's (world.patient); other members see 403, moderators too (they delete, not edit).
AUTHOR_ONLY = statuses(404, anonymous=302, member=200, moderator=403, admin=403)

ROWS = {
    "discussions:index": Row(MEMBERS, _network),
    "discussions:new_thread": Row(MEMBERS, _network),
    "discussions:space": Row(MEMBERS, _space),
    "discussions:thread": Row(MEMBERS, _thread),
    "discussions:edit_post": Row(AUTHOR_ONLY, _post),
    # Deleting is confirmed on its own page (GET), with a reason when a moderator deletes someone
    # else's content; the walk's posts are world.patient's.
    "discussions:delete_post": Row(MEMBERS, _post, write={"confirm": "on", "reason": "Hors charte"}),
    "discussions:delete_thread": Row(MEMBERS, _thread, write={"confirm": "on", "reason": "Hors charte"}),
    "discussions:react": Row(POST_ONLY, _post),
    "discussions:accept": Row(POST_ONLY, _post),
    # Expert notes: moderators, and verified professionals where the network admits experts (none in
    # the walk's breast: its plain members get 403).
    "discussions:expert_note": Row(
        statuses(404, anonymous=302, member=403, moderator=200, admin=200),
        _post,
        write={"body": "Voir la recommandation.", "source": "HAS 2024"},
    ),
}

ROWS["discussions:notifications"] = Row(MEMBERS, _network)


def _patients_notification(world):
    from entrepairs.discussions.models import Notification

    thread = thread_factory(world.relative)
    notification = Notification.objects.create(
        network=world.breast, recipient=world.patient, actor=world.relative, kind="reply", thread=thread
    )
    return {"slug": world.breast.slug, "notification_id": notification.pk}


# The patient's own notification: they are taken to the thread; every other member gets 404.
ROWS["discussions:open_notification"] = Row(statuses(404, anonymous=302, member=302), _patients_notification)
ROWS["discussions:follow"] = Row(POST_ONLY, _thread)
ROWS["discussions:search"] = Row(MEMBERS, _network, query="?q=fatigue")

# The API: visitors get 401, non-members 404, members 200; write-only paths answer GET with 405.
API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
API_WRITE = statuses(405)


def _api_thread(world):
    return {"slug": world.breast.slug, "thread_id": thread_factory(world.patient).pk}


ROWS.update(
    {
        "api:list_threads": Row(API_MEMBERS, _network),
        "api:create_thread": Row(API_MEMBERS, _network),
        "api:get_thread": Row(API_MEMBERS, _api_thread),
        "api:post_reply": Row(API_WRITE, _api_thread),
        "api:toggle_reaction": Row(API_WRITE, _post),
        "api:accept_answer": Row(API_WRITE, _post),
        "api:set_follow": Row(API_WRITE, _api_thread),
        "api:list_notifications": Row(API_MEMBERS, _network),
        "api:mark_notifications_read": Row(API_WRITE, _network),
        "api:search_posts": Row(API_MEMBERS, _network, query="?q=fatigue"),
    }
)

ROWS["discussions:vote"] = Row(POST_ONLY, _thread)
ROWS["discussions:solve"] = Row(POST_ONLY, _thread)


def _api_poll(world):
    from entrepairs.discussions.actions import cases_and_polls

    thread = cases_and_polls.create_poll(
        world.patient, space_of(world.breast), title="Sondage", body="?", options=["Oui", "Non"]
    )
    return {"slug": world.breast.slug, "thread_id": thread.pk}


ROWS.update(
    {
        "api:create_case": Row(API_WRITE, _network),
        "api:solve_case": Row(API_WRITE, _api_thread),
        "api:create_poll": Row(API_WRITE, _network),
        "api:get_poll": Row(API_MEMBERS, _api_poll),
        "api:vote": Row(API_WRITE, _api_thread),
    }
)

ROWS["discussions:privacy_review"] = Row(MODERATORS, _network)
ROWS["discussions:manage_spaces"] = Row(ADMINS, _network, write={"action": "create", "name": "Nouvel espace"})


# Clinical case photos. The walk happens in breast, where world.patient ("member") writes the case:
# built directly (cases belong to professional networks, a rule of the service, not of the access
# layer, which is what is walked here). Pending photos and the review page are the author's alone
# (moderators and admins included get 404); a published photo is for every member.
def _case_photo(world, *, status):
    from django.core.files.base import ContentFile

    from entrepairs.discussions.models import CasePhoto, ClinicalCase
    from tests.images import tiny_png

    thread = thread_factory(world.patient, kind="case", title="Cas clinique")
    case = ClinicalCase.objects.create(network=world.breast, thread=thread, age_band="30-39", context="?",
                                       question="?")  # fmt: skip
    photo = CasePhoto(network=world.breast, case=case, status=status, width=4, height=4)
    photo.original.save("photo.jpg", ContentFile(tiny_png()), save=False)
    if status == "published":
        photo.published_version = "original"
    photo.save()
    return photo


def _review_page(world):
    photo = _case_photo(world, status="pending")
    return {"slug": world.breast.slug, "thread_id": photo.case.thread_id}


def _published_photo(world):
    return {"slug": world.breast.slug, "photo_id": _case_photo(world, status="published").pk}


def _pending_preview(world):
    photo = _case_photo(world, status="pending")
    return {"slug": world.breast.slug, "photo_id": photo.pk, "version": "original"}


CASE_AUTHOR_ONLY = statuses(404, anonymous=302, member=200)
ROWS["discussions:case_photos"] = Row(CASE_AUTHOR_ONLY, _review_page)
ROWS["discussions:case_photo"] = Row(MEMBERS, _published_photo)
ROWS["discussions:case_photo_preview"] = Row(CASE_AUTHOR_ONLY, _pending_preview)
# A moderator removes a published photo of someone else's case: a moderator power (two-factor).
ROWS["discussions:case_photo_decide"] = Row(POST_ONLY, _published_photo, write={"action": "remove"})
# A photo's caption: the case's author only (every other member, moderators included, 404).
ROWS["discussions:case_photo_caption"] = Row(
    CASE_AUTHOR_ONLY, _published_photo, write={"caption": "Lésion, J3"}
)
ROWS["api:set_case_photo_caption"] = Row(statuses(405), _published_photo, write={"caption": "Lésion, J3"})
# Hiding one's own old posts, and showing them again (the same path).
ROWS["api:hide_old_posts"] = Row(statuses(405), _network)
ROWS["api:restore_hidden_posts"] = Row(statuses(405), _network)
