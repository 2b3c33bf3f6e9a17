"""The caller's professional identity through the API."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import StrictInput, Text
from entrepairs.professionals import queries, services

router = Router(tags=["professionals"], auth=SIGNED_IN)
ERRORS = error_responses(400, 409)


class QualificationOut(Schema):
    profession: str
    specialty: str | None = None
    status: str
    method: str
    badge: str
    verified_until: datetime | None = None


class DirectoryIn(StrictInput):
    profession: Text = Field(max_length=8, description="Annuaire Santé profession code, e.g. 10")
    identifier_type: Literal["rpps", "adeli", "npi"]
    identifier: Text = Field(max_length=32)
    last_name: Text = Field(max_length=120)
    first_name: Text = Field(max_length=120)


def _out(qualification) -> dict:
    return {
        "profession": qualification.profession.code,
        "specialty": qualification.specialty.code if qualification.specialty_id else None,
        "status": qualification.status,
        "method": qualification.method,
        "badge": qualification.badge,
        "verified_until": qualification.verified_until,
    }


@router.get(
    "/me/qualifications",
    response={200: list[QualificationOut], **ERRORS},
    operation_id="my_qualifications",
    summary="My professions and their verification",
)
def my_qualifications(request: HttpRequest):
    return [_out(q) for q in queries.my_qualifications(request.auth)]


@router.post(
    "/me/verification/directory",
    response={200: list[QualificationOut], **ERRORS},
    operation_id="verify_by_directory",
    summary="Verify my profession against the Annuaire Santé",
)
def verify_by_directory(request: HttpRequest, payload: DirectoryIn):
    return [_out(q) for q in services.verify_by_directory(request.auth, **payload.dict())]
