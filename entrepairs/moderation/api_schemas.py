"""Shapes of the moderation API (entrepairs/moderation/api.py). Input schemas forbid unknown fields."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from entrepairs.api.schemas import JSON_NUMBER, Flag, Id, Moment, StrictInput, Text

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
    until: Moment | None = Field(default=None, description="end of a suspension (required) or of a ban")
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


# --- The network's watched words and moderation settings (administrators) --------------------------
WatchedAction = Literal["block", "approve", "flag", "replace"]
Country = Literal["FR", "US", "BE", "CH", "CA"]


class WatchedWordIn(StrictInput):
    word: Text = Field(
        min_length=2, max_length=80, description="a word or phrase; case and accents are ignored"
    )
    action: WatchedAction = Field(
        description="block: the text is refused; approve: it waits for a moderator; flag: published and "
        "queued; replace: the word is replaced"
    )
    replacement: Text = Field(default="", max_length=80, description="required for replace")


class WatchedWordOut(Schema):
    id: int
    word: str
    action: str
    replacement: str


class WatchedWordList(Schema):
    items: list[WatchedWordOut] = Field(description="every watched word of the network, by word")


class ModerationSettingsOut(Schema):
    code_of_conduct: str = Field(description="the text members read (the default one when not written)")
    code_of_conduct_is_default: bool
    country: str = Field(description="country of the default support lines")
    crisis_resources: str = Field(description="the network's own support lines (empty: the country's)")
    support_lines: list[str] = Field(description="the lines shown to a member in distress")
    first_posts_needing_approval: int = Field(description="a new member's first posts held for approval")
    admit_experts: bool = Field(description="verified professionals may add expert notes (patient networks)")


class ModerationSettingsPatch(StrictInput):
    """Only the fields sent change; null leaves a field as it is."""

    code_of_conduct: Text | None = Field(
        default=None, max_length=10_000, description="empty: back to the default text"
    )
    country: Country | None = None
    crisis_resources: Text | None = Field(
        default=None, max_length=2000, description="one line each; empty: the country's lines"
    )
    first_posts_needing_approval: Annotated[int, Field(ge=0, le=20), JSON_NUMBER] | None = None
    admit_experts: Flag | None = None
