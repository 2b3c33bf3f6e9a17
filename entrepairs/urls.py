from django.contrib import admin
from django.urls import include, path

from entrepairs.accounts import views as account_views
from entrepairs.accounts.mfa import mfa_missing
from entrepairs.professionals.urls import review_urlpatterns
from entrepairs.rights import audit_views as rights_audit_views
from entrepairs.rights import views as rights_views
from entrepairs.rights.urls import network_urlpatterns as network_rights_urls
from entrepairs.web import observability


def _staff_with_mfa(request) -> bool:
    """The admin opens only to active staff with two-factor authentication (see accounts/mfa.py)."""
    user = request.user
    return user.is_active and user.is_staff and not mfa_missing(user)


admin.site.has_permission = _staff_with_mfa

urlpatterns = [
    path("healthz", observability.healthz, name="healthz"),
    path("readyz", observability.readyz, name="readyz"),
    path("metrics", observability.metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/sessions/", include("allauth.usersessions.urls")),
    path("account/profession/", include("entrepairs.professionals.urls")),
    path("operator/reviews/", include(review_urlpatterns)),
    path("operator/analytics/", include("entrepairs.magazine.operator_urls")),
    path("operator/audit/", rights_audit_views.operator_audit, name="operator_audit"),
    # The language switcher: Django's, which also stores a signed-in member's preference.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("account/", include("entrepairs.accounts.urls")),
    path("account/", include("entrepairs.rights.urls")),
    path("legal/<slug:kind>/", rights_views.legal_page, name="legal_page"),
    path("api/v1/", include("entrepairs.api.urls")),
    # The installable app (manifest, service worker, offline page) and push notification settings.
    path("", include("entrepairs.push.urls")),
    path("n/<slug:slug>/messages/", include("entrepairs.messaging.urls")),
    path("n/<slug:slug>/magazine/", include("entrepairs.magazine.urls")),
    path("magazine/", include("entrepairs.magazine.public_urls")),
    path("n/<slug:slug>/privacy/", include("entrepairs.privacy.urls")),
    path("n/<slug:slug>/health/", include("entrepairs.health.urls")),
    path("n/<slug:slug>/surveys/", include("entrepairs.surveys.urls")),
    path("n/<slug:slug>/", include("entrepairs.moderation.urls")),
    path("n/<slug:slug>/rights/", include((network_rights_urls, "rights"))),
    path("n/<slug:slug>/", include("entrepairs.discussions.urls")),
    path("", include("entrepairs.networks.urls")),
]

handler400 = "entrepairs.web.errors.bad_request"
handler404 = "entrepairs.web.errors.page_not_found"
handler403 = "entrepairs.web.errors.permission_denied"
handler500 = "entrepairs.web.errors.server_error"
# Not called by Django itself: allauth answers its rate limits (failed logins, signups, password
# resets) with ROOT_URLCONF.handler429, which is ours so that they carry Retry-After.
handler429 = "entrepairs.web.errors.too_many_requests"
