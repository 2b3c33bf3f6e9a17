from django.urls import path

from entrepairs.health import views

app_name = "health"
urlpatterns = [
    path("", views.index, name="index"),
    path("symptom/", views.log_symptom, name="log_symptom"),
    path("symptom/<int:log_id>/delete/", views.delete_symptom, name="delete_symptom"),
    path("conditions/new/", views.add_condition, name="add_condition"),
    path("conditions/search/", views.icd_search, name="icd_search"),
    path("conditions/<int:condition_id>/delete/", views.delete_condition, name="delete_condition"),
    path("treatments/new/", views.add_treatment, name="add_treatment"),
    path("treatments/<int:treatment_id>/", views.edit_treatment, name="edit_treatment"),
    path("treatments/<int:treatment_id>/delete/", views.delete_treatment, name="delete_treatment"),
    path("settings/", views.profile_settings, name="settings"),
    path("preview/", views.preview, name="preview"),
    path("members/<int:member_id>/", views.member_profile, name="member"),
    path("like-me/", views.like_me, name="like_me"),
    path("export/", views.export, name="export"),
]
