from django.urls import path

from entrepairs.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.index, name="index"),
    path("badge/", views.badge, name="badge"),
    path("new/", views.new_direct, name="new_direct"),
    path("new/group/", views.new_group, name="new_group"),
    path("blocks/", views.blocks, name="blocks"),
    path("settings/", views.network_settings, name="settings"),
    path("c/<int:conversation_id>/", views.conversation, name="conversation"),
    path("c/<int:conversation_id>/badge/", views.conversation_badge, name="conversation_badge"),
    path("c/<int:conversation_id>/items/", views.message_items, name="message_items"),
    path("c/<int:conversation_id>/members/", views.members, name="members"),
    path("c/<int:conversation_id>/leave/", views.leave, name="leave"),
    path("c/<int:conversation_id>/mute/", views.mute, name="mute"),
    path("m/<int:message_id>/edit/", views.edit_message, name="edit_message"),
    path("m/<int:message_id>/delete/", views.delete_message, name="delete_message"),
    path("m/<int:message_id>/file/", views.attachment, name="file"),
]
