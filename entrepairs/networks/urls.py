from django.urls import include, path

from entrepairs.networks import member_moderation_views, operator_views, views

network_patterns = [
    path("", views.network_home, name="home"),
    path("about/", views.network_about, name="about"),
    path("logo.png", views.network_logo, name="logo"),
    path("join/", views.network_join, name="join"),
    path("members/", views.member_list, name="members"),
    path("members/suggest/", views.member_suggestions, name="member_suggestions"),
    path("members/<int:member_id>/", views.member_detail, name="member_detail"),
    path("members/<int:member_id>/picture.png", views.member_picture, name="picture"),
    path("persona/", views.persona_edit, name="persona"),
    path("persona/picture-review/", views.picture_review, name="picture_review"),
    path("leave/", views.leave, name="leave"),
    path("manage/requests/", views.manage_requests, name="manage_requests"),
    path("manage/requests/<int:member_id>/", views.decide_request, name="decide_request"),
    path("manage/invitations/", views.manage_invitations, name="manage_invitations"),
    path("manage/invitations/<int:invitation_id>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("manage/members/<int:member_id>/role/", views.member_role, name="member_role"),
    path("manage/privacy/", views.manage_privacy, name="manage_privacy"),
    path("manage/network/", views.manage_network, name="manage_network"),
    path(
        "manage/members/<int:member_id>/remove/", member_moderation_views.remove_member, name="remove_member"
    ),
    path("manage/members/<int:member_id>/ban/", member_moderation_views.ban_member, name="ban_member"),
    path("manage/ended/", member_moderation_views.ended_members, name="ended_members"),
    path("manage/ended/<int:member_id>/lift/", member_moderation_views.lift_ban, name="lift_ban"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("operator/", operator_views.operator_home, name="operator"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("n/<slug:slug>/", include((network_patterns, "networks"))),
]
