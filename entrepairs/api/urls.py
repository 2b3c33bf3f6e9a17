from django.urls import path

from entrepairs.api.api import api

urlpatterns = [path("", api.urls)]
