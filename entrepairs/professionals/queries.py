"""Reads of an account's own professional identity (never another account's)."""

from django.http import Http404

from entrepairs.networks.access import require_operator
from entrepairs.professionals.models import (
    DirectoryPerson,
    DocumentSubmission,
    Profession,
    Qualification,
    VerificationAttempt,
)


def my_qualifications(user):
    return (
        Qualification.objects.filter(user=user)
        .select_related("profession", "specialty")
        .order_by("-verified_at", "id")
    )


def professions():
    return Profession.objects.all()


def my_documents(user):
    return (
        DocumentSubmission.objects.filter(user=user)
        .select_related("profession", "specialty")
        .order_by("-created_at")
    )


def review_queue(reviewer):
    """Pending documents, oldest first, and identity conflicts flagged for review: staff only."""
    require_operator(reviewer)
    documents = (
        DocumentSubmission.objects.filter(status=DocumentSubmission.Status.PENDING)
        .select_related("user", "profession", "specialty")
        .order_by("created_at", "id")
    )
    flagged = VerificationAttempt.objects.filter(needs_review=True).select_related("user", "conflicting_user")
    return documents, flagged


def get_document_for_owner_or_reviewer_or_404(user, submission_id: int):
    """A proof is readable by its owner and by reviewers; anyone else gets 404."""
    submission = (
        DocumentSubmission.objects.select_related("user", "profession", "specialty")
        .filter(pk=submission_id)
        .first()
    )
    if (
        submission is None
        or not user.is_authenticated
        or not (submission.user_id == user.pk or user.is_staff)
    ):
        raise Http404("Not found")
    return submission


NATIONAL_ID_PREFIX = {"rpps": "8", "adeli": "0"}


def directory_names_for(user) -> list[dict]:
    """For the reviewer of `user`'s document: the names the account declared when it tried the
    directory, each with the name the Annuaire Santé lists for that identifier (when listed), to
    compare with the name on the document. Two queries; reviewers only (the page is operator-gated)."""
    attempts = list(
        VerificationAttempt.objects.filter(user=user)
        .exclude(identifier="")
        .order_by("-created_at")
        .values("identifier_type", "identifier", "declared_last_name", "declared_first_name")[:5]
    )
    ids = {
        NATIONAL_ID_PREFIX[item["identifier_type"]] + item["identifier"]
        for item in attempts
        if item["identifier_type"] in NATIONAL_ID_PREFIX
    }
    listed = {person.national_id: person for person in DirectoryPerson.objects.filter(national_id__in=ids)}
    seen, rows = set(), []
    for item in attempts:
        key = (item["identifier_type"], item["identifier"])
        if key in seen:
            continue
        seen.add(key)
        person = listed.get(NATIONAL_ID_PREFIX.get(item["identifier_type"], "") + item["identifier"])
        rows.append({**item, "listed": person})
    return rows
