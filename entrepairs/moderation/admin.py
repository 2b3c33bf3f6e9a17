"""Read-only views for operators: reports, decisions and watched words are changed through the
product's pages (moderators and administrators of each network), never here. A decision's edited-out
original is not shown: it is kept for the audit only."""

from django.contrib import admin

from entrepairs.moderation.models import Decision, Report, WatchedWord


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ["created_at", "network", "kind", "reason", "source", "priority", "status", "outcome"]
    list_filter = ["status", "reason", "source", "priority"]
    exclude = ["snapshot", "note"]  # the reported text and the note stay with the network's moderators


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["created_at", "network", "kind", "action"]
    list_filter = ["action"]
    exclude = ["original_text", "reason"]


@admin.register(WatchedWord)
class WatchedWordAdmin(ReadOnly):
    list_display = ["network", "word", "action", "replacement"]
