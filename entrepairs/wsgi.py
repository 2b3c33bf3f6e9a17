import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
application = get_wsgi_application()

from entrepairs.memory import collect_less_often, freeze_long_lived  # noqa: E402
from entrepairs.web.startup import load_before_serving  # noqa: E402

# What the first request would load (URLs, the API, translations), loaded now; everything loaded so
# far lives as long as the process: out of the collector's full passes; and the collector runs less
# often (entrepairs/memory.py).
load_before_serving()
freeze_long_lived()
collect_less_often()
