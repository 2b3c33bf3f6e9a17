"""Appended to discussions/urls.py (namespace "discussions"), under /n/<slug>/."""

from django.urls import path

from entrepairs.discussions.case_photos import views

urlpatterns = [
    path("t/<int:thread_id>/photos/", views.review, name="case_photos"),
    path("photos/<int:photo_id>/", views.photo_file, name="case_photo"),
    path("photos/<int:photo_id>/decide/", views.decide, name="case_photo_decide"),
    path("photos/<int:photo_id>/caption/", views.caption, name="case_photo_caption"),
    path("photos/<int:photo_id>/review/<slug:version>/", views.photo_preview, name="case_photo_preview"),
]
