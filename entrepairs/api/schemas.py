"""Types every app's API shares: strict input, ids, the page query and its limit, errors, the privacy
refusal. An app's own shapes live in its `api_schemas.py` (networks, messaging) or its `api.py`.

Input schemas forbid unknown fields: a client sending `role` or `network_id` where they are not
accepted gets 422 instead of a silent partial update."""

from datetime import datetime
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, P, Path, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Strict, StringConstraints

from entrepairs.moments import in_utc
from entrepairs.privacy.findings import KINDS
from entrepairs.public_ids import MAX_ID

# PostgreSQL refuses NUL in text columns: refusing it here turns a would-be 500 into a 422, and as a
# pattern the schema says so (clients and schemathesis then know that such text is invalid input).
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
# Every moment a client sends: in UTC on arrival (entrepairs/moments.py: offsets PostgreSQL refuses).
Moment = Annotated[datetime, AfterValidator(in_utc)]


class StrictInput(Schema):
    """JSON bodies: no unknown field. Their numbers and booleans are `JsonInt`, `Id`, `SequenceNumber`
    and `Flag`, so that `"days": "7"` or `"muted": 0` are refused as the schema says instead of being
    read as 7 and false."""

    model_config = ConfigDict(extra="forbid")


# Ids and sequences fit a signed 64-bit column (public_ids.MAX_ID): a larger number is a 422, never a
# database overflow.


def _json_number(value):
    # pydantic reads "7" and true as numbers; a JSON body that means a number sends one (7 or 7.0).
    if isinstance(value, str | bool):
        raise ValueError("Input should be a number")
    return value


# After the bounds in an Annotated, so that the schema states them as minimum and maximum.
JSON_NUMBER = BeforeValidator(_json_number)
Flag = Annotated[bool, Strict()]  # true or false, not 0, 1 or "yes"
# In JSON bodies:
Id = Annotated[int, Field(ge=1, le=MAX_ID), JSON_NUMBER]
SequenceNumber = Annotated[int, Field(ge=0, le=MAX_ID), JSON_NUMBER]
# In query strings and forms, where every value arrives as text:
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
QuerySequence = Annotated[int, Field(ge=0, le=MAX_ID)]
PathId = Path[int, P(ge=1, le=MAX_ID)]


# --- Pages ---------------------------------------------------------------------------------------
class PageQuery(Schema):
    """Keyset pagination of every list: pass the previous page's `next_cursor` back as `cursor`."""

    cursor: str | None = Field(default=None, max_length=400, description="next_cursor of the previous page")
    limit: int = Field(default=50, description="1 to 100")


def page_limit(limit: int) -> int:
    """Out-of-range limits are clamped rather than refused: a client asking for 1000 gets 100."""
    return min(max(limit, 1), settings.API_MEMBER_PAGE_MAX)


# --- Errors --------------------------------------------------------------------------------------
class ErrorOut(Schema):
    code: str = Field(description="stable, machine-readable: not_found, consent_required, ...")
    message: str = Field(description="human message in the caller's language")
    field: str | None = Field(default=None, description="the input field at fault, when there is one")


class ErrorDetail(Schema):
    loc: list[str]
    msg: str


class ValidationErrorOut(ErrorOut):
    details: list[ErrorDetail]


# --- Privacy (issue 5): what publishing text may answer, and how to confirm ------------------------
PrivacyKind = Literal[KINDS]


def confirm_privacy_field():
    """`confirm_privacy` on every input that publishes text: the kinds the author confirms."""
    return Field(
        default_factory=list,
        max_length=len(KINDS),
        description="kinds of personal data you confirm publishing (after a `privacy_confirm_required` "
        "answer, send again with its `confirm_kinds`)",
    )


class PrivacyFindingOut(Schema):
    field: str = Field(description="the input field where it was found")
    kind: str = Field(
        description="PERSON, PHONE, EMAIL, NIR, IBAN, RPPS, ADELI, NPI, ADDRESS, BIRTHDATE, RECORD_ID"
    )
    action: str = Field(description="block or confirm")
    start: int = Field(description="offset in the field's text, in characters (not bytes)")
    end: int


class PrivacyErrorOut(ErrorOut):
    """422 `privacy_blocked` (remove what is blocked) or `privacy_confirm_required` (send again with
    `confirm_privacy`). Never the detected values: the caller has the text and the offsets."""

    kinds: list[str] = Field(description="the kinds that stop publishing")
    confirm_kinds: list[str] = Field(description="the kinds to list in `confirm_privacy` to publish")
    audience: int | None = Field(description="how many people will see the text (when confirming)")
    findings: list[PrivacyFindingOut]


# For operations that publish text: 422 is either invalid input or a privacy refusal.
PUBLISH_422 = ValidationErrorOut | PrivacyErrorOut


class ImageRegionOut(Schema):
    kind: str
    left: int
    top: int
    width: int
    height: int


class AttachmentReviewOut(ErrorOut):
    """422 `attachment_review`: faces or personal data were found on the file; nothing is stored.
    Send it again with `attachment_choice` (one of `choices`). Never the text read."""

    faces: int = Field(description="faces found on the image")
    kinds: list[str] = Field(description="kinds of personal data read on the image or in the PDF's text")
    choices: list[str] = Field(description="`mask` (images only) and/or `as_is`")
    regions: list[ImageRegionOut] = Field(
        description="boxes in the pixels of the image as it would be stored"
    )
    width: int
    height: int


ATTACHMENT_422 = ValidationErrorOut | PrivacyErrorOut | AttachmentReviewOut
