from django.urls import path

from entrepairs.rights import audit_views, views

urlpatterns = [
    path("delete/", views.delete_account, name="account_delete"),
    path("delete/requested/", views.erasure_requested, name="erasure_requested"),
    path("delete/cancel/<str:token>/", views.erasure_cancel, name="erasure_cancel"),
    path("export/", views.data_export, name="data_export"),
    path("export/<int:export_id>/", views.data_export_detail, name="data_export_detail"),
    path("export/<int:export_id>/status/", views.data_export_status, name="data_export_status"),
    path("export/<int:export_id>/download/", views.data_export_download, name="data_export_download"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:membership_id>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("personas/<int:membership_id>/fresh-start/", views.persona_fresh_start, name="persona_fresh_start"),
]

# Under /n/<slug>/rights/ (namespace "rights"): network administrators' pages.
network_urlpatterns = [
    path("retention/", views.manage_retention, name="manage_retention"),
    path("audit/", audit_views.network_audit, name="network_audit"),
]
