"""Discussions through the API: the same queries and services as the pages."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.schemas import PUBLISH_422, ErrorOut, PrivacyKind, confirm_privacy_field
from entrepairs.discussions import queries, services
from entrepairs.discussions import search as search_backend
from entrepairs.discussions.actions import cases_and_polls
from entrepairs.networks import access
from entrepairs.web.pagination import keyset_page

router = Router(tags=["discussions"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}
# Operations that publish text answer 422 `privacy_blocked` / `privacy_confirm_required` too.
PUBLISH_ERRORS = {**ERRORS, 422: PUBLISH_422}
PRIVACY_NOTE = (
    " The text goes through the network's privacy policy: 422 `privacy_blocked` (remove what is blocked) "
    "or `privacy_confirm_required` (send again with `confirm_privacy`)."
)


class ThreadOut(Schema):
    id: int
    space: str
    kind: str
    title: str
    author: str
    reply_count: int
    created_at: datetime
    last_activity_at: datetime
    accepted_answer_id: int | None = None
    deleted: bool


class ThreadPage(Schema):
    items: list[ThreadOut]
    next_cursor: str | None = None


class PostOut(Schema):
    id: int
    author: str
    body: str
    body_html: str
    is_first: bool
    created_at: datetime
    edited: bool
    deleted: bool
    reactions: dict[str, int]
    my_reactions: list[str]


class PostPage(Schema):
    thread: ThreadOut
    items: list[PostOut]
    next_cursor: str | None = None


class ThreadIn(Schema):
    model_config = ConfigDict(extra="forbid")
    space: str = Field(max_length=80)
    kind: str = Field(default="discussion", max_length=20)
    title: str = Field(max_length=400)
    body: str = Field(max_length=40_000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(max_length=40_000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class ReactionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(max_length=20)


class ReactionOut(Schema):
    kind: str
    active: bool


class FollowIn(Schema):
    model_config = ConfigDict(extra="forbid")
    follow: bool = True
    muted: bool = False


class NotificationOut(Schema):
    id: int
    kind: str
    actor: str
    thread_id: int
    thread_title: str
    post_id: int | None = None
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None = None
    unread: int


class SearchOut(Schema):
    post_id: int
    thread_id: int
    title: str
    snippet: str
    author: str


class PageQuery(Schema):
    cursor: str | None = None


class SearchQuery(Schema):
    q: str = Field(max_length=200)
    space: str | None = None
    kind: str | None = None
    author: str | None = Field(
        default=None, max_length=40, description="pseudonym of a member of the network"
    )


def _thread_out(thread) -> dict:
    return {
        "id": thread.pk, "space": thread.space.slug, "kind": thread.kind, "title": thread.title,
        "author": thread.author.display_name, "reply_count": thread.reply_count, "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at, "accepted_answer_id": thread.accepted_answer_id,
        "deleted": thread.deleted_at is not None,
    }  # fmt: skip


@router.get("/networks/{slug}/threads", response={200: ThreadPage, **ERRORS}, auth=SIGNED_IN,
            operation_id="list_threads", summary="Threads of a network, latest activity first")  # fmt: skip
def list_threads(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        queries.visible_threads(member), sort_field="last_activity_at", cursor=query.cursor, limit=30,
        descending=True, parse=datetime.fromisoformat,
    )  # fmt: skip
    return {"items": [_thread_out(t) for t in items], "next_cursor": next_cursor}


@router.post("/networks/{slug}/threads", response={201: ThreadOut, **PUBLISH_ERRORS}, auth=SIGNED_IN,
             operation_id="create_thread", summary="Start a thread (discussion or question)",
             description=PRIVACY_NOTE.strip())  # fmt: skip
def create_thread(request: HttpRequest, slug: str, payload: ThreadIn):
    member = access.get_membership_or_404(request.auth, slug)
    services.ensure_default_spaces(member.network)
    space = queries.get_space_or_404(member, payload.space)
    thread = services.create_thread(
        member, space, title=payload.title, body=payload.body, kind=payload.kind,
        confirm_privacy=payload.confirm_privacy,
    )  # fmt: skip
    return Status(201, _thread_out(queries.get_thread_or_404(member, thread.pk)))


@router.get("/networks/{slug}/threads/{thread_id}", response={200: PostPage, **ERRORS}, auth=SIGNED_IN,
            operation_id="get_thread", summary="A thread and one page of its posts")  # fmt: skip
def get_thread(request: HttpRequest, slug: str, thread_id: int, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    thread = queries.get_thread_or_404(member, thread_id)
    posts, next_cursor = keyset_page(
        queries.thread_posts(member, thread), sort_field="created_at", cursor=query.cursor, limit=50,
        parse=datetime.fromisoformat,
    )  # fmt: skip
    summary = queries.reaction_summary(member, posts)
    items = [
        {
            "id": p.pk,
            "author": p.author.display_name,
            "body": p.body,
            "body_html": p.body_html,
            "is_first": p.is_first,
            "created_at": p.created_at,
            "edited": p.edited_at is not None,
            "deleted": p.deleted_at is not None,
            "reactions": {kind: state["count"] for kind, state in summary.get(p.pk, {}).items()},
            "my_reactions": [kind for kind, state in summary.get(p.pk, {}).items() if state["mine"]],
        }  # fmt: skip
        for p in posts
    ]
    return {"thread": _thread_out(thread), "items": items, "next_cursor": next_cursor}


@router.post("/networks/{slug}/threads/{thread_id}/replies", response={201: PostOut, **PUBLISH_ERRORS}, auth=SIGNED_IN,
             operation_id="post_reply", summary="Reply to a thread", description=PRIVACY_NOTE.strip())  # fmt: skip
def post_reply(request: HttpRequest, slug: str, thread_id: int, payload: ReplyIn):
    member = access.get_membership_or_404(request.auth, slug)
    post = services.post_reply(
        member, queries.get_thread_or_404(member, thread_id), body=payload.body,
        confirm_privacy=payload.confirm_privacy,
    )  # fmt: skip
    return Status(201, {
        "id": post.pk, "author": member.display_name, "body": post.body, "body_html": post.body_html,
        "is_first": False, "created_at": post.created_at, "edited": False, "deleted": False,
        "reactions": {}, "my_reactions": [],
    })  # fmt: skip


@router.post("/networks/{slug}/posts/{post_id}/reactions", response={200: ReactionOut, **ERRORS}, auth=SIGNED_IN,
             operation_id="toggle_reaction", summary="Add or remove a reaction (merci, moi_aussi, courage, utile)")  # fmt: skip
def toggle_reaction(request: HttpRequest, slug: str, post_id: int, payload: ReactionIn):
    member = access.get_membership_or_404(request.auth, slug)
    active = services.toggle_reaction(member, queries.get_post_or_404(member, post_id), payload.kind)
    return {"kind": payload.kind, "active": active}


@router.post("/networks/{slug}/posts/{post_id}/accept", response={200: ThreadOut, **ERRORS}, auth=SIGNED_IN,
             operation_id="accept_answer", summary="Mark a reply as the accepted answer of its question")  # fmt: skip
def accept_answer(request: HttpRequest, slug: str, post_id: int):
    member = access.get_membership_or_404(request.auth, slug)
    thread = services.accept_answer(member, queries.get_post_or_404(member, post_id))
    return _thread_out(queries.get_thread_or_404(member, thread.pk))


@router.put("/networks/{slug}/threads/{thread_id}/follow", response={204: None, **ERRORS}, auth=SIGNED_IN,
            operation_id="set_follow", summary="Follow, mute or unfollow a thread")  # fmt: skip
def set_follow(request: HttpRequest, slug: str, thread_id: int, payload: FollowIn):
    member = access.get_membership_or_404(request.auth, slug)
    thread = queries.get_thread_or_404(member, thread_id)
    if payload.follow:
        services.follow_thread(member, thread, muted=payload.muted)
    else:
        services.unfollow_thread(member, thread)
    return Status(204, None)


@router.get("/networks/{slug}/notifications", response={200: NotificationPage, **ERRORS}, auth=SIGNED_IN,
            operation_id="list_notifications", summary="My notifications in this network")  # fmt: skip
def list_notifications(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    items, next_cursor = keyset_page(
        queries.my_notifications(member), sort_field="created_at", cursor=query.cursor, limit=50,
        descending=True, parse=datetime.fromisoformat,
    )  # fmt: skip
    return {
        "items": [
            {
                "id": n.pk,
                "kind": n.kind,
                "actor": n.actor.display_name,
                "thread_id": n.thread_id,
                "thread_title": n.thread.title,
                "post_id": n.post_id,
                "created_at": n.created_at,
                "read": n.read_at is not None,
            }  # fmt: skip
            for n in items
        ],
        "next_cursor": next_cursor,
        "unread": queries.unread_notification_count(member),
    }


@router.post("/networks/{slug}/notifications/read", response={204: None, **ERRORS}, auth=SIGNED_IN,
             operation_id="mark_notifications_read", summary="Mark all my notifications in this network read")  # fmt: skip
def mark_notifications_read(request: HttpRequest, slug: str):
    services.mark_notifications_read(access.get_membership_or_404(request.auth, slug))
    return Status(204, None)


@router.get("/networks/{slug}/search", response={200: list[SearchOut], **ERRORS, 503: ErrorOut}, auth=SIGNED_IN,
            operation_id="search_posts", summary="Full-text search within the network",
            description="503 `search_too_slow` when the search passes its time limit: add more precise words.")  # fmt: skip
def search_posts(request: HttpRequest, slug: str, query: Query[SearchQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    space = queries.get_space_or_404(member, query.space) if query.space else None
    author = queries.member_by_pseudonym(member, query.author) if query.author else None
    if query.author and author is None:
        return []
    results = search_backend.search(
        member,
        query.q,
        space_id=space.pk if space else None,
        kind=query.kind,
        author_id=author.pk if author else None,
    )
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


class CaseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    space: str = Field(max_length=80)
    title: str = Field(max_length=400)
    age_band: str = Field(max_length=8)
    sex: str = Field(default="U", max_length=1)
    context: str = Field(max_length=8000)
    history: str = Field(default="", max_length=8000)
    examinations: str = Field(default="", max_length=8000)
    question: str = Field(max_length=4000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class PollIn(Schema):
    model_config = ConfigDict(extra="forbid")
    space: str = Field(max_length=80)
    title: str = Field(max_length=400)
    body: str = Field(max_length=40_000)
    options: list[str] = Field(max_length=20)
    multiple: bool = False
    closes_at: datetime | None = None
    results: str = Field(default="voters", max_length=8)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class VoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    options: list[int] = Field(max_length=20)


class SolveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    conclusion: str = Field(max_length=8000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class PollOut(Schema):
    multiple: bool
    closed: bool
    closes_at: datetime | None = None
    my_votes: list[int]
    options: list[dict]


def _space(member, slug_of_space):
    services.ensure_default_spaces(member.network)
    return queries.get_space_or_404(member, slug_of_space)


@router.post("/networks/{slug}/cases", response={201: ThreadOut, **PUBLISH_ERRORS}, auth=SIGNED_IN,
             operation_id="create_case", summary="Share a de-identified clinical case (professional networks)",
             description="Every text field is checked under the network's policy for cases (a person's "
             "name is blocked by default)." + PRIVACY_NOTE)  # fmt: skip
def create_case(request: HttpRequest, slug: str, payload: CaseIn):
    member = access.get_membership_or_404(request.auth, slug)
    data = payload.dict()
    thread = cases_and_polls.create_case(member, _space(member, data.pop("space")), **data)
    return Status(201, _thread_out(queries.get_thread_or_404(member, thread.pk)))


@router.post("/networks/{slug}/threads/{thread_id}/solve", response={204: None, **PUBLISH_ERRORS}, auth=SIGNED_IN,
             operation_id="solve_case", summary="Close my clinical case with its conclusion",
             description=PRIVACY_NOTE.strip())  # fmt: skip
def solve_case(request: HttpRequest, slug: str, thread_id: int, payload: SolveIn):
    member = access.get_membership_or_404(request.auth, slug)
    cases_and_polls.solve_case(
        member, queries.get_thread_or_404(member, thread_id), conclusion=payload.conclusion,
        confirm_privacy=payload.confirm_privacy,
    )  # fmt: skip
    return Status(204, None)


@router.post("/networks/{slug}/polls", response={201: ThreadOut, **PUBLISH_ERRORS}, auth=SIGNED_IN,
             operation_id="create_poll", summary="Start a poll",
             description="Offsets in `options` count in the answers joined by newlines." + PRIVACY_NOTE)  # fmt: skip
def create_poll(request: HttpRequest, slug: str, payload: PollIn):
    member = access.get_membership_or_404(request.auth, slug)
    data = payload.dict()
    thread = cases_and_polls.create_poll(member, _space(member, data.pop("space")), **data)
    return Status(201, _thread_out(queries.get_thread_or_404(member, thread.pk)))


@router.get("/networks/{slug}/threads/{thread_id}/poll", response={200: PollOut, **ERRORS}, auth=SIGNED_IN,
            operation_id="get_poll", summary="A poll: options, my votes, and results when I may see them")  # fmt: skip
def get_poll(request: HttpRequest, slug: str, thread_id: int):
    member = access.get_membership_or_404(request.auth, slug)
    state = queries.poll_state(member, queries.get_thread_or_404(member, thread_id))
    if state is None:
        from django.http import Http404

        raise Http404
    return {
        "multiple": state["poll"].multiple, "closed": state["closed"], "closes_at": state["poll"].closes_at,
        "my_votes": sorted(state["mine"]),
        "options": [
            {"id": o.pk, "label": o.label, **({"votes": o.count} if state["show_results"] else {})}
            for o in state["options"]
        ],
    }  # fmt: skip


@router.post("/networks/{slug}/threads/{thread_id}/vote", response={204: None, **ERRORS}, auth=SIGNED_IN,
             operation_id="vote", summary="Vote in a poll (once)")  # fmt: skip
def vote(request: HttpRequest, slug: str, thread_id: int, payload: VoteIn):
    member = access.get_membership_or_404(request.auth, slug)
    thread = queries.get_thread_or_404(member, thread_id)
    cases_and_polls.vote(member, queries.get_poll_or_404(member, thread), payload.options)
    return Status(204, None)
