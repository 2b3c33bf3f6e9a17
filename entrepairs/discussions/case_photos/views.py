"""Case photo pages and files. Files are served by the application after the access check, never
from a public folder: a pending photo to its author only, a published one to the case's readers."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepairs.discussions.case_photos import queries, services
from entrepairs.discussions.case_photos.forms import AddPhotosForm, CaptionForm
from entrepairs.discussions.models import CasePhoto
from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.privacy import labels
from entrepairs.privacy.forms import confirmed
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import member_page


@member_page
def review(request, member, slug, thread_id):
    """The author's page: photos waiting for review (as taken next to blurred), published ones, and
    the form to add more."""
    thread, case = queries.get_own_case_or_404(member, thread_id)
    photos = queries.photos_for_author(member, case)
    for photo in photos:
        # What was read on the photo, in words ("a person's name and a social security number").
        photo.text_found = labels.phrases({region["kind"] for region in photo.text_regions})
        photo.to_mask = bool(photo.text_regions) and not photo.text_masked
    form = AddPhotosForm(request.POST or None, request.FILES or None, already=len(photos))
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_photos(member, thread, form.cleaned_data["photos"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Review each photo below: nobody else sees it until you publish it."))
            return redirect(
                reverse("discussions:case_photos", kwargs={"slug": slug, "thread_id": thread.pk})
                + f"#photo-{added[0].pk}"
            )
    return render(
        request,
        "discussions/case_photos.html",
        {
            "network": member.network,
            "member": member,
            "thread": thread,
            "case": case,
            "pending": [photo for photo in photos if photo.status == CasePhoto.Status.PENDING],
            "published": [photo for photo in photos if photo.status == CasePhoto.Status.PUBLISHED],
            "form": form,
            "room": max(services.MAX_PHOTOS - len(photos), 0),
            "max_photos": services.MAX_PHOTOS,
        },
    )


@member_page
@require_POST
def decide(request, member, slug, photo_id):
    """The author publishes (blurred or as taken) or removes a photo; a moderator removes a published
    one. Back to where the button was."""
    photo = queries.get_photo_or_404(member, photo_id)
    thread = photo.case.thread
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.remove(member, photo)
            messages.success(request, _("The photo has been removed."))
        elif action == "mask_text":
            services.mask_text(member, photo)
            messages.success(
                request, _("What was read on the photo is masked. Check the result, then publish.")
            )
        elif action in {"publish_blurred", "publish_original"}:
            version = CasePhoto.Version.BLURRED if action == "publish_blurred" else CasePhoto.Version.ORIGINAL
            services.publish(member, photo, version, confirmed=request.POST.get("confirm") == "yes")
            messages.success(request, _("The photo is published on the case."))
        else:
            raise ActionRefused("invalid_action", _("Choose what to do with the photo."))
    except ActionRefused as refusal:
        if refusal.status == 404:
            raise Http404(NOT_FOUND) from None
        messages.error(request, refusal.message)
    if request.POST.get("next") == "thread" or thread.author_id != member.pk:
        return redirect(
            reverse("discussions:thread", kwargs={"slug": slug, "thread_id": thread.pk}) + "#photos"
        )
    return redirect(
        reverse("discussions:case_photos", kwargs={"slug": slug, "thread_id": thread.pk})
        + f"#photo-{photo_id}"
    )


@member_page
def caption(request, member, slug, photo_id):
    """The author writes what a photo shows. Checked like the case's text: a finding comes back on
    the form with the caption as typed."""
    photo = queries.get_photo_or_404(member, photo_id)
    thread = photo.case.thread
    if thread.author_id != member.pk:
        raise Http404(NOT_FOUND)
    form = CaptionForm(request.POST or None, initial={"caption": photo.caption})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_caption(member, photo, form.cleaned_data["caption"], confirm_privacy=confirmed(form))
        except ActionRefused as refusal:
            if refusal.status == 404:
                raise Http404(NOT_FOUND) from None
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("The caption is saved."))
            return redirect(
                reverse("discussions:case_photos", kwargs={"slug": slug, "thread_id": thread.pk})
                + f"#photo-{photo.pk}"
            )
    return render(
        request,
        "discussions/case_photo_caption.html",
        {"network": member.network, "member": member, "thread": thread, "photo": photo, "form": form},
    )


def _image_response(stored, *, filename: str) -> FileResponse:
    response = FileResponse(
        stored.open("rb"), content_type="image/jpeg", as_attachment=False, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@member_page
def photo_file(request, member, slug, photo_id):
    """A published photo, to the members who see its case."""
    photo = queries.get_photo_or_404(member, photo_id)
    stored = photo.published_file
    if stored is None:
        raise Http404(NOT_FOUND)
    return _image_response(stored, filename=f"photo-{photo.pk}.jpg")


@member_page
def photo_preview(request, member, slug, photo_id, version):
    """One version of a pending photo, to its author only (others get 404 from get_photo_or_404)."""
    photo = queries.get_photo_or_404(member, photo_id)
    if photo.status != CasePhoto.Status.PENDING or version not in CasePhoto.Version.values:
        raise Http404(NOT_FOUND)
    stored = photo.file_of(version)
    if stored is None:
        raise Http404(NOT_FOUND)
    return _image_response(stored, filename=f"photo-{photo.pk}-{version}.jpg")
