"""ASGI entry point: HTTP through Django, websockets through Channels, from one process (uvicorn)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
# Django must be set up before the routing imports models (what get_asgi_application does, with the
# handler that runs the synchronous middleware chain in one hop: web/asgi_handler.py).
django.setup(set_prefix=False)

from entrepairs.web.asgi_handler import SyncChainASGIHandler  # noqa: E402

django_application = SyncChainASGIHandler()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from entrepairs.messaging.routing import websocket_urlpatterns  # noqa: E402
from entrepairs.messaging.socket_sessions import SocketAuthMiddlewareStack  # noqa: E402
from entrepairs.messaging.tickets import OriginOrTicket  # noqa: E402
from entrepairs.web.body_limits import BodyLimitASGI  # noqa: E402
from entrepairs.web.startup import ready_to_serve  # noqa: E402

application = ProtocolTypeRouter(
    {
        # A body declared over its route's limit is refused without being read (web/body_limits.py);
        # then a bounded number of requests inside Django per process, the rest queue briefly, then
        # 503 (web/admission.py, taken by the handler around Django's work).
        "http": BodyLimitASGI(django_application),
        # A handshake from a foreign Origin (cross-site websocket hijacking) is refused before it
        # reaches a consumer; the consumer then refuses anyone without a valid session. A client that
        # is not a browser sends no Origin and authenticates with a one-time ticket instead
        # (messaging/tickets.py).
        "websocket": OriginOrTicket(SocketAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

ready_to_serve()  # loaded, frozen, the collector run less often (web/startup.py)
