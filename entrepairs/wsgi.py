import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
application = get_wsgi_application()

from entrepairs.web.startup import ready_to_serve  # noqa: E402

ready_to_serve()  # loaded, frozen, the collector run less often (web/startup.py)
