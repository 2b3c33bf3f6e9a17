from django.contrib import admin

from entrepairs.networks.models import Invitation, Membership, Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "join_policy", "is_active", "created_at"]
    list_filter = ["kind", "join_policy", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["professions", "specialties"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["display_name", "network", "role", "status", "member_type", "joined_at"]
    list_filter = ["network", "role", "status", "member_type"]
    search_fields = ["display_name"]
    raw_id_fields = ["user", "qualification", "consent"]
    readonly_fields = ["consent", "requested_at", "joined_at", "left_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["network", "note", "use_count", "max_uses", "expires_at", "revoked_at"]
    list_filter = ["network"]
    # Only the hash exists: the link was shown once to the moderator who created it.
    readonly_fields = ["token_hash", "use_count", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
