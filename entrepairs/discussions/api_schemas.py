"""Shapes of the discussions API (entrepairs/discussions/api.py). Input schemas forbid unknown fields;
ids are positive 64-bit integers (a larger one is a 422) and every string has a maximum length."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from entrepairs.api.schemas import (
    Flag,
    Id,
    Moment,
    PageQuery,
    PrivacyKind,
    StrictInput,
    Text,
    confirm_privacy_field,
)
from entrepairs.discussions.models import ClinicalCase, Poll, Reaction, Thread

# The values the services accept, as enums in the schema (anything else is a 422 before any work).
ThreadKind = Literal[Thread.Kind.DISCUSSION.value, Thread.Kind.QUESTION.value]
ReactionKind = Literal[tuple(Reaction.Kind.values)]
AgeBand = Literal[tuple(ClinicalCase.AgeBand.values)]
Sex = Literal[tuple(ClinicalCase.Sex.values)]
PollResults = Literal[tuple(Poll.Results.values)]
SearchKind = Literal[tuple(Thread.Kind.values)]


# --- Output --------------------------------------------------------------------------------------
class ThreadOut(Schema):
    support_resources: list[str] | None = Field(
        default=None,
        description="crisis response, on creation only: support lines to show the author at once when the text suggests distress",
    )
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
    support_resources: list[str] | None = Field(
        default=None,
        description="crisis response, on creation only: support lines to show the author at once when the text suggests distress",
    )
    id: int
    author: str
    body: str
    body_html: str
    is_first: bool
    created_at: datetime
    edited: bool
    deleted: bool
    hidden_by_author: bool = Field(
        description="its author hid it from the other members: `body` is empty and `body_html` says so"
    )
    reactions: dict[str, int]
    my_reactions: list[str]


class PostPage(Schema):
    thread: ThreadOut
    items: list[PostOut]
    next_cursor: str | None = None


class ReactionOut(Schema):
    kind: str
    active: bool


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


class PollOut(Schema):
    multiple: bool
    closed: bool
    closes_at: datetime | None = Field(default=None, strict=False)
    my_votes: list[int]
    options: list[dict]


# --- Input ---------------------------------------------------------------------------------------
class ThreadPageQuery(PageQuery):
    """The thread list's page is the page's: 30 threads unless `limit` says otherwise."""

    limit: int = Field(default=30, description="1 to 100")


class SearchQuery(Schema):
    q: Text = Field(max_length=200)
    space: Text | None = Field(default=None, max_length=80)
    kind: SearchKind | None = None
    author: Text | None = Field(
        default=None, max_length=40, description="pseudonym of a member of the network"
    )
    page: int = Field(
        default=1, ge=1, le=5, description="20 results per page, best first; a page with fewer has no next"
    )


class ThreadIn(StrictInput):
    space: Text = Field(max_length=80)
    kind: ThreadKind = "discussion"
    title: Text = Field(max_length=400)
    body: Text = Field(max_length=40_000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class ReplyIn(StrictInput):
    body: Text = Field(max_length=40_000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class ReactionIn(StrictInput):
    kind: ReactionKind


class FollowIn(StrictInput):
    follow: Flag = True
    muted: Flag = False


class CaseIn(StrictInput):
    space: Text = Field(max_length=80)
    title: Text = Field(max_length=400)
    age_band: AgeBand
    sex: Sex = "U"
    context: Text = Field(max_length=8000)
    history: Text = Field(default="", max_length=8000)
    examinations: Text = Field(default="", max_length=8000)
    question: Text = Field(max_length=4000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class PollIn(StrictInput):
    space: Text = Field(max_length=80)
    title: Text = Field(max_length=400)
    body: Text = Field(max_length=40_000)
    options: list[Text] = Field(max_length=20)
    multiple: Flag = False
    closes_at: Moment | None = None
    results: PollResults = "voters"
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class VoteIn(StrictInput):
    options: list[Id] = Field(max_length=20)


class SolveIn(StrictInput):
    conclusion: Text = Field(max_length=8000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


def _iso_day_only(value):
    """A day as JSON writes it ("2026-03-01"): pydantic would also read 0 as 1970-01-01."""
    if value is not None and not isinstance(value, str | date):
        raise ValueError("a day as YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day_only)]


class HideOldPostsIn(StrictInput):
    before: IsoDay | None = Field(
        default=None, description="hide the posts written before this day (default: today); not in the future"
    )


class HiddenPostsOut(Schema):
    changed: int = Field(description="how many posts were hidden, or shown again")
    hidden: int = Field(description="how many of my posts in this network are now hidden from the others")


class CaptionIn(StrictInput):
    caption: Text = Field(max_length=300, description="what the photo shows; empty to remove it")
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class CasePhotoCaptionOut(Schema):
    id: int
    caption: str
