"""Discussions through the API: the same queries and services as the pages.

Mounted by entrepairs/api/api.py. Reads go through discussions.queries (members only; everyone else
gets the same 404 as for an id that does not exist), writes through discussions.services and
discussions.actions. Shapes live in api_schemas.py; an operation's description is its handler's
docstring."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PageQuery, PathId, page_limit
from entrepairs.discussions import queries, services
from entrepairs.discussions import search as search_backend
from entrepairs.discussions.actions import cases_and_polls
from entrepairs.discussions.actions import hide_old_posts as old_posts
from entrepairs.discussions.actions.moderator_reads import audit_hidden_reads
from entrepairs.discussions.api_schemas import (
    CaptionIn,
    CaseIn,
    CasePhotoCaptionOut,
    FollowIn,
    HiddenPostsOut,
    HideOldPostsIn,
    NotificationPage,
    PollIn,
    PollOut,
    PostOut,
    PostPage,
    ReactionIn,
    ReactionOut,
    ReplyIn,
    SearchOut,
    SearchQuery,
    SolveIn,
    ThreadIn,
    ThreadOut,
    ThreadPage,
    ThreadPageQuery,
    VoteIn,
)
from entrepairs.discussions.case_photos import queries as case_photo_queries
from entrepairs.discussions.case_photos import services as case_photo_services
from entrepairs.errors import NOT_FOUND
from entrepairs.networks import access
from entrepairs.web.pagination import keyset_page

router = Router(tags=["discussions"], auth=SIGNED_IN)
ERRORS = error_responses(400, 409)
# Operations that publish text answer 422 `privacy_blocked` / `privacy_confirm_required` too.
PUBLISHING_ERRORS = error_responses(400, 409, publishing=True)


def _thread_out(thread) -> dict:
    return {
        "id": thread.pk,
        "space": thread.space.slug,
        "kind": thread.kind,
        "title": thread.title,
        "author": thread.author.display_name,
        "reply_count": thread.reply_count,
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
        "accepted_answer_id": thread.accepted_answer_id,
        "deleted": thread.deleted_at is not None,
    }


def _post_out(post, reactions: dict) -> dict:
    """`reactions`: the post's entry of queries.reaction_summary ({kind: {"count", "mine"}})."""
    return {
        "id": post.pk,
        "author": post.author.display_name,
        "body": post.body,
        "body_html": post.body_html,
        "is_first": post.is_first,
        "created_at": post.created_at,
        "edited": post.edited_at is not None,
        "deleted": post.deleted_at is not None,
        "hidden_by_author": post.author_hidden_at is not None,
        "reactions": {kind: state["count"] for kind, state in reactions.items()},
        "my_reactions": [kind for kind, state in reactions.items() if state["mine"]],
    }


def _notification_out(notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "actor": notification.actor.display_name,
        "thread_id": notification.thread_id,
        "thread_title": notification.thread.title,
        "post_id": notification.post_id,
        "created_at": notification.created_at,
        "read": notification.read_at is not None,
    }


# --- Threads and posts ---------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/threads",
    response={200: ThreadPage, **ERRORS},
    operation_id="list_threads",
    summary="Threads of a network, latest activity first",
)
def list_threads(request: HttpRequest, slug: str, query: Query[ThreadPageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        queries.visible_threads(member),
        sort_field="last_activity_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {"items": [_thread_out(t) for t in items], "next_cursor": next_cursor}


@router.post(
    "/networks/{slug}/threads",
    response={201: ThreadOut, **PUBLISHING_ERRORS},
    operation_id="create_thread",
    summary="Start a thread (discussion or question)",
)
def create_thread(request: HttpRequest, slug: str, payload: ThreadIn):
    """The text goes through the network's privacy policy: 422 `privacy_blocked` (remove what is
    blocked) or `privacy_confirm_required` (send again with `confirm_privacy`)."""
    member = access.get_membership_or_404(request.auth, slug)
    thread = services.create_thread(
        member,
        services.get_space_for_writing(member, payload.space),
        title=payload.title,
        body=payload.body,
        kind=payload.kind,
        confirm_privacy=payload.confirm_privacy,
    )
    created = _thread_out(queries.get_thread_or_404(member, thread.pk))
    return Status(201, {**created, "support_resources": getattr(thread, "support", None)})


@router.get(
    "/networks/{slug}/threads/{thread_id}",
    response={200: PostPage, **ERRORS},
    operation_id="get_thread",
    summary="A thread and one page of its posts",
)
def get_thread(request: HttpRequest, slug: str, thread_id: PathId, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    thread = queries.get_thread_or_404(member, thread_id)
    posts, next_cursor = keyset_page(
        queries.thread_posts(member, thread),
        sort_field="created_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        parse=datetime.fromisoformat,
    )
    audit_hidden_reads(member, thread, posts)
    summary = queries.reaction_summary(member, posts)
    items = [_post_out(post, summary.get(post.pk, {})) for post in posts]
    return {"thread": _thread_out(thread), "items": items, "next_cursor": next_cursor}


@router.post(
    "/networks/{slug}/threads/{thread_id}/replies",
    response={201: PostOut, **PUBLISHING_ERRORS},
    operation_id="post_reply",
    summary="Reply to a thread",
)
def post_reply(request: HttpRequest, slug: str, thread_id: PathId, payload: ReplyIn):
    """The text goes through the network's privacy policy: 422 `privacy_blocked` (remove what is
    blocked) or `privacy_confirm_required` (send again with `confirm_privacy`)."""
    member = access.get_membership_or_404(request.auth, slug)
    post = services.post_reply(
        member,
        queries.get_thread_or_404(member, thread_id),
        body=payload.body,
        confirm_privacy=payload.confirm_privacy,
    )
    post.author = member  # already loaded: no query to name the author
    return Status(201, {**_post_out(post, {}), "support_resources": getattr(post, "support", None)})


@router.post(
    "/networks/{slug}/posts/{post_id}/reactions",
    response={200: ReactionOut, **ERRORS},
    operation_id="toggle_reaction",
    summary="Add or remove a reaction (merci, moi_aussi, courage, utile)",
)
def toggle_reaction(request: HttpRequest, slug: str, post_id: PathId, payload: ReactionIn):
    member = access.get_membership_or_404(request.auth, slug)
    active = services.toggle_reaction(member, queries.get_post_or_404(member, post_id), payload.kind)
    return {"kind": payload.kind, "active": active}


@router.post(
    "/networks/{slug}/posts/{post_id}/accept",
    response={200: ThreadOut, **ERRORS},
    operation_id="accept_answer",
    summary="Mark a reply as the accepted answer of its question",
)
def accept_answer(request: HttpRequest, slug: str, post_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    thread = services.accept_answer(member, queries.get_post_or_404(member, post_id))
    return _thread_out(queries.get_thread_or_404(member, thread.pk))


@router.put(
    "/networks/{slug}/threads/{thread_id}/follow",
    response={204: None, **ERRORS},
    operation_id="set_follow",
    summary="Follow, mute or unfollow a thread",
)
def set_follow(request: HttpRequest, slug: str, thread_id: PathId, payload: FollowIn):
    member = access.get_membership_or_404(request.auth, slug)
    thread = queries.get_thread_or_404(member, thread_id)
    if payload.follow:
        services.follow_thread(member, thread, muted=payload.muted)
    else:
        services.unfollow_thread(member, thread)
    return Status(204, None)


# --- Notifications and search --------------------------------------------------------------------
@router.get(
    "/networks/{slug}/notifications",
    response={200: NotificationPage, **ERRORS},
    operation_id="list_notifications",
    summary="My notifications in this network",
)
def list_notifications(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        queries.my_notifications(member),
        sort_field="created_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    return {
        "items": [_notification_out(n) for n in items],
        "next_cursor": next_cursor,
        "unread": queries.unread_notification_count(member),
    }


@router.post(
    "/networks/{slug}/notifications/read",
    response={204: None, **ERRORS},
    operation_id="mark_notifications_read",
    summary="Mark all my notifications in this network read",
)
def mark_notifications_read(request: HttpRequest, slug: str):
    services.mark_notifications_read(access.get_membership_or_404(request.auth, slug))
    return Status(204, None)


@router.put(
    "/networks/{slug}/case-photos/{photo_id}/caption",
    response={200: CasePhotoCaptionOut, **PUBLISHING_ERRORS},
    operation_id="set_case_photo_caption",
    summary="Write what a photo of my clinical case shows",
)
def set_case_photo_caption(request: HttpRequest, slug: str, photo_id: PathId, payload: CaptionIn):
    """Checked like the case's text under the network's privacy policy (422 `privacy_blocked` or
    `privacy_confirm_required`). The case's author only (404 for anyone else)."""
    member = access.get_membership_or_404(request.auth, slug)
    photo = case_photo_queries.get_photo_or_404(member, photo_id)
    if photo.case.thread.author_id != member.pk:
        raise Http404(NOT_FOUND)
    photo = case_photo_services.set_caption(
        member, photo, payload.caption, confirm_privacy=payload.confirm_privacy
    )
    return {"id": photo.pk, "caption": photo.caption}


# --- My old posts (actions/hide_old_posts.py) ------------------------------------------------------
@router.post(
    "/networks/{slug}/me/hidden-posts",
    response={200: HiddenPostsOut, **ERRORS},
    operation_id="hide_old_posts",
    summary="Hide my posts written before a day from the other members",
)
def hide_old_posts(request: HttpRequest, slug: str, payload: HideOldPostsIn):
    """The posts stay in their threads as "hidden by its author"; their text leaves every page,
    search, feed and answer of this API for the other members (moderators still read it, audited)."""
    member = access.get_membership_or_404(request.auth, slug)
    changed = old_posts.hide_old_posts(member, before=payload.before)
    return {"changed": changed, "hidden": old_posts.hidden_count(member)}


@router.delete(
    "/networks/{slug}/me/hidden-posts",
    response={200: HiddenPostsOut, **ERRORS},
    operation_id="restore_hidden_posts",
    summary="Show again the posts I hid",
)
def restore_hidden_posts(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    changed = old_posts.restore_hidden_posts(member)
    return {"changed": changed, "hidden": old_posts.hidden_count(member)}


@router.get(
    "/networks/{slug}/search",
    response={200: list[SearchOut], **error_responses(400, 409, 503)},
    operation_id="search_posts",
    summary="Full-text search within the network",
)
def search_posts(request: HttpRequest, slug: str, query: Query[SearchQuery]):
    """503 `search_too_slow` when the search passes its time limit: add more precise words."""
    member = access.get_membership_or_404(request.auth, slug)
    space = queries.get_space_or_404(member, query.space) if query.space else None
    author = access.member_named(member, query.author) if query.author else None
    if query.author and author is None:
        return []
    results = search_backend.search(
        member,
        query.q,
        space_id=space.pk if space else None,
        kind=query.kind,
        author_id=author.pk if author else None,
        page=query.page,
    )[: search_backend.PAGE_SIZE]
    return [
        {
            "post_id": r.post_id,
            "thread_id": r.thread_id,
            "title": r.title,
            "snippet": str(r.snippet),
            "author": r.author,
        }
        for r in results
    ]


# --- Clinical cases and polls --------------------------------------------------------------------
@router.post(
    "/networks/{slug}/cases",
    response={201: ThreadOut, **PUBLISHING_ERRORS},
    operation_id="create_case",
    summary="Share a de-identified clinical case (professional networks)",
)
def create_case(request: HttpRequest, slug: str, payload: CaseIn):
    """Every text field is checked under the network's policy for cases (a person's name is blocked
    by default). The text goes through the network's privacy policy: 422 `privacy_blocked` (remove
    what is blocked) or `privacy_confirm_required` (send again with `confirm_privacy`)."""
    member = access.get_membership_or_404(request.auth, slug)
    data = payload.dict()
    space = services.get_space_for_writing(member, data.pop("space"))
    thread = cases_and_polls.create_case(member, space, **data)
    created = _thread_out(queries.get_thread_or_404(member, thread.pk))
    return Status(201, {**created, "support_resources": getattr(thread, "support", None)})


@router.post(
    "/networks/{slug}/threads/{thread_id}/solve",
    response={204: None, **PUBLISHING_ERRORS},
    operation_id="solve_case",
    summary="Close my clinical case with its conclusion",
)
def solve_case(request: HttpRequest, slug: str, thread_id: PathId, payload: SolveIn):
    """The text goes through the network's privacy policy: 422 `privacy_blocked` (remove what is
    blocked) or `privacy_confirm_required` (send again with `confirm_privacy`)."""
    member = access.get_membership_or_404(request.auth, slug)
    cases_and_polls.solve_case(
        member,
        queries.get_thread_or_404(member, thread_id),
        conclusion=payload.conclusion,
        confirm_privacy=payload.confirm_privacy,
    )
    return Status(204, None)


@router.post(
    "/networks/{slug}/polls",
    response={201: ThreadOut, **PUBLISHING_ERRORS},
    operation_id="create_poll",
    summary="Start a poll",
)
def create_poll(request: HttpRequest, slug: str, payload: PollIn):
    """Offsets in `options` count in the answers joined by newlines. The text goes through the
    network's privacy policy: 422 `privacy_blocked` (remove what is blocked) or
    `privacy_confirm_required` (send again with `confirm_privacy`)."""
    member = access.get_membership_or_404(request.auth, slug)
    data = payload.dict()
    space = services.get_space_for_writing(member, data.pop("space"))
    thread = cases_and_polls.create_poll(member, space, **data)
    created = _thread_out(queries.get_thread_or_404(member, thread.pk))
    return Status(201, {**created, "support_resources": getattr(thread, "support", None)})


@router.get(
    "/networks/{slug}/threads/{thread_id}/poll",
    response={200: PollOut, **ERRORS},
    operation_id="get_poll",
    summary="A poll: options, my votes, and results when I may see them",
)
def get_poll(request: HttpRequest, slug: str, thread_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    state = queries.poll_state(member, queries.get_thread_or_404(member, thread_id))
    if state is None:
        raise Http404(NOT_FOUND)
    return {
        "multiple": state["poll"].multiple,
        "closed": state["closed"],
        "closes_at": state["poll"].closes_at,
        "my_votes": sorted(state["mine"]),
        "options": [
            {"id": o.pk, "label": o.label, **({"votes": o.count} if state["show_results"] else {})}
            for o in state["options"]
        ],
    }


@router.post(
    "/networks/{slug}/threads/{thread_id}/vote",
    response={204: None, **ERRORS},
    operation_id="vote",
    summary="Vote in a poll (once)",
)
def vote(request: HttpRequest, slug: str, thread_id: PathId, payload: VoteIn):
    member = access.get_membership_or_404(request.auth, slug)
    thread = queries.get_thread_or_404(member, thread_id)
    cases_and_polls.vote(member, queries.get_poll_or_404(member, thread), payload.options)
    return Status(204, None)
