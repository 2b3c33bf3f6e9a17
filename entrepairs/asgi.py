"""ASGI entry point serving HTTP (and, later, websockets) from one process."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
application = get_asgi_application()
