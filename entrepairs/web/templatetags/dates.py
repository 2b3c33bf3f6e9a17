"""Dates as members read them, in their language.

`{{ value|ago }}`: "à l'instant", "il y a 5 minutes", "il y a 3 heures", "hier", "il y a 2 jours",
"il y a 3 semaines", then the date itself ("5 déc. 2026") — never Django's "2 jours, 11 heures".
`{{ value|when }}`: the full date and time in the member's language ("5 déc. 2026 à 21 h 26" /
"Dec 5, 2026, 9:26 PM"), from the formats in entrepairs/formats/.
`{% moment value %}`: a <time> element showing `ago`, with the full date as its title."""

import html
from datetime import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def relative(value: datetime, now: datetime | None = None) -> str:
    """How long ago `value` was, as a person says it; a date once it is a month old (or ahead)."""
    now = now or timezone.now()
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    seconds = (now - value).total_seconds()
    if seconds < -MINUTE or seconds >= 30 * DAY:
        return local_date(value, "DATE_FORMAT")
    if seconds < MINUTE:
        return gettext("just now")
    if seconds < HOUR:
        minutes = int(seconds // MINUTE)
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {"count": minutes}
    if seconds < DAY:
        hours = int(seconds // HOUR)
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    days = int(seconds // DAY)
    if days == 1:
        return gettext("yesterday")
    if days < 14:
        return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
    weeks = days // 7
    return ngettext("%(count)d week ago", "%(count)d weeks ago", weeks) % {"count": weeks}


@register.filter
def ago(value):
    if not value:
        return ""
    return relative(value)


@register.filter
def when(value):
    return local_date(value, "DATETIME_FORMAT")


def local_date(value, format_name: str) -> str:
    """`value` in the member's time zone and language, in one of Django's formats ("DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT"...). Rows come from the database in UTC, and neither a filter outside a
    Django template's variable nor Jinja2 gets the conversion Django applies to a printed variable
    ("21 h 26" in Paris, not "20 h 26")."""
    if not value:
        return ""
    return _formatted(value, format_name, get_language(), timezone.get_current_timezone())


def local_dates(format_name: str):
    """`local_date` for the many rows of one page: the language and the time zone looked up once
    (each lookup goes through the request's context-local state, twice per row otherwise)."""
    language, zone = get_language(), timezone.get_current_timezone()
    return lambda value: _formatted(value, format_name, language, zone) if value else ""


# Formatting a date through Django's formats costs about 25 µs, and converting it to the member's
# zone about 10 more; lists and thread pages print one per row (the same rows page after page): the
# text depends only on the moment, the format, the language and the time zone, all in the key (an
# aware datetime is equal to, and hashes as, the same moment in any zone).
@lru_cache(maxsize=8192)
def _formatted(value: datetime, format_name: str, language: str, zone) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return format_date(value, format_name)


@register.simple_tag
def moment(value):
    """`<time datetime="…" title="5 déc. 2026 à 21 h 26">il y a 2 jours</time>`."""
    if not value:
        return ""
    # Built directly rather than with format_html (twice the time, once per row of every list), and
    # escaped with html.escape (what django's escape writes, without its check for lazy text: these
    # are plain strings).
    return SafeString(
        f'<time datetime="{value.isoformat()}" title="{html.escape(when(value))}">'
        f"{html.escape(relative(value))}</time>"
    )
