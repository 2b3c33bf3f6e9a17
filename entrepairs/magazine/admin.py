from django.contrib import admin

from entrepairs.magazine.models import MagazineSettings, SponsorAccess


@admin.register(SponsorAccess)
class SponsorAccessAdmin(admin.ModelAdmin):
    """Operators give a sponsor's account access to a network's k-anonymous analytics (the network's
    administrators must also allow it in the magazine settings)."""

    list_display = ["network", "user", "created_at"]
    raw_id_fields = ["user"]


@admin.register(MagazineSettings)
class MagazineSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "network",
        "requires_reviewer",
        "digest_titles_hidden",
        "track_digest_opens",
        "sponsor_sees_analytics",
    ]
