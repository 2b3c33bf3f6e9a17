"""Writes of case photos: add (with the case or later), publish after review, remove.

Every photo is re-encoded without metadata (privacy/images.py) and searched for faces
(privacy/faces.py) before anything is stored; the slow part runs outside any transaction. A photo
stays visible to its author only until the author has looked at it next to its blurred copy and
chosen what to publish."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.audit import services as audit
from entrepairs.discussions.actions import cases_and_polls
from entrepairs.discussions.models import CasePhoto, ClinicalCase, Space, Thread
from entrepairs.errors import ActionRefused
from entrepairs.networks import trust
from entrepairs.networks.models import Membership
from entrepairs.privacy import faces as face_detection
from entrepairs.privacy import ocr, policy
from entrepairs.privacy import services as privacy
from entrepairs.privacy.images import UnreadableImage, clean_pixels, encode, size_refusal, sniff

MAX_PHOTOS = 4
MAX_BYTES = 10 * 1024 * 1024
CAPTION_MAX = 300
MAX_SIDE = 2560  # enough to see a lesion in detail on any screen; phones take 4000+ px
FORMATS = ("JPEG", "PNG", "WEBP")
FIELD = "photos"


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to store: both versions without metadata (no `blurred` when no face was found)."""

    original: ContentFile
    blurred: ContentFile | None
    faces: int
    width: int
    height: int
    text_regions: list[dict]
    text_read: bool


def _name(upload) -> str:
    return ((getattr(upload, "name", "") or "").rsplit("/", 1)[-1] or _("photo"))[:80]


def _refuse(code: str, message: str) -> ActionRefused:
    return ActionRefused(code, message, field=FIELD)


def check_uploads(uploads, *, already: int = 0) -> None:
    """The cheap checks (count, size, type by content), for a form to answer before anything is
    created. Raises ActionRefused on the `photos` field."""
    left = MAX_PHOTOS - already
    if len(uploads) > left:
        raise _refuse(
            "too_many_photos",
            ngettext(
                "A case has %(max)d photos at most: you can add %(left)d more.",
                "A case has %(max)d photos at most: you can add %(left)d more.",
                left,
            )
            % {"max": MAX_PHOTOS, "left": max(left, 0)},
        )
    for upload in uploads:
        if upload.size > MAX_BYTES:
            raise _refuse("photo_too_large", _("“%(name)s” is larger than 10 MB.") % {"name": _name(upload)})
        if sniff(upload, FORMATS) is None:
            raise _refuse(
                "photo_type",
                _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": _name(upload)},
            )


def prepare(uploads, *, already: int = 0) -> list[PreparedPhoto]:
    """Check, strip and blur every upload, storing nothing. All or none: the first bad file refuses
    the lot, so that the author's form comes back whole."""
    check_uploads(uploads, already=already)
    prepared = []
    for upload in uploads:
        try:
            clean = clean_pixels(upload, formats=FORMATS, max_side=MAX_SIDE)
        except UnreadableImage as unreadable:
            if unreadable.reason == "busy":
                raise size_refusal(unreadable, code="photo_busy", field=FIELD) from None
            if unreadable.reason == "too_many_pixels":
                message = _("“%(name)s” has too many pixels (40 megapixels at most).")
            elif unreadable.reason == "too_much_memory":
                message = _("“%(name)s” is too large to process: send a smaller image.")
            else:
                message = _("“%(name)s” cannot be read as an image.")
            raise _refuse("photo_unreadable", message % {"name": _name(upload)}) from None
        boxes = face_detection.detect_faces(clean.image)
        blurred = None
        if boxes:
            blurred = encode(
                face_detection.blur_regions(clean.image, boxes), "JPEG", name="blurred", quality=90
            )
        # A photographed prescription or letter: names, addresses, NIRs written on it (privacy/ocr.py).
        regions = ocr.find_text_regions(clean.image)
        prepared.append(
            PreparedPhoto(
                original=encode(clean.image, "JPEG", name="original", quality=90), blurred=blurred,
                faces=len(boxes), width=clean.image.width, height=clean.image.height,
                text_regions=[region.as_dict() for region in regions or []], text_read=regions is not None,
            )
        )  # fmt: skip
    return prepared


def _store(member: Membership, case: ClinicalCase, prepared: list[PreparedPhoto], written: list[str]):
    """Inside the caller's transaction, with the case row locked (two uploads at once cannot pass
    the limit together). The names of the files written are appended to `written`: the caller
    deletes them if its transaction does not commit."""
    if CasePhoto.objects.filter(case=case).count() + len(prepared) > MAX_PHOTOS:
        raise _refuse("too_many_photos", _("A case has %(max)d photos at most.") % {"max": MAX_PHOTOS})
    photos = []
    for item in prepared:
        photo = CasePhoto(network_id=member.network_id, case=case, faces=item.faces, width=item.width,
                          height=item.height, text_regions=item.text_regions, text_read=item.text_read)  # fmt: skip
        photo.original.save("photo.jpg", item.original, save=False)
        written.append(photo.original.name)
        if item.blurred is not None:
            photo.blurred.save("photo.jpg", item.blurred, save=False)
            written.append(photo.blurred.name)
        photo.save()
        photos.append(photo)
    return photos


def _delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def _lock_own_case(member: Membership, thread: Thread) -> ClinicalCase:
    case = (
        ClinicalCase.objects.select_for_update().filter(thread=thread, network_id=member.network_id).first()
    )
    if case is None or thread.kind != Thread.Kind.CASE or thread.author_id != member.pk or thread.deleted_at:
        # The same answer whatever the reason: the photo tools of a case are its author's alone.
        raise ActionRefused("not_found", _("Not found."), status=404)
    return case


def add_photos(member: Membership, thread: Thread, uploads) -> list[CasePhoto]:
    """The author adds photos to a case; they wait for the author's review."""
    uploads = list(uploads or [])
    if not uploads:
        raise _refuse("photos_required", _("Choose one or more photos."))
    already = CasePhoto.objects.filter(case__thread=thread, network_id=member.network_id).count()
    check_uploads(uploads, already=already)
    trust.check_images(member, len(uploads), field=FIELD)
    prepared = prepare(uploads, already=already)
    written: list[str] = []
    try:
        with transaction.atomic():
            return _store(member, _lock_own_case(member, thread), prepared, written)
    except BaseException:
        _delete_files(written)
        raise


def create_case_with_photos(member: Membership, space: Space, *, photos=(), **fields) -> Thread:
    """A clinical case (actions/cases_and_polls.create_case) and its first photos, all or nothing:
    a bad photo refuses the case too, so that the author's form comes back with everything typed."""
    photos = list(photos or [])
    check_uploads(photos)
    trust.check_images(member, len(photos), field=FIELD)
    prepared = prepare(photos)
    written: list[str] = []
    try:
        with transaction.atomic():
            thread = cases_and_polls.create_case(member, space, **fields)
            if prepared:
                _store(member, _lock_own_case(member, thread), prepared, written)
    except BaseException:
        _delete_files(written)
        raise
    return thread


def _lock_photo(member: Membership, photo: CasePhoto) -> CasePhoto:
    locked = (
        CasePhoto.objects.select_for_update()
        .select_related("case__thread")
        .filter(pk=photo.pk, network_id=member.network_id)
        .first()
    )
    if locked is None:
        raise ActionRefused("not_found", _("Not found."), status=404)
    return locked


def publish(member: Membership, photo: CasePhoto, version: str, *, confirmed: bool = False) -> CasePhoto:
    """The author publishes a reviewed photo: the blurred copy (the original is deleted) or the photo
    as taken (the blurred copy is deleted). Publishing as taken a photo where faces were found needs
    `confirmed`: the author says nobody can be recognised."""
    if version not in CasePhoto.Version.values:
        raise ActionRefused("invalid_version", _("Choose which version to publish."))
    with transaction.atomic():
        locked = _lock_photo(member, photo)
        thread = locked.case.thread
        if thread.author_id != member.pk or thread.deleted_at:
            raise ActionRefused("not_found", _("Not found."), status=404)
        if locked.status != CasePhoto.Status.PENDING:
            raise ActionRefused("already_reviewed", _("This photo has already been published."), status=409)
        if version == CasePhoto.Version.BLURRED and not locked.blurred:
            raise ActionRefused(
                "no_blurred_copy", _("No face was found on this photo: there is no blurred copy.")
            )
        if locked.text_regions and not locked.text_masked and not confirmed:
            raise ActionRefused(
                "confirm_text",
                _("Personal data was read on this photo: mask it, or tick the box to publish it as it is."),
                field="confirm",
            )
        if version == CasePhoto.Version.ORIGINAL and locked.faces and not confirmed:
            raise ActionRefused(
                "confirm_as_taken",
                _("Tick the box to confirm that nobody can be recognised on the photo as taken."),
                field="confirm",
            )
        dropped = locked.original if version == CasePhoto.Version.BLURRED else locked.blurred
        dropped_name = dropped.name
        if version == CasePhoto.Version.BLURRED:
            locked.original = ""
        else:
            locked.blurred = ""
        locked.status, locked.published_version = CasePhoto.Status.PUBLISHED, version
        locked.published_at = timezone.now()
        locked.save(update_fields=["original", "blurred", "status", "published_version", "published_at"])
        # The version not chosen leaves storage once the choice is committed (never before: a
        # rollback would leave a published photo without its file).
        transaction.on_commit(lambda: _delete_files([dropped_name]))
    return locked


def mask_text(member: Membership, photo: CasePhoto) -> CasePhoto:
    """The author masks, in one click, what was read on a photo waiting for review: the boxes are
    filled in black in both versions, the pixels under them are gone (new files; the old ones leave
    storage after commit). Nobody else has seen the photo: it is still pending."""
    with transaction.atomic():
        locked = _lock_photo(member, photo)
        thread = locked.case.thread
        if thread.author_id != member.pk or thread.deleted_at:
            raise ActionRefused("not_found", _("Not found."), status=404)
        if locked.status != CasePhoto.Status.PENDING:
            raise ActionRefused("already_reviewed", _("This photo has already been published."), status=409)
        if not locked.text_regions or locked.text_masked:
            return locked
        regions = [ocr.TextRegion.from_dict(region) for region in locked.text_regions]
        old_names, written = [], []
        try:
            for stored in (locked.original, locked.blurred):
                if not stored:
                    continue
                with stored.open("rb") as handle:
                    clean = clean_pixels(handle, formats=FORMATS)
                masked = encode(ocr.mask(clean.image, regions), "JPEG", name="masked", quality=90)
                old_names.append(stored.name)
                stored.save("photo.jpg", masked, save=False)
                written.append(stored.name)
            locked.text_masked = True
            locked.save(update_fields=["original", "blurred", "text_masked"])
        except BaseException:
            _delete_files(written)
            raise
        transaction.on_commit(lambda: _delete_files(old_names))
    return locked


def remove(member: Membership, photo: CasePhoto) -> None:
    """The author removes any of their photos; a moderator removes a published one (audited)."""
    with transaction.atomic():
        locked = _lock_photo(member, photo)
        thread = locked.case.thread
        is_author = thread.author_id == member.pk
        may_moderate = member.is_moderator and locked.status == CasePhoto.Status.PUBLISHED
        if not (is_author or may_moderate):
            raise ActionRefused("not_found", _("Not found."), status=404)
        if not is_author:
            require_mfa_for_role(member)
        names = [locked.original.name, locked.blurred.name]
        if not is_author:
            audit.record(member.user, "case_photo.remove", locked, detail=f"thread {thread.pk}")
        locked.delete()
        transaction.on_commit(lambda: _delete_files(names))


def set_caption(member: Membership, photo: CasePhoto, caption: str, *, confirm_privacy=()) -> CasePhoto:
    """The author writes (or clears) what a photo shows. It goes through the network's privacy policy
    for cases like the case's own text: a patient's name is blocked in professional networks, what is
    to be confirmed must be (PrivacyRefused otherwise, on the `caption` field: the draft stays with
    the author)."""
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX:
        raise ActionRefused(
            "caption_too_long", _("A caption has at most %(max)d characters.") % {"max": CAPTION_MAX},
            field="caption",
        )  # fmt: skip
    clearance = privacy.check(member, {"caption": caption}, confirmed=confirm_privacy, context=policy.CASE)
    with transaction.atomic():
        locked = _lock_photo(member, photo)
        thread = locked.case.thread
        if thread.author_id != member.pk or thread.deleted_at:
            raise ActionRefused("not_found", _("Not found."), status=404)
        locked.caption = caption
        locked.save(update_fields=["caption"])
        privacy.record(member, clearance, locked)
    return locked
