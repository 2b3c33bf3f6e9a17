"""Shapes of the moderation API (entrepairs/moderation/api.py). Input schemas forbid unknown fields."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from entrepairs.api.schemas import Id, StrictInput, Text

Reason = Literal["misinformation", "personal_data", "harassment", "spam", "distress", "other"]
Action = Literal["dismiss", "approve", "hide", "unhide", "redact", "warn", "suspend", "remove", "ban"]


class ReportIn(StrictInput):
    kind: Literal["post", "thread", "message", "member"]
    object_id: Id
    reason: Reason
    note: Text = Field(default="", max_length=1000)


class MyReportOut(Schema):
    """What the reporter sees of their report."""

    id: int
    kind: str
    object_id: int
    reason: str
    status: str
    created_on: str = Field(description="the day, never the moment")


class ReportOut(Schema):
    id: int
    kind: str
    object_id: int
    reason: str
    source: str = Field(description="member, crisis, watched_word or approval")
    priority: bool
    status: str
    author_id: int
    author_name: str
    reporter_name: str | None = Field(default=None, description="moderators only; never told to the author")
    note: str
    created_at: datetime
    outcome: str


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: str | None


class DecisionBrief(Schema):
    action: str
    reason: str
    moderator_name: str
    created_at: datetime


class AuthorRecord(Schema):
    reports: int
    acted_upon: int
    dismissed: int
    suspended_until: datetime | None
    decisions: list[DecisionBrief]


class ReportDetailOut(ReportOut):
    text: str = Field(description="the reported text as it was when reported (audited read)")
    item_exists: bool
    hidden: bool
    history: list[ReportOut]
    author_record: AuthorRecord


class DecisionIn(StrictInput):
    action: Action
    reason: Text = Field(
        default="", max_length=500, description="told to the author; required but to dismiss or approve"
    )
    confirm: bool = Field(default=False, description="required for every action but dismiss and approve")
    until: datetime | None = Field(default=None, description="end of a suspension (required) or of a ban")
    redacted_text: Text = Field(
        default="", max_length=20000, description="for redact: the text without the personal data"
    )


class DecisionOut(Schema):
    id: int
    action: str
    reason: str
    suspended_until: datetime | None
    created_at: datetime


class NoticeOut(Schema):
    id: int
    kind: str
    action: str
    item_kind: str
    reason: str
    created_on: str
    read: bool


class NoticePage(Schema):
    items: list[NoticeOut]
    next_cursor: str | None
