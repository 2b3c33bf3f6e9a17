from django.urls import path

from entrepairs.discussions import views
from entrepairs.discussions.case_photos import urls as case_photo_urls

app_name = "discussions"
urlpatterns = [
    path("d/", views.index, name="index"),
    path("d/new/", views.new_thread, name="new_thread"),
    path("d/<slug:space_slug>/", views.space, name="space"),
    path("d/<slug:space_slug>/follow/", views.follow_space, name="follow_space"),
    path("saved/", views.saved, name="saved"),
    path("mine/", views.my_posts, name="my_posts"),
    path("mine/hide/", views.hide_old_posts, name="hide_old_posts"),
    path("welcome/", views.welcome, name="welcome"),
    path("t/<int:thread_id>/", views.thread, name="thread"),
    path("t/<int:thread_id>/follow/", views.follow, name="follow"),
    path("t/<int:thread_id>/vote/", views.vote, name="vote"),
    path("t/<int:thread_id>/solve/", views.solve, name="solve"),
    path("t/<int:thread_id>/delete/", views.delete_thread, name="delete_thread"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/", views.open_notification, name="open_notification"),
    path("search/", views.search, name="search"),
    path("manage/spaces/", views.manage_spaces, name="manage_spaces"),
    path("manage/privacy-review/", views.privacy_review, name="privacy_review"),
    path("p/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:post_id>/react/", views.react, name="react"),
    path("p/<int:post_id>/accept/", views.accept, name="accept"),
    path("p/<int:post_id>/save/", views.save_post, name="save_post"),
    path("p/<int:post_id>/note/", views.expert_note, name="expert_note"),
]

urlpatterns += case_photo_urls.urlpatterns
