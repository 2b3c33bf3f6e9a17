from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.accounts.models import ConsentRecord, PersonalAccessToken, ReadFlag, User
from entrepairs.audit.services import record
from entrepairs.networks.lifecycle import deactivate_account


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "date_joined", "last_login"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Private identity"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["deactivate"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """An operator opening an account (its email, private names, permissions) is audited."""
        response = super().change_view(request, object_id, form_url, extra_context)
        account = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if account is not None and account.pk != request.user.pk:
            record(request.user, "account.view", account)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Unticking "active" closes everything the account still has open, like the action.
            deactivate_account(obj, by=request.user)

    @admin.action(description=_("Deactivate the selected accounts (ends their sessions, tokens and sockets)"))
    def deactivate(self, request, queryset):
        for user in queryset.filter(is_active=True):
            deactivate_account(user, by=request.user)


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = [
        "user",
        "name",
        "hint",
        "token_hash",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are created by their owner, shown once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Consents are evidence: readable, never editable."""

    list_display = ["user", "network", "purpose", "text_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "text_version"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReadFlag)
class ReadFlagAdmin(admin.ModelAdmin):
    """Accounts or addresses slowed for reading too fast (accounts/read_limits.py): evidence to
    look at, then act on the account (deactivate) if it is scraping."""

    list_display = ["flagged_at", "user", "address", "kind", "views", "seconds"]
    list_filter = ["kind"]
    search_fields = ["user__email", "address"]
    readonly_fields = ["user", "address", "kind", "views", "seconds", "flagged_at"]

    def has_add_permission(self, request):
        return False
