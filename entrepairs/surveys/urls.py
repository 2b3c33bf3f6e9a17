from django.urls import path

from entrepairs.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_survey, name="new"),
    path("insights/", views.insights, name="insights"),
    path("anonymity/", views.anonymity, name="anonymity"),
    path("<int:survey_id>/", views.survey, name="survey"),
    path("<int:survey_id>/edit/", views.edit_survey, name="edit"),
    path("<int:survey_id>/results/", views.results, name="results"),
    path("<int:survey_id>/close/", views.close, name="close"),
    path("<int:survey_id>/delete/", views.delete, name="delete"),
]
