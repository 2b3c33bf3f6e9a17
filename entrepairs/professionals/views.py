"""The professional's own page (verified professions, directory match, document upload) and the
reviewers' queue."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entrepairs.audit import services as audit
from entrepairs.errors import ActionRefused
from entrepairs.professionals import documents, queries, services
from entrepairs.professionals.forms import DirectoryVerificationForm, DocumentForm, ReviewForm
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import operator_page


@login_required
def my_profession(request):
    sent = request.POST.get("form")
    directory_form = DirectoryVerificationForm(request.POST if sent == "directory" else None)
    document_form = DocumentForm(
        request.POST if sent == "document" else None, request.FILES if sent == "document" else None
    )
    if sent == "directory" and directory_form.is_valid():
        try:
            verified = services.verify_by_directory(request.user, **directory_form.cleaned_data)
        except ActionRefused as refusal:
            apply_refusal(directory_form, refusal)  # what was typed stays in the form
        else:
            messages.success(
                request, _("Verified: %(badges)s.") % {"badges": ", ".join(q.badge for q in verified)}
            )
            return redirect("professionals:mine")
    if sent == "document" and document_form.is_valid():
        try:
            documents.submit_document(
                request.user,
                profession=document_form.cleaned_data["profession"],
                specialty=document_form.cleaned_data["specialty"],
                upload=document_form.cleaned_data["document"],
                last_name=document_form.cleaned_data["last_name"],
                first_name=document_form.cleaned_data["first_name"],
            )
        except ActionRefused as refusal:
            apply_refusal(document_form, refusal)
        else:
            messages.success(request, _("Your document has been sent. A reviewer will answer you by email."))
            return redirect("professionals:mine")
    return render(
        request,
        "professionals/mine.html",
        {
            "form": directory_form,
            "document_form": document_form,
            "qualifications": queries.my_qualifications(request.user),
            "documents": queries.my_documents(request.user),
            "psc_enabled": bool(settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect")),
        },
    )


@login_required
def document_file(request, submission_id):
    """Served by the application only, after the access check, never from a public folder."""
    submission = queries.get_document_for_owner_or_reviewer_or_404(request.user, submission_id)
    if submission.user_id != request.user.pk:
        audit.record(request.user, "document.read", submission)
    extension = "pdf" if submission.content_type == "application/pdf" else "png"
    response = FileResponse(
        submission.file.open("rb"), content_type=submission.content_type, as_attachment=False,
        filename=f"justificatif-{submission.pk}.{extension}",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; plugin-types application/pdf; sandbox"
    )
    return response


@operator_page
def review_queue(request):
    pending, flagged = queries.review_queue(request.user)
    return render(
        request, "professionals/review_queue.html", {"pending": pending[:100], "flagged": flagged[:50]}
    )


@operator_page
def review_document(request, submission_id):
    submission = queries.get_document_for_owner_or_reviewer_or_404(request.user, submission_id)
    audit.record(request.user, "document.review_page", submission)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.review(
                request.user,
                submission,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Decision recorded; the professional has been told."))
            return redirect("reviews:queue")
    return render(
        request,
        "professionals/review_document.html",
        {"submission": submission, "form": form, "directory": queries.directory_names_for(submission.user)},
    )
