from django.contrib import admin

from entrepairs.rights import legal
from entrepairs.rights.models import LegalPage, NetworkRetention


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    """The operator writes the legal pages here; a new page starts from the default text."""

    list_display = ["kind", "updated_at"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or request.GET.get("kind") or legal.Kind.TERMS
        initial.setdefault("kind", kind)
        initial.setdefault("body_fr", legal.default_text(kind, "fr"))
        initial.setdefault("body_en", legal.default_text(kind, "en"))
        return initial


@admin.register(NetworkRetention)
class NetworkRetentionAdmin(admin.ModelAdmin):
    list_display = ["network", "messages_days", "logs_days", "audit_days"]
