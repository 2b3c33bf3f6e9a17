"""Moderation pages: reporting (every member), the moderators' queue and decisions (moderator gate,
two-factor), the member's notices, the code of conduct, and the administrators' settings and watched
words. Thin: parse, call moderation.services, render."""

from datetime import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepairs.errors import ActionRefused
from entrepairs.moderation import network_settings, queries, registry, services
from entrepairs.moderation.forms import DecisionForm, ReportForm, SettingsForm, WatchedWordForm
from entrepairs.networks import services as network_services
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page, member_page, moderator_page
from entrepairs.web.pagination import keyset_page

QUEUE_PER_PAGE = 50
NOTICES_PER_PAGE = 50


@member_page
def report(request, member, slug, kind, object_id):
    """ "Signaler": the form for an item the member can see (404 otherwise, like the item itself)."""
    found = registry.get(kind)
    item = services._kind_or_404(kind).find(member, object_id)
    already = queries.my_open_report(member, found.name, item.pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                member, kind, object_id, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Thank you: the moderators of this network will look at it."))
            target = (found.reporter_url_of or found.url_of)(item)
            return redirect(target) if target else redirect("networks:home", slug=slug)
    return render(
        request,
        "moderation/report.html",
        {"network": member.network, "member": member, "form": form, "kind": found, "already": already},
    )


@moderator_page
def queue(request, member, slug):
    """Priority reports (someone in distress) on top, all of them; the others oldest first, by pages."""
    reports = queries.open_reports(member)
    items, next_cursor = keyset_page(
        reports.filter(priority=False),
        sort_field="created_at",
        cursor=request.GET.get("after"),
        limit=QUEUE_PER_PAGE,
        parse=datetime.fromisoformat,
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "network": member.network,
            "member": member,
            "priority": list(reports.filter(priority=True)[:QUEUE_PER_PAGE]),
            "reports": items,
            "next_cursor": next_cursor,
            "tab": "reports",
        },
    )


@moderator_page
def report_detail(request, member, slug, report_id):
    found = queries.get_report_or_404(member, report_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                member,
                found,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                confirmed=form.cleaned_data["confirm"],
                until=form.until_moment(),
                redacted_text=form.cleaned_data["redacted_text"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)  # what the moderator typed stays
        else:
            messages.success(request, _("Done. The reporters and the author have been told."))
            return redirect("moderation:queue", slug=slug)
    if request.method == "GET":
        services.read_report(member, found)  # the reported text is protected content: audited
    kind = registry.get(found.kind)
    item = queries.reported_item(member, found)
    return render(
        request,
        "moderation/report_detail.html",
        {
            "network": member.network,
            "member": member,
            "report": found,
            "kind": kind,
            "item": item,
            "item_url": kind.url_of(item) if kind and item is not None else None,
            "history": queries.item_history(member, found),
            "record": queries.author_record(member, found.author),
            "form": form,
            "tab": "reports",
        },
    )


@member_page
def notices(request, member, slug):
    if request.method == "POST":
        services.mark_notices_read(member)
        return redirect("moderation:notices", slug=slug)
    items, next_cursor = keyset_page(
        queries.my_notices(member),
        sort_field="created_at",
        cursor=request.GET.get("before"),
        limit=NOTICES_PER_PAGE,
        descending=True,
        parse=datetime.fromisoformat,
    )
    return render(
        request,
        "moderation/notices.html",
        {"network": member.network, "member": member, "notices": items, "next_cursor": next_cursor},
    )


@member_page
def code_of_conduct(request, member, slug):
    if request.method == "GET":  # a step of the first-steps list (no query once done)
        network_services.mark_conduct_read(member)
    return render(
        request,
        "moderation/code_of_conduct.html",
        {
            "network": member.network,
            "member": member,
            "text": network_settings.code_of_conduct(member.network),
        },
    )


@admin_page
def manage_settings(request, admin, slug):
    current = network_settings.settings_for(admin.network)
    if not current.code_of_conduct:
        current.code_of_conduct = network_settings.code_of_conduct(admin.network, current)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(admin, form.instance)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("The moderation settings have been saved."))
            return redirect("moderation:manage_settings", slug=slug)
    return render(
        request,
        "moderation/manage_settings.html",
        {"network": admin.network, "member": admin, "form": form, "tab": "moderation_settings"},
    )


@admin_page
def watched_words(request, admin, slug):
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_watched_word(admin, **form.cleaned_data)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("The watched word has been added."))
            return redirect("moderation:watched_words", slug=slug)
    return render(
        request,
        "moderation/watched_words.html",
        {
            "network": admin.network,
            "member": admin,
            "form": form,
            "words": queries.watched_words(admin),
            "tab": "watched_words",
        },
    )


@admin_page
@require_POST
def delete_watched_word(request, admin, slug, word_id):
    services.delete_watched_word(admin, queries.get_watched_word_or_404(admin, word_id))
    messages.success(request, _("The watched word has been removed."))
    return redirect("moderation:watched_words", slug=slug)
