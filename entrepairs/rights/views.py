"""Pages of the members' rights: deleting the account (and cancelling), the export, consents,
legal pages. Thin: each calls one operation of erasure.py, export.py, consent.py."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from entrepairs.errors import ActionRefused
from entrepairs.rights import erasure
from entrepairs.rights.forms import ErasureForm
from entrepairs.web.forms import apply_refusal


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
