"""Mounted at the site root (entrepairs/urls.py): the manifest and the service worker must be served
from `/` for the app's scope to be the whole site."""

from django.urls import path

from entrepairs.push import views

app_name = "push"

urlpatterns = [
    path("manifest.json", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("account/devices/", views.devices, name="devices"),
    path("account/devices/subscribe/", views.subscribe, name="subscribe"),
    path("account/devices/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("account/devices/<int:device_id>/remove/", views.remove_device, name="remove_device"),
    path("n/<slug:slug>/notifications/devices/", views.preferences, name="preferences"),
]
