"""Every htmx action shows that it is working: the shared stylesheet shows `.htmx-indicator` while a
request runs and dims the element that sent it (htmx adds `.htmx-request`), and the actions of the
living pages carry their own indicator."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_page_loads_the_loading_styles():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "css/living.css" in base
    css = (ROOT / "static" / "css" / "living.css").read_text()
    assert ".htmx-request .htmx-indicator" in css and ".htmx-indicator {" in css
    assert re.search(r"\.htmx-request:not\(\.htmx-indicator\) \{ cursor: progress", css)


def test_living_actions_name_their_indicator():
    templates = [
        ROOT / "entrepairs/discussions/templates/discussions/_follow_space_button.html",
        ROOT / "entrepairs/discussions/post_rows.py",  # the Save toggle
    ]
    for path in templates:
        text = path.read_text()
        assert "hx-post" in text and "hx-indicator" in text and "htmx-indicator" in text, path
