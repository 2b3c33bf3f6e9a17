"""Network pages. Thin: parse, call access/services, render. Anonymous visitors are sent to the login
page for every /n/<slug>/ page whether the network exists or not, so the redirect leaks nothing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from entrepairs import throttles
from entrepairs.accounts import consent
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, services
from entrepairs.networks.forms import InvitationForm, JoinForm, PersonaForm, RoleForm
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy import labels
from entrepairs.sorting import by_name
from entrepairs.web import panels
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page, member_fragment, member_page, moderator_page
from entrepairs.web.pagination import keyset_page

NETWORKS_PER_PAGE = 24
NEWCOMERS_SHOWN = 6


def home(request):
    """The directory of networks open to new members: one page at a time (by name) and searchable,
    so that it costs the same with ten networks or a thousand."""
    query = request.GET.get("q", "")
    networks, next_cursor = keyset_page(
        access.with_member_counts(access.named_like(access.listed_networks(), query))
        .annotate(sort_name=by_name("name"))
        .order_by("sort_name", "id"),
        sort_field="sort_name",
        cursor=request.GET.get("after"),
        limit=NETWORKS_PER_PAGE,
    )
    my_memberships = list(access.my_memberships(request.user))
    # Each directory card says whether the visitor is already in (or waiting for) that network.
    my_status = {membership.network_id: membership.status for membership in my_memberships}
    for network in networks:
        network.my_status = my_status.get(network.pk)
    return render(
        request,
        "networks/home.html",
        {
            "networks": networks,
            "my_memberships": my_memberships,
            "query": query,
            "next_cursor": next_cursor,
            "paged": bool(request.GET.get("after")),
        },
    )


def network_about(request, slug):
    network = access.get_discoverable_network_or_404(request.user, slug)
    return render(
        request,
        "networks/about.html",
        {
            "network": network,
            "membership": access.own_membership(request.user, network),
            "member_count": access.active_member_count(network),
        },
    )


def _join_page(request, network, *, invitation_token=None):
    """Shared by the join page and the invitation landing page."""
    membership = access.own_membership(request.user, network)
    if membership and membership.status in {Membership.Status.ACTIVE, Membership.Status.PENDING}:
        return render(request, "networks/join_state.html", {"network": network, "membership": membership})
    member_types = services.member_types_for(request.user, network)
    if not member_types:
        return render(request, "networks/not_eligible.html", {"network": network}, status=403)

    initial = {
        "display_name": services.suggest_display_name(network),
        "member_type": member_types[0],  # "patient" first: the common case needs no extra click
        "invitation_token": invitation_token,
    }
    form = JoinForm(request.POST or None, initial=initial, network=network, member_types=member_types)
    if request.method == "POST" and "suggest" in request.POST:
        # "Suggest another" keeps everything typed but the pseudonym.
        data = request.POST.copy()
        data["display_name"] = services.suggest_display_name(network)
        form = JoinForm(data, network=network, member_types=member_types)
        form.errors.clear()
    elif request.method == "POST" and form.is_valid():
        try:
            joined = services.join_network(
                request.user,
                network,
                display_name=form.cleaned_data["display_name"],
                member_type=form.cleaned_data.get("member_type") or None,
                consent_given=form.cleaned_data.get("consent", False),
                invitation_token=invitation_token,
                request_message=form.cleaned_data.get("request_message", ""),
                confirm_privacy=form.cleaned_data["confirm_privacy"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            if joined.status == Membership.Status.ACTIVE:
                messages.success(request, _("Welcome to %(network)s!") % {"network": network.name})
                return redirect("networks:home", slug=network.slug)
            messages.info(request, _("Your request has been sent to the moderators."))
            return redirect("networks:about", slug=network.slug)
    return render(
        request,
        "networks/join.html",
        {
            "network": network,
            "form": form,
            "consent_text": consent.health_data_consent_text(network.name),
            "invitation_token": invitation_token,
        },
    )


@login_required
def network_join(request, slug):
    network = access.get_discoverable_network_or_404(request.user, slug)
    if network.join_policy == Network.JoinPolicy.INVITE:
        return render(
            request, "networks/join_state.html", {"network": network, "invite_only": True}, status=403
        )
    return _join_page(request, network)


def invitation(request, token):
    try:
        found = services.resolve_invitation(token)
    except ActionRefused as refusal:
        return render(
            request, "networks/invitation_invalid.html", {"refusal": refusal}, status=refusal.status
        )
    if not request.user.is_authenticated:
        return render(request, "networks/invitation_signin.html", {"network": found.network})
    return _join_page(request, found.network, invitation_token=token)


@member_page
def network_home(request, member, slug):
    """What is alive in the network: the features' panels and quick actions (web/panels.py), the
    newcomers to welcome and, until they are done, the persona's first steps."""
    if wanted := services.take_name_notice(member):
        messages.info(
            request,
            _(
                "While your request waited, another member took the name %(wanted)s: here you are "
                "%(name)s. You can change it on your persona page."
            )
            % {"wanted": wanted, "name": member.display_name},
        )
    first_steps = panels.first_steps_for(member)
    return render(
        request,
        "networks/network_home.html",
        {
            "network": member.network,
            "member": member,
            "member_count": access.active_member_count(member.network),
            "moderators": access.first_moderators(member, 10),
            "newcomers": access.first_newcomers(member, NEWCOMERS_SHOWN),
            "pending_count": access.pending_requests(member).count() if member.is_moderator else 0,
            "panels": panels.panels_for(member),
            "quick_actions": panels.quick_actions_for(member),
            "first_steps": first_steps,
            "first_steps_left": sum(not step["done"] for step in first_steps),
        },
    )


# Typing a name sends a request per pause; a script walking the alphabet for the member list gets 429.
SUGGESTIONS_PER_MINUTE = 60


@member_page
def member_list(request, member, slug):
    members, next_cursor = keyset_page(
        access.visible_members(member),
        sort_field="sort_name",
        cursor=request.GET.get("after"),
        limit=settings.MEMBER_LIST_PAGE_SIZE,
    )
    return render(
        request,
        "networks/member_list.html",
        {"network": member.network, "member": member, "members": members, "next_cursor": next_cursor},
    )


@never_cache
@member_fragment
def member_suggestions(request, member, slug):
    """Members whose pseudonym starts like `?q=` (accents and case ignored), as an htmx fragment of
    buttons: the mention autocomplete of the composers and the member picker of a new conversation.
    A picker, not a directory: a handful of names, members only, rate limited like the live check."""
    verdict = throttles.hit("member-suggestions", request.user.pk, limit=SUGGESTIONS_PER_MINUTE, seconds=60)
    if not verdict.allowed:
        response = render(
            request, "networks/_member_suggestions.html", {"members": [], "paused": True}, status=429
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
    query = request.GET.get("q", "")[:40]
    return render(
        request,
        "networks/_member_suggestions.html",
        {"members": access.search_members(member, query), "query": query.strip()},
    )


@member_page
def member_detail(request, member, slug, member_id):
    """A member's profile: a professional's profession, specialty, practice area and bio; a patient's
    or relative's bio only if they chose to show it; and what the features add (their contributions)."""
    shown = access.get_member_or_404(member, member_id)
    return render(
        request,
        "networks/member_detail.html",
        {
            "network": member.network,
            "member": member,
            "shown": shown,
            "bio_shown": bool(shown.bio) and (shown.member_type == "professional" or shown.show_bio),
            "role_form": RoleForm(initial={"role": shown.role}),
            "profile_panels": panels.profile_panels_for(member, shown),
        },
    )


@member_page
def member_picture(request, member, slug, member_id):
    """A persona's uploaded picture, for members of its network only (404 otherwise, as every object)."""
    from django.http import FileResponse, Http404

    shown = access.get_member_or_404(member, member_id)
    # Not reviewed yet (faces, written personal data: networks/avatars.py): its owner's alone.
    if not shown.avatar or (shown.avatar_review and shown.pk != member.pk):
        raise Http404
    response = FileResponse(shown.avatar.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_page
def persona_edit(request, member, slug):
    form = PersonaForm(
        request.POST or None,
        request.FILES or None,
        member=member,
        initial={
            "display_name": member.display_name,
            "bio": member.bio,
            "show_bio": member.show_bio,
            "practice_area": member.practice_area,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_persona(
                member,
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                confirm_privacy=form.cleaned_data["confirm_privacy"],
                show_bio=form.cleaned_data.get("show_bio") if "show_bio" in form.fields else None,
                practice_area=form.cleaned_data.get("practice_area")
                if "practice_area" in form.fields
                else None,
                picture=form.cleaned_data.get("picture"),
                remove_picture=form.cleaned_data.get("remove_picture", False),
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Your persona has been updated."))
            if member.avatar_review:  # the owner reviews what was found on the picture, here
                return redirect("networks:persona", slug=slug)
            return redirect("networks:home", slug=slug)
    review = member.avatar_review or {}
    return render(
        request,
        "networks/persona_edit.html",
        {
            "network": member.network,
            "member": member,
            "form": form,
            "review": review,
            "text_found": labels.phrases({region["kind"] for region in review.get("text", [])}),
        },
    )


@member_page
@require_POST
def picture_review(request, member, slug):
    """The owner masks what was found on their picture, keeps it as it is, or removes it."""
    try:
        services.review_picture(member, choice=request.POST.get("choice", ""))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your picture has been updated."))
    return redirect("networks:persona", slug=slug)


@member_page
def leave(request, member, slug):
    if request.method == "POST":
        try:
            services.leave_network(member)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("networks:leave", slug=slug)
        messages.success(request, _("You have left %(network)s.") % {"network": member.network.name})
        return redirect("home")
    return render(request, "networks/leave.html", {"network": member.network, "member": member})


@moderator_page
def manage_requests(request, moderator, slug):
    return render(
        request,
        "networks/manage_requests.html",
        {
            "network": moderator.network,
            "member": moderator,
            "requests": access.pending_requests(moderator)[:200],
        },
    )


@moderator_page
@require_POST
def decide_request(request, moderator, slug, member_id):
    pending = access.get_pending_request_or_404(moderator, member_id)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            services.approve_request(moderator, pending)
            messages.success(request, _("%(name)s is now a member.") % {"name": pending.display_name})
        elif decision == "refuse":
            services.refuse_request(moderator, pending)
            messages.info(request, _("The request of %(name)s was refused.") % {"name": pending.display_name})
        else:
            messages.error(request, _("Choose to accept or refuse the request."))
    except ActionRefused as refusal:  # e.g. another moderator decided a moment earlier
        messages.error(request, refusal.message)
    return redirect("networks:manage_requests", slug=slug)


@moderator_page
def manage_invitations(request, moderator, slug):
    form = InvitationForm(request.POST or None)
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, token = services.create_invitation(
                moderator,
                days=form.cleaned_data["days"],
                max_uses=form.cleaned_data["max_uses"],
                note=form.cleaned_data["note"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            # The raw token exists only in this response: it is stored hashed.
            new_link = request.build_absolute_uri(reverse("invitation", kwargs={"token": token}))
            form = InvitationForm()
    return render(
        request,
        "networks/manage_invitations.html",
        {
            "network": moderator.network,
            "member": moderator,
            "form": form,
            "new_link": new_link,
            "invitations": access.network_invitations(moderator)[:100],
        },
    )


@moderator_page
@require_POST
def revoke_invitation(request, moderator, slug, invitation_id):
    found = access.get_invitation_or_404(moderator, invitation_id)
    services.revoke_invitation(moderator, found)
    messages.info(request, _("The invitation has been revoked."))
    return redirect("networks:manage_invitations", slug=slug)


@admin_page
def member_role(request, admin, slug, member_id):
    target = access.get_member_or_404(admin, member_id)
    form = RoleForm(request.POST or None, initial={"role": target.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_role(admin, target, form.cleaned_data["role"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(
                request, _("The role of %(name)s has been changed.") % {"name": target.display_name}
            )
            return redirect("networks:member_detail", slug=slug, member_id=target.pk)
    return render(
        request,
        "networks/member_role.html",
        {"network": admin.network, "member": admin, "shown": target, "form": form},
    )


@admin_page
def manage_privacy(request, admin, slug):
    """Network administrators choose what happens to each kind of personal data found in what members
    publish: block, ask to confirm, or allow (issue 5); operators can also set it in the admin."""
    from entrepairs.privacy import services as privacy
    from entrepairs.privacy.forms import PolicyForm

    if request.method == "POST" and "combination_threshold" in request.POST:
        value = request.POST["combination_threshold"].strip()
        try:
            privacy.set_combination_threshold(admin, int(value) if value.isdigit() and len(value) < 7 else -1)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The privacy policy of the network has been saved."))
        return redirect("networks:manage_privacy", slug=slug)
    form = PolicyForm(request.POST or None, network=admin.network)
    if request.method == "POST" and form.is_valid():
        privacy.set_policy(admin, form.choices())
        messages.success(request, _("The privacy policy of the network has been saved."))
        return redirect("networks:manage_privacy", slug=slug)
    return render(
        request,
        "networks/manage_privacy.html",
        {
            "network": admin.network,
            "member": admin,
            "form": form,
            "member_count": access.active_member_count(admin.network),
        },
    )


@admin_page
def manage_network(request, admin, slug):
    """Network administrators change what they chose at creation: description, colour, logo, join
    policy and, in patient networks, private messages."""
    from entrepairs.networks.forms import NetworkSettingsForm

    network = admin.network
    initial = {name: getattr(network, name) for name in services.NETWORK_SETTINGS}
    form = NetworkSettingsForm(request.POST or None, request.FILES or None, initial=initial, network=network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo, remove_logo = data.pop("logo"), data.pop("remove_logo")
        try:
            services.update_network(admin, logo=logo, remove_logo=remove_logo, **data)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("The network's settings have been saved."))
            return redirect("networks:manage_network", slug=slug)
    return render(
        request, "networks/manage_network.html", {"network": network, "member": admin, "form": form}
    )


def network_logo(request, slug):
    """Logos are served by the application with the same gate as the network's about page."""
    from django.http import FileResponse, Http404

    network = access.get_discoverable_network_or_404(request.user, slug)
    if not network.logo:
        raise Http404
    response = FileResponse(network.logo.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
