from django.urls import path

from entrepairs.professionals import views

app_name = "professionals"
urlpatterns = [path("", views.my_profession, name="mine")]
