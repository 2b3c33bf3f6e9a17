"""Reads of an account's own professional identity (never another account's)."""

from django.http import Http404

from entrepairs.networks.access import require_operator
from entrepairs.professionals.models import DocumentSubmission, Profession, Qualification, VerificationAttempt


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
