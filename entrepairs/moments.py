"""Moments from outside (an API field, a page's bookmark) as the database can store and compare them.

Python and the JSON schema accept any offset under a day ("-19:42"); PostgreSQL refuses offsets past
±15:59 with an error, a 500 where the input was merely odd. Every moment is turned to UTC on arrival,
the same instant, and one that UTC cannot hold (year 1 ahead of UTC, 9999 behind it) is invalid."""

from datetime import UTC, datetime

from django.utils import timezone


def in_utc(value: datetime) -> datetime:
    """The same instant in UTC; without an offset it reads in the installation's time zone. ValueError
    when it falls outside the years Python counts."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("This date is out of range.") from None
