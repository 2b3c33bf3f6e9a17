from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("entrepairs.accounts.urls")),
    path("api/v1/", include("entrepairs.api.urls")),
    path("", include("entrepairs.networks.urls")),
]

handler404 = "entrepairs.networks.views.page_not_found"
handler403 = "entrepairs.networks.views.permission_denied"
handler500 = "entrepairs.networks.views.server_error"
