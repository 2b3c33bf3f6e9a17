from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks import lifecycle
from entrepairs.networks.models import Invitation, Membership, Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "join_policy", "is_active", "created_at"]
    list_filter = ["kind", "join_policy", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["professions", "specialties"]


class EndMembershipForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (the member is told)"), max_length=500)
    until = forms.DateTimeField(
        label=gettext_lazy("Banned until (empty: for good)"), required=False, help_text="YYYY-MM-DD HH:MM"
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """How a membership ends is not a field to edit: a status changed here would leave the member's
    sockets, conversations and notifications running. The actions go through networks.lifecycle."""

    list_display = ["display_name", "network", "role", "status", "member_type", "joined_at", "left_at"]
    list_filter = ["network", "role", "status", "member_type"]
    search_fields = ["display_name"]
    raw_id_fields = ["user", "qualification", "consent"]
    readonly_fields = [
        "status", "role", "consent", "requested_at", "joined_at", "left_at",
        "ended_reason", "ended_by", "banned_until",
    ]  # fmt: skip
    actions = ["remove_members", "ban_members", "lift_bans"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """An operator opening a persona (which account it belongs to) is audited."""
        response = super().change_view(request, object_id, form_url, extra_context)
        persona = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if persona is not None:
            record(request.user, "membership.view", persona)
        return response

    @admin.action(description=gettext_lazy("Remove from the network"))
    def remove_members(self, request, queryset):
        return self._end(
            request, queryset, "remove_members", _("Remove from the network"), lifecycle.remove_member
        )

    @admin.action(description=gettext_lazy("Ban"))
    def ban_members(self, request, queryset):
        return self._end(request, queryset, "ban_members", _("Ban"), lifecycle.ban_member, with_until=True)

    @admin.action(description=gettext_lazy("Lift the ban"))
    def lift_bans(self, request, queryset):
        for membership in queryset:
            self._apply(request, membership, lambda m: lifecycle.lift_ban(request.user, m))

    def _end(self, request, queryset, action, title, operation, *, with_until=False):
        """A confirmation page asking for the reason; on "apply", the operation for each one."""
        form = EndMembershipForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for membership in queryset:
                kwargs = {"reason": form.cleaned_data["reason"]}
                if with_until:
                    kwargs["until"] = form.cleaned_data["until"]
                self._apply(
                    request, membership, lambda m, kwargs=kwargs: operation(request.user, m, **kwargs)
                )
            return None
        return TemplateResponse(
            request,
            "networks/admin_end_membership.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "memberships": queryset,
                "form": form,
                "action": action,
                "with_until": with_until,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _apply(self, request, membership, operation):
        try:
            operation(membership)
        except ActionRefused as refusal:
            self.message_user(request, f"{membership}: {refusal.message}", messages.ERROR)
        else:
            self.message_user(request, f"{membership}: {_('done')}", messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["network", "note", "use_count", "max_uses", "expires_at", "revoked_at"]
    list_filter = ["network"]
    # Only the hash exists: the link was shown once to the moderator who created it.
    readonly_fields = ["token_hash", "use_count", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
