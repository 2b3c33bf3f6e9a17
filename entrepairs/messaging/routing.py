from django.urls import path

from entrepairs.messaging.consumers import MessagingConsumer

websocket_urlpatterns = [
    path("ws/n/<slug:slug>/messages/", MessagingConsumer.as_asgi(), name="messaging-socket"),
]
