"""Pages of the members' rights: deleting the account (and cancelling), the export, consents,
legal pages. Thin: each calls one operation of erasure.py, export.py, consent.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused
from entrepairs.rights import legal
from entrepairs.rights.actions import consent, erasure, export, fresh_start, retention
from entrepairs.rights.forms import ErasureForm, FreshStartForm, RetentionForm, WithdrawConsentForm
from entrepairs.rights.models import DataExport
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page


@login_required
def delete_account(request):
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.request_erasure(
                request.user,
                password=form.cleaned_data["password"],
                posts=form.cleaned_data["posts"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            logout(request)
            return redirect("erasure_requested")
    return render(request, "rights/delete_account.html", {"form": form, "grace_days": erasure.grace_days()})


def erasure_requested(request):
    return render(request, "rights/erasure_requested.html", {"grace_days": erasure.grace_days()})


def erasure_cancel(request, token):
    """The emailed link: GET shows a button (mail scanners follow links; only a POST cancels)."""
    if request.method == "POST":
        try:
            erasure.cancel_erasure(token)
        except ActionRefused:
            return render(request, "rights/erasure_cancel.html", {"invalid": True}, status=404)
        return render(request, "rights/erasure_cancel.html", {"cancelled": True})
    return render(request, "rights/erasure_cancel.html", {})


# --- Export --------------------------------------------------------------------------------------
@login_required
def data_export(request):
    error = None
    if request.method == "POST":
        try:
            done = export.request_export(request.user, base_url=request.build_absolute_uri("/").rstrip("/"))
        except ActionRefused as refusal:
            error = refusal.message
        else:
            return redirect("data_export_detail", export_id=done.pk)
    exports = DataExport.objects.filter(user=request.user)[:10]
    return render(
        request,
        "rights/export.html",
        {"exports": exports, "export_days": settings.EXPORT_DAYS, "error": error},
        status=409 if error else 200,
    )


@login_required
def data_export_detail(request, export_id):
    return render(
        request, "rights/export_detail.html", {"export": export.get_export_or_404(request.user, export_id)}
    )


def data_export_status(request, export_id):
    """Polled by htmx: a 404 for anyone but the owner, visitors included (no login page to swap in)."""
    return render(
        request, "rights/_export_status.html", {"export": export.get_export_or_404(request.user, export_id)}
    )


@login_required
def data_export_download(request, export_id):
    """Served by the application after the owner check, never from a public folder."""
    return zip_response(export.downloadable_export_or_404(request.user, export_id))


def zip_response(done: DataExport) -> FileResponse:
    filename = f"entrepairs-{done.ready_at:%Y-%m-%d}.zip"
    response = FileResponse(
        done.file.open("rb"), content_type="application/zip", as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- Consents ------------------------------------------------------------------------------------
@login_required
def consents(request):
    return render(request, "rights/consents.html", {"rows": consent.consents_with_personas(request.user)})


@login_required
def withdraw_consent(request, membership_id):
    membership = consent.get_consenting_membership_or_404(request.user, membership_id)
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent.withdraw_consent(membership, posts=form.cleaned_data["posts"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.info(
                request, _("Your consent is withdrawn and your health data removed from this network.")
            )
            return redirect("consents")
    return render(request, "rights/withdraw_consent.html", {"form": form, "membership": membership})


@login_required
def persona_fresh_start(request, membership_id):
    """Rename my persona in one network and detach what I wrote there until now (fresh_start.py)."""
    membership = fresh_start.get_own_persona_or_404(request.user, membership_id)
    form = FreshStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = fresh_start.fresh_start(
                membership,
                display_name=form.cleaned_data["display_name"],
                confirm_privacy=form.cleaned_data["confirm_privacy"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("You are now %(name)s; %(count)d earlier contributions are signed “Former member”.")
                % {"name": membership.display_name, "count": moved},
            )
            return redirect("networks:home", slug=membership.network.slug)
    return render(request, "rights/fresh_start.html", {"form": form, "membership": membership})


# --- Retention (network administrators) ----------------------------------------------------------
@admin_page
def manage_retention(request, admin, slug):
    current = retention.retention_of(admin.network)
    form = RetentionForm(
        request.POST or None, initial={name: getattr(current, name) for name in retention.FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            retention.set_retention(admin, **form.cleaned_data)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("The retention periods have been saved."))
            return redirect("rights:manage_retention", slug=slug)
    return render(
        request,
        "rights/manage_retention.html",
        {"network": admin.network, "member": admin, "form": form},
    )


# --- Legal pages (everyone) ------------------------------------------------------------------------
def legal_page(request, kind):
    if kind not in legal.Kind.values:
        raise Http404
    text, updated_at = legal.text_of(kind, get_language())
    return render(
        request,
        "rights/legal_page.html",
        {"title": legal.Kind(kind).label, "body": legal.render(text), "updated_at": updated_at},
    )
