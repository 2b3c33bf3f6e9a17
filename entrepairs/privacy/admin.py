from django.contrib import admin

from entrepairs.privacy.models import Confirmation


@admin.register(Confirmation)
class ConfirmationAdmin(admin.ModelAdmin):
    """Read-only: a record of what an author confirmed (kinds only, never values)."""

    list_display = ["created_at", "network", "member", "content_type", "object_id", "kinds", "context"]
    list_filter = ["network", "context"]
    list_select_related = ["network", "member", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
