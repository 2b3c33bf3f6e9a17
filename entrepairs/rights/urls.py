from django.urls import path

from entrepairs.rights import views

urlpatterns = [
    path("delete/", views.delete_account, name="account_delete"),
    path("delete/requested/", views.erasure_requested, name="erasure_requested"),
    path("delete/cancel/<str:token>/", views.erasure_cancel, name="erasure_cancel"),
]
