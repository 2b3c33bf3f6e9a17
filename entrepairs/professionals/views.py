"""The professional's own page: their verified professions and the directory verification form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused
from entrepairs.networks.forms import apply_refusal
from entrepairs.professionals import queries, services
from entrepairs.professionals.forms import DirectoryVerificationForm


@login_required
def my_profession(request):
    form = DirectoryVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.verify_by_directory(request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)  # what was typed stays in the form
        else:
            messages.success(
                request,
                _("Verified: %(badges)s.") % {"badges": ", ".join(q.badge for q in verified)},
            )
            return redirect("professionals:mine")
    return render(
        request,
        "professionals/mine.html",
        {"form": form, "qualifications": queries.my_qualifications(request.user)},
    )
