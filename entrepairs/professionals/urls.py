from django.urls import path

from entrepairs.professionals import views

app_name = "professionals"
urlpatterns = [
    path("", views.my_profession, name="mine"),
    path("documents/<int:submission_id>/", views.document_file, name="document_file"),
]

review_urlpatterns = (
    [
        path("", views.review_queue, name="queue"),
        path("<int:submission_id>/", views.review_document, name="document"),
    ],
    "reviews",
)
