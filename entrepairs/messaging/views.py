"""Messaging pages of a network. Members only: everyone else gets 404 (anonymous: login redirect).
Each view parses, calls one query or operation, and renders; the websocket client (static
messaging/messaging.js) makes the conversation page live, and every page also works without it."""

from datetime import datetime

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.messaging import attachments, queries, services
from entrepairs.messaging.forms import (
    AddMembersForm,
    BlockForm,
    ComposeForm,
    DirectForm,
    EditForm,
    GroupForm,
    PrivateMessagesForm,
    split_names,
)
from entrepairs.moderation import network_settings as moderation_settings
from entrepairs.networks import access
from entrepairs.web.chrome import messages_badge
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page, member_fragment, member_page
from entrepairs.web.header import badge_count
from entrepairs.web.pagination import keyset_page

CONVERSATIONS_PER_PAGE = 50
MESSAGES_PER_PAGE = 50


def _page(request, member, template, context):
    return render(request, template, {"network": member.network, "member": member, **context})


@member_page
def index(request, member, slug):
    rows, next_cursor = keyset_page(
        queries.my_conversations(member),
        sort_field="last_message_at",
        cursor=request.GET.get("before"),
        limit=CONVERSATIONS_PER_PAGE,
        descending=True,
        parse=datetime.fromisoformat,
    )
    return _page(
        request,
        member,
        "messaging/index.html",
        {"rows": queries.with_titles(member, rows), "next_cursor": next_cursor},
    )


@member_fragment
def badge(request, member, slug):
    """The header's Messages badge alone (web.chrome.messages_badge), for htmx to poll and refresh.
    No login redirect: htmx would follow it and put the sign-in page in the header; a visitor or a
    non-member gets the same 404 as for any other page of the network, which htmx does not swap in."""
    return HttpResponse(messages_badge(member.network.slug, badge_count(member, "messages")))


@member_fragment
def conversation_badge(request, member, slug, conversation_id):
    """One row's unread count on the conversation list (messaging/_unread_row.html), which htmx
    refreshes when messaging.js hears of a new message there: the server counts, so the number and
    its spoken label are right in every language. 404 rather than a login redirect, as for `badge`."""
    row = queries.get_conversation_row_or_404(member, conversation_id)
    return render(request, "messaging/_unread_row.html", {"network": member.network, "row": row})


def _pick_members(form, field: str, slug: str, *, several: bool = False) -> None:
    """The field suggests members as one types (networks:member_suggestions, networks/member_picker.js):
    pseudonyms of this network, accents optional."""
    attrs = form.fields[field].widget.attrs
    attrs["data-member-picker"] = reverse("networks:member_suggestions", kwargs={"slug": slug})
    if several:
        attrs["data-member-multiple"] = ""


@member_page
def new_direct(request, member, slug):
    initial = {}
    if (wanted := request.GET.get("member", "")).isdigit():
        initial["member"] = access.get_member_or_404(member, int(wanted)).display_name
    form = DirectForm(request.POST or None, initial=initial)
    _pick_members(form, "member", slug)
    if request.method == "POST" and form.is_valid():
        try:
            [other] = access.get_members_named_or_refuse(
                member, [form.cleaned_data["member"]], field="member"
            )
            conversation = services.start_direct(member, other)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            return redirect("messaging:conversation", slug=slug, conversation_id=conversation.pk)
    return _page(request, member, "messaging/new_direct.html", {"form": form})


@member_page
def new_group(request, member, slug):
    form = GroupForm(request.POST or None)
    _pick_members(form, "members", slug, several=True)
    if request.method == "POST" and form.is_valid():
        names = split_names(form.cleaned_data["members"])
        try:
            people = access.get_members_named_or_refuse(member, names, field="members")
            conversation = services.create_group(member, form.cleaned_data["name"], people)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            return redirect("messaging:conversation", slug=slug, conversation_id=conversation.pk)
    return _page(request, member, "messaging/new_group.html", {"form": form})


def _before(request) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@member_page
def conversation(request, member, slug, conversation_id):
    participant = queries.get_participant_or_404(member, conversation_id)
    found = participant.conversation
    form = ComposeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            message, _created = services.send_message(
                member, found, body=data["body"], client_id=data["client_id"], reply_to=data["reply_to"],
                attachment=data["attachment"], confirm_privacy=data["confirm_privacy"],
                attachment_choice=data["attachment_choice"],
            )  # fmt: skip
        except ActionRefused as refusal:
            apply_refusal(form, refusal)  # the typed text stays in the form
            if refusal.code == "attachment_review":
                form.offer_attachment_choices(refusal.client_data["choices"])
        else:
            if getattr(message, "support", None):
                flash.warning(request, moderation_settings.support_message(member.network))
            url = reverse("messaging:conversation", kwargs={"slug": slug, "conversation_id": found.pk})
            return redirect(f"{url}#m{message.sequence}")
    before = _before(request)
    items, older = queries.history_page(participant, before=before, limit=MESSAGES_PER_PAGE)
    if request.method == "GET" and before is None and items:
        services.mark_seen(member, found, found.next_sequence - 1, read=True, participant=participant)
    people = list(queries.participants(found))
    title = queries.conversation_title(found, next((p for p in people if p.member_id != member.pk), None))
    reply_to = None
    if (reply_id := request.GET.get("reply", "")).isdigit():
        reply_to = queries.get_message_or_404(member, int(reply_id))
        if reply_to.conversation_id != found.pk:
            raise Http404(NOT_FOUND)
        form.initial["reply_to"] = reply_to.pk
    return _page(
        request,
        member,
        "messaging/conversation.html",
        {
            "conversation": found,
            "participant": participant,
            "people": people,
            "title": title,
            "items": items,
            "older": older,
            "latest": found.next_sequence - 1,
            "form": form,
            "reply_to": reply_to,
            "can_write": member.network.private_messages_enabled,
        },
    )


@member_fragment
def message_items(request, member, slug, conversation_id):
    """Messages of a conversation exactly as its page renders them (messaging/_message.html), for
    messaging.js to show what the websocket announces (new, edited, deleted): a live message gets
    the same quote, attachment and actions (Reply, Edit, Delete with its CSRF token) as the others.
    `?ids=3051,3052`, at most a page of them; ids the member may not read are left out. 404 rather
    than a login redirect, which fetch() would follow."""
    participant = queries.get_participant_or_404(member, conversation_id)
    wanted = [
        int(value) for value in request.GET.get("ids", "").split(",") if value.isdigit() and len(value) < 19
    ]
    items = queries.messages_by_ids(participant, wanted[:MESSAGES_PER_PAGE])
    context = {"items": items, "conversation": participant.conversation}
    return _page(request, member, "messaging/_message_items.html", context)


@member_page
def members(request, member, slug, conversation_id):
    participant = queries.get_participant_or_404(member, conversation_id)
    found = participant.conversation
    if not found.is_group:
        raise Http404(NOT_FOUND)
    form = AddMembersForm(request.POST or None)
    _pick_members(form, "members", slug, several=True)
    if request.method == "POST":
        try:
            if request.POST.get("remove", "").isdigit():
                target = access.get_member_or_404(member, int(request.POST["remove"]))
                services.remove_participant(member, found, target)
                flash.success(
                    request, _("%(name)s was removed from the group.") % {"name": target.display_name}
                )
                return redirect("messaging:members", slug=slug, conversation_id=found.pk)
            if form.is_valid():
                names = split_names(form.cleaned_data["members"])
                people = access.get_members_named_or_refuse(member, names, field="members")
                services.add_participants(member, found, people)
                return redirect("messaging:members", slug=slug, conversation_id=found.pk)
        except ActionRefused as refusal:
            if refusal.status == 403:
                raise PermissionDenied from None
            apply_refusal(form, refusal)
    return _page(
        request,
        member,
        "messaging/members.html",
        {
            "conversation": found,
            "participant": participant,
            "people": queries.participants(found),
            "form": form,
        },
    )


@member_page
@require_POST
def leave(request, member, slug, conversation_id):
    found = queries.get_conversation_or_404(member, conversation_id)
    try:
        services.leave_group(member, found)
    except ActionRefused as refusal:
        flash.error(request, refusal.message)
        return redirect("messaging:conversation", slug=slug, conversation_id=found.pk)
    flash.success(request, _("You left the group."))
    return redirect("messaging:index", slug=slug)


@member_page
@require_POST
def mute(request, member, slug, conversation_id):
    found = queries.get_conversation_or_404(member, conversation_id)
    services.set_muted(member, found, request.POST.get("muted") == "1")
    return redirect("messaging:conversation", slug=slug, conversation_id=found.pk)


@member_page
def edit_message(request, member, slug, message_id):
    message = queries.get_message_or_404(member, message_id)
    if not services.may_change_message(member, message):
        raise PermissionDenied
    form = EditForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_message(
                member,
                message,
                form.cleaned_data["body"],
                confirm_privacy=form.cleaned_data["confirm_privacy"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            return _back_to(message, slug)
    return _page(request, member, "messaging/edit_message.html", {"form": form, "message": message})


@member_page
@require_POST
def delete_message(request, member, slug, message_id):
    message = queries.get_message_or_404(member, message_id)
    try:
        services.delete_message(member, message)
    except ActionRefused as refusal:
        flash.error(request, refusal.message)
    return _back_to(message, slug)


def _back_to(message, slug):
    url = reverse("messaging:conversation", kwargs={"slug": slug, "conversation_id": message.conversation_id})
    return redirect(f"{url}#m{message.sequence}")


@member_page
def attachment(request, member, slug, message_id):
    """Served by the application after the access check, never from a public folder."""
    return attachments.download(member, message_id, cache_control="private, no-store")


@member_page
def blocks(request, member, slug):
    form = BlockForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("unblock", "").isdigit():
            services.unblock(member, access.get_member_or_404(member, int(request.POST["unblock"])))
            return redirect("messaging:blocks", slug=slug)
        if form.is_valid():
            try:
                [other] = access.get_members_named_or_refuse(
                    member, [form.cleaned_data["member"]], field="member"
                )
                services.block(member, other)
            except ActionRefused as refusal:
                apply_refusal(form, refusal)
            else:
                flash.success(
                    request, _("%(name)s can no longer write to you.") % {"name": other.display_name}
                )
                return redirect("messaging:blocks", slug=slug)
    return _page(
        request, member, "messaging/blocks.html", {"form": form, "blocks": queries.my_blocks(member)}
    )


@admin_page
def network_settings(request, member, slug):
    network = member.network
    form = PrivateMessagesForm(
        request.POST or None, initial={"allow_private_messages": network.allow_private_messages}
    )
    if request.method == "POST" and form.is_valid():
        services.set_private_messages(member, form.cleaned_data["allow_private_messages"])
        flash.success(request, _("Saved."))
        return redirect("messaging:settings", slug=slug)
    return _page(request, member, "messaging/settings.html", {"form": form})
