"""Celery application. Without REDIS_URL tasks run inline (see settings.CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")

app = Celery("entrepairs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
