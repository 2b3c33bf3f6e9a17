"""An email backend for the Celery fault test (tests/test_faults_celery.py), used by real worker
processes: each email sent is one line of FAULTS_MAIL_DIR/sent.jsonl; with FAULTS_MAIL_BLOCK set,
the first send instead touches FAULTS_MAIL_DIR/blocked and waits until the worker is killed."""

import json
import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ["FAULTS_MAIL_DIR"])
        if os.environ.get("FAULTS_MAIL_BLOCK"):
            (directory / "blocked").touch()
            while True:  # the mail server hangs: the test kills the worker here
                time.sleep(1)
        with (directory / "sent.jsonl").open("a") as sent:
            for message in email_messages:
                sent.write(json.dumps({"to": message.to, "subject": message.subject}) + "\n")
        return len(email_messages)
