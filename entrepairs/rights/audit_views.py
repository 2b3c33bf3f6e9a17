"""The audit log's pages: operators filter every entry (/operator/audit/), a network's
administrators the entries of their network (/n/<slug>/rights/audit/). Read-only: no page, form or
route of the product edits or deletes an entry (audit.models)."""

from datetime import datetime

from django.shortcuts import render

from entrepairs.audit import queries
from entrepairs.networks import access
from entrepairs.rights.forms import AuditFilterForm
from entrepairs.web.gates import admin_page, operator_page
from entrepairs.web.pagination import keyset_page

PAGE_SIZE = 50


def _page(request, events):
    return keyset_page(
        events,
        sort_field="at",
        cursor=request.GET.get("after"),
        limit=PAGE_SIZE,
        descending=True,
        parse=datetime.fromisoformat,
    )


def _filters(form) -> dict:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    return {"action": data.get("action") or "", "since": data.get("since"), "until": data.get("until")}


@operator_page
def operator_audit(request):
    networks = access.operator_networks(request.user)
    form = AuditFilterForm(request.GET or None, actions=queries.operator_actions(), networks=networks)
    filters = _filters(form)
    network = form.cleaned_data.get("network") if form.is_bound and form.is_valid() else None
    events, next_cursor = _page(request, queries.events_for_operator(network_id=network or None, **filters))
    return render(
        request,
        "rights/audit.html",
        {"form": form, "events": events, "next_cursor": next_cursor, "operator": True},
    )


@admin_page
def network_audit(request, admin, slug):
    form = AuditFilterForm(request.GET or None, actions=queries.network_actions(admin))
    events, next_cursor = _page(request, queries.events_for_network_admin(admin, **_filters(form)))
    return render(
        request,
        "rights/audit.html",
        {
            "form": form,
            "events": events,
            "next_cursor": next_cursor,
            "network": admin.network,
            "member": admin,
        },
    )
