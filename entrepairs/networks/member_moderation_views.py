"""Moderators end memberships: remove or ban a member (from their profile, with a reason the member
is told), see who was removed or banned, lift a ban. Thin pages over networks.lifecycle; every one
is guarded by a gate of web/gates.py (sign-in, membership, role, two-factor)."""

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from entrepairs.errors import ActionRefused
from entrepairs.networks import access, lifecycle
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import moderator_page
from entrepairs.web.pagination import keyset_page

ENDED_PER_PAGE = 50


class EndMembershipForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=lifecycle.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The member receives it by email. Write no health detail."),
    )
    until = forms.DateField(
        label=gettext_lazy("Banned until (leave empty for a ban for good)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, ban: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ban:
            del self.fields["until"]

    def until_moment(self):
        day = self.cleaned_data.get("until")
        return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def _end_page(request, member, slug, member_id, *, ban: bool):
    target = access.get_member_or_404(member, member_id)
    form = EndMembershipForm(request.POST or None, ban=ban)
    if request.method == "POST" and form.is_valid():
        try:
            if ban:
                lifecycle.ban_member(
                    member, target, reason=form.cleaned_data["reason"], until=form.until_moment()
                )
            else:
                lifecycle.remove_member(member, target, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            done = _("%(name)s was banned.") if ban else _("%(name)s was removed from the network.")
            messages.success(request, done % {"name": target.display_name})
            return redirect("networks:ended_members", slug=slug)
    return render(
        request,
        "networks/end_membership.html",
        {"network": member.network, "member": member, "shown": target, "form": form, "ban": ban},
    )


@moderator_page
def remove_member(request, member, slug, member_id):
    return _end_page(request, member, slug, member_id, ban=False)


@moderator_page
def ban_member(request, member, slug, member_id):
    return _end_page(request, member, slug, member_id, ban=True)


@moderator_page
def ended_members(request, member, slug):
    items, next_cursor = keyset_page(
        access.ended_members(member),
        sort_field="left_at",
        cursor=request.GET.get("cursor"),
        limit=ENDED_PER_PAGE,
        descending=True,
        parse=datetime.fromisoformat,
    )
    return render(
        request,
        "networks/ended_members.html",
        {
            "network": member.network,
            "member": member,
            "items": items,
            "next_cursor": next_cursor,
            "tab": "ended",
        },
    )


@moderator_page  # outermost: outsiders get their 404 before the method is looked at
@require_POST
def lift_ban(request, member, slug, member_id):
    target = access.get_ended_member_or_404(member, member_id)
    try:
        lifecycle.lift_ban(member, target)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The ban of %(name)s was lifted.") % {"name": target.display_name})
    return redirect("networks:ended_members", slug=slug)
