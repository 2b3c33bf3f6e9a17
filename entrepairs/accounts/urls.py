from django.urls import path

from entrepairs.accounts import views

urlpatterns = [
    path("", views.account_home, name="account"),
    path("tokens/", views.token_list, name="account_tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="account_token_revoke"),
    path("tokens/<int:token_id>/renew/", views.token_renew, name="account_token_renew"),
]
