from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


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
    joined_at: datetime | None = None


class MemberOut(Schema):
    id: int
    display_name: str
    role: str
    member_type: str
    badge: str | None = None
    joined_at: datetime | None = None


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None = None


class JoinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    display_name: str = Field(max_length=200)
    member_type: str | None = Field(default=None, max_length=20)
    consent: bool = False
    invitation_token: str | None = Field(default=None, max_length=200)
    message: str = Field(default="", max_length=1000)


class PersonaPatch(Schema):
    """Only these fields can change. Anything else (role, network_id, is_staff...) is refused (422)."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, max_length=200)
    bio: str | None = Field(default=None, max_length=5000)


class Suggestion(Schema):
    display_name: str
