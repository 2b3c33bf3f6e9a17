from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.professionals.models import (
    DirectoryActivity,
    DirectoryImport,
    DirectoryLabel,
    DirectoryPerson,
    Profession,
    ProfessionalIdentifier,
    Qualification,
    Specialty,
    VerificationAttempt,
)


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "slug"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "practitioner_fr", "profession"]
    list_filter = ["profession"]
    search_fields = ["code", "name_fr"]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    """Operators mark a declared profession as verified here until the verification methods
    (directory, Pro Santé Connect, document review) do it."""

    list_display = ["user", "profession", "specialty", "status", "method", "verified_at", "verified_until"]
    list_filter = ["status", "method", "profession"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    actions = ["mark_verified"]

    @admin.action(description=_("Mark as verified (one year)"))
    def mark_verified(self, request, queryset):
        for qualification in queryset:
            qualification.status = Qualification.Status.VERIFIED
            qualification.verified_at = None
            qualification.verified_until = None
            qualification.method = Qualification.Method.OPERATOR
            qualification.save()


# --- Directory and verification records (read-only: they are evidence, written by the import and
# the verification services, never edited by hand) ----------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DirectoryImport)
class DirectoryImportAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "source_name",
        "status",
        "rows_read",
        "rows_imported",
        "people_imported",
        "people_unlisted",
        "malformed_count",
    ]
    list_filter = ["status"]


class DirectoryActivityInline(admin.TabularInline):
    model = DirectoryActivity
    fields = ["profession_code", "category_code", "savoir_faire_type", "savoir_faire_code", "mode_code"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DirectoryPerson)
class DirectoryPersonAdmin(ReadOnlyAdmin):
    # Two million rows: search by exact national id only (primary key), never a LIKE over names.
    list_display = ["national_id", "last_name", "first_name", "listed"]
    search_fields = ["=national_id"]
    show_full_result_count = False
    inlines = [DirectoryActivityInline]


@admin.register(DirectoryLabel)
class DirectoryLabelAdmin(ReadOnlyAdmin):
    list_display = ["kind", "code", "label"]
    list_filter = ["kind"]
    search_fields = ["code", "label"]


@admin.register(ProfessionalIdentifier)
class ProfessionalIdentifierAdmin(admin.ModelAdmin):
    list_display = ["user", "identifier_type", "value", "verified", "method", "verified_at"]
    list_filter = ["identifier_type", "verified", "method"]
    search_fields = ["=value", "user__email"]
    raw_id_fields = ["user"]


@admin.register(VerificationAttempt)
class VerificationAttemptAdmin(ReadOnlyAdmin):
    """Every verification attempt. Filter on "needs review" for the flagged ones (an identifier
    already verified by another account)."""

    list_display = [
        "created_at",
        "user",
        "method",
        "outcome",
        "code",
        "identifier_type",
        "identifier",
        "conflicting_user",
        "needs_review",
        "reviewed_at",
    ]
    list_filter = ["needs_review", "outcome", "code", "method"]
    search_fields = ["=identifier", "user__email"]
    list_select_related = ["user", "conflicting_user"]
    actions = ["mark_reviewed"]

    def has_change_permission(self, request, obj=None):
        # Needed for the "mark reviewed" action; every field stays read-only.
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Mark as reviewed"))
    def mark_reviewed(self, request, queryset):
        queryset.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now())
