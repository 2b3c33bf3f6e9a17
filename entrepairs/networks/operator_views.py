"""The small operator page: platform staff create and overview networks (everyone else: 404)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entrepairs.accounts import read_limits
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, services
from entrepairs.networks.forms import NetworkForm
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import operator_page
from entrepairs.web.pagination import keyset_page

NETWORKS_PER_PAGE = 50  # one page of the table; the search finds the others by name


@operator_page
def operator_home(request):
    form = NetworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            network, admin = services.create_network_with_admin(
                admin_email=fields.pop("admin_email"), operator=request.user, **fields
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            if admin is not None:
                messages.success(
                    request,
                    _("The network %(name)s has been created; its administrator is %(admin)s.")
                    % {"name": network.name, "admin": admin.display_name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "The network %(name)s has been created. Its first administrator was invited by "
                        "email: it opens to members when they join."
                    )
                    % {"name": network.name},
                )
            return redirect("operator")
    query = request.GET.get("q", "")
    networks, next_cursor = keyset_page(
        access.operator_networks(request.user, query),
        sort_field="name",
        cursor=request.GET.get("after"),
        limit=NETWORKS_PER_PAGE,
    )
    return render(
        request,
        "networks/operator.html",
        {
            "form": form,
            "networks": networks,
            "query": query,
            "next_cursor": next_cursor,
            "read_flags": read_limits.recent_flags(),
        },
    )
