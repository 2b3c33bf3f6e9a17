"""Reads of case photos, always from a membership (networks.access) and through the thread's own
visibility (discussions.queries), so a photo is never more visible than its case."""

from django.http import Http404

from entrepairs.discussions import queries as discussions
from entrepairs.discussions.models import CasePhoto, ClinicalCase, Thread
from entrepairs.errors import NOT_FOUND
from entrepairs.networks.models import Membership


def case_of(thread: Thread) -> ClinicalCase | None:
    if thread.kind != Thread.Kind.CASE:
        return None
    try:
        return thread.case
    except ClinicalCase.DoesNotExist:
        return None


def get_own_case_or_404(member: Membership, thread_id: int) -> tuple[Thread, ClinicalCase]:
    """The member's own clinical case (its photo page is the author's tool): 404 for anyone else,
    moderators included, so that pending photos do not even show that they exist."""
    thread = discussions.get_thread_or_404(member, thread_id)
    case = case_of(thread)
    if case is None or thread.author_id != member.pk or thread.deleted_at:
        raise Http404(NOT_FOUND)
    return thread, case


def photos_for_author(member: Membership, case: ClinicalCase) -> list[CasePhoto]:
    return list(CasePhoto.objects.filter(case=case, network_id=member.network_id))


def for_case_page(member: Membership, thread: Thread) -> dict | None:
    """What the case page shows (one query): published photos; for the author, also how many wait
    for review. None for a thread that is not a case."""
    case = case_of(thread)
    if case is None:
        return None
    photos = CasePhoto.objects.filter(case=case, network_id=member.network_id)
    is_author = thread.author_id == member.pk
    if not is_author:
        photos = photos.filter(status=CasePhoto.Status.PUBLISHED)
    photos = list(photos)
    return {
        "published": [photo for photo in photos if photo.status == CasePhoto.Status.PUBLISHED],
        "pending": sum(photo.status == CasePhoto.Status.PENDING for photo in photos),
        "is_author": is_author,
        "can_remove": is_author or member.is_moderator,
    }


def get_photo_or_404(member: Membership, photo_id: int) -> CasePhoto:
    """A photo the member may see: a published photo of a case the member sees, or one of the
    member's own pending photos. 404 otherwise, the same as for an id that does not exist."""
    photo = (
        CasePhoto.objects.filter(pk=photo_id, network_id=member.network_id)
        .select_related("case__thread")
        .first()
    )
    if photo is None:
        raise Http404(NOT_FOUND)
    thread = photo.case.thread
    if thread.deleted_at and not member.is_moderator:
        raise Http404(NOT_FOUND)
    if photo.status != CasePhoto.Status.PUBLISHED and thread.author_id != member.pk:
        raise Http404(NOT_FOUND)
    return photo
