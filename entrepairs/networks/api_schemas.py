"""Shapes of the networks API (entrepairs/networks/api.py): the directory, personas, members and the
moderators' tools. Input schemas forbid unknown fields (api.schemas.StrictInput)."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from entrepairs.api.schemas import (
    JSON_NUMBER,
    Flag,
    Moment,
    PrivacyKind,
    StrictInput,
    Text,
    confirm_privacy_field,
)


# --- Networks ------------------------------------------------------------------------------------
class CodeName(Schema):
    code: str
    name: str


class MembershipBrief(Schema):
    status: str
    role: str


class NetworkOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    language: str
    theme_color: str
    join_policy: str
    allow_relatives: bool
    professions: list[CodeName]
    specialties: list[CodeName]
    member_count: int
    my_membership: MembershipBrief | None = None


class Suggestion(Schema):
    display_name: str


class JoinIn(StrictInput):
    display_name: Text = Field(max_length=200)
    member_type: Literal["patient", "relative", "professional"] | None = Field(
        default=None,
        description="patient networks: patient (default) or relative; professional networks: professional",
    )
    consent: Flag = Field(default=False, description="explicit consent to health-data processing")
    invitation_token: Text | None = Field(default=None, max_length=200)
    message: Text = Field(default="", max_length=1000, description="for networks that approve requests")
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


# --- Personas and members ------------------------------------------------------------------------
class MembershipOut(Schema):
    id: int
    network: str = Field(description="slug of the network")
    network_name: str
    display_name: str
    bio: str
    role: str
    status: str
    member_type: str
    badge: str | None = None
    joined_at: date | None = Field(
        default=None, description="the day only: a finer time could pair two personas of one account"
    )


class PersonaPatch(StrictInput):
    """Only these fields can change. Anything else (role, network_id, is_staff...) is refused (422)."""

    display_name: Text | None = Field(default=None, max_length=200)
    bio: Text | None = Field(default=None, max_length=5000)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class MemberOut(Schema):
    """What members see of each other: the persona only, never the account behind it."""

    id: int = Field(description="id of the membership (not of the account)")
    display_name: str
    role: str
    member_type: str
    badge: str | None = None
    joined_at: date | None = Field(
        default=None, description="the day only: a finer time could pair two personas of one account"
    )


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None = None


# --- Moderation ----------------------------------------------------------------------------------
class JoinRequestOut(Schema):
    id: int
    display_name: str
    member_type: str
    badge: str | None = None
    message: str
    requested_at: date = Field(description="the day only, like joined_at")
    status: str


class JoinRequestPage(Schema):
    items: list[JoinRequestOut]
    next_cursor: str | None = None


class InvitationIn(StrictInput):
    days: Annotated[int, Field(ge=1, le=90), JSON_NUMBER] | None = Field(
        default=None, description="the platform default when omitted"
    )
    max_uses: Annotated[int, Field(ge=1, le=500), JSON_NUMBER] = 1
    note: Text = Field(default="", max_length=120)


class InvitationOut(Schema):
    id: int
    note: str
    created_by: str | None = Field(default=None, description="display name of the moderator")
    created_at: datetime
    expires_at: datetime
    max_uses: int
    use_count: int
    revoked_at: datetime | None = None
    usable: bool


class NewInvitationOut(InvitationOut):
    token: str = Field(description="shown once: it is stored hashed and cannot be read again")
    url: str


class InvitationPage(Schema):
    items: list[InvitationOut]
    next_cursor: str | None = None


class RoleIn(StrictInput):
    role: Literal["member", "moderator", "editor", "admin"]


# --- Ending memberships --------------------------------------------------------------------------
class RemoveIn(StrictInput):
    reason: Text = Field(max_length=500, description="told to the member by email; no health detail")


class BanIn(RemoveIn):
    until: Moment | None = Field(default=None, description="when the ban ends; omitted: for good")


class EndedMemberOut(Schema):
    """A removed or banned persona, for the moderators: what the member was told, and by whom."""

    id: int
    display_name: str
    status: Literal["removed", "banned"]
    reason: str
    ended_on: date | None = Field(description="the day it ended (to the day, as every date of a persona)")
    ended_by: str | None = Field(description="the moderator's display name; null for the platform team")
    banned_until: datetime | None = None


class EndedMemberPage(Schema):
    items: list[EndedMemberOut]
    next_cursor: str | None = None
