from django.urls import path

from entrepairs.moderation import views

app_name = "moderation"
urlpatterns = [
    path("report/<slug:kind>/<int:object_id>/", views.report, name="report"),
    path("conduct/", views.code_of_conduct, name="code_of_conduct"),
    path("moderation/notices/", views.notices, name="notices"),
    path("moderation/reports/", views.queue, name="queue"),
    path("moderation/reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("moderation/settings/", views.manage_settings, name="manage_settings"),
    path("moderation/watched-words/", views.watched_words, name="watched_words"),
    path(
        "moderation/watched-words/<int:word_id>/delete/",
        views.delete_watched_word,
        name="delete_watched_word",
    ),
]
