from django.urls import path

from entrepairs.magazine import analytics_views, views

app_name = "magazine"
urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("calendar/", views.calendar, name="calendar"),
    path("settings/", views.manage_settings, name="settings"),
    path("digest/", views.digest_preference, name="digest"),
    path("analytics/", analytics_views.network_analytics, name="analytics"),
    path("<int:article_id>/", views.article, name="article"),
    path("<int:article_id>/edit/", views.edit, name="edit"),
    path("<int:article_id>/images/", views.add_image, name="add_image"),
    path("<int:article_id>/delete/", views.delete, name="delete"),
]
