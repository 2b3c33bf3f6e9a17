from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from entrepairs.professionals.models import Profession, Qualification, Specialty


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
