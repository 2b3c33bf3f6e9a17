"""Phone numbers, found and validated by Google's libphonenumber (the `phonenumbers` port).

The region used for numbers written without a country code follows the text's language (France for
French, the United States for English); numbers with +33, 0033, +1, +44... are found whatever the
language. Only numbers that are valid for their region are reported, so helplines (3114, 15, 112,
988), dosages, lab values and dates are not: they are not valid subscriber numbers. Toll-free,
shared-cost and premium numbers are services, not people, and are left alone too.
"""

import re

import phonenumbers
from phonenumbers import PhoneNumberMatcher, PhoneNumberType

from .findings import Candidate

REGION_BY_LANGUAGE = {"fr": "FR", "en": "US"}
_OTHER_REGION = {"FR": "US", "US": "FR"}

_SERVICE_TYPES = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.UAN,
    }
)

# The matcher is the slowest step of the rule path: it parses every number-like run of the text
# (dosages, lab values, dates). It is only run on windows around runs that hold at least 7 digits
# (the shortest valid subscriber numbers), with some context on each side for its own checks
# (a time after a date, a bracket before a number).
_MIN_DIGITS = 7
_NUMBER_RUN = re.compile(r"[+(]?\d[\d \u00a0().\-/]*\d")
_CONTEXT = 20


# What libphonenumber leaves out but a member means as a phone number: a French number with the
# groups cut oddly or run together ("06 936 025 75", "07-27-33-38-54") in a range it does not know
# as allocated, and international numbers in reserved ranges ("+44 7700 900 882"). The shapes are
# strict: ten digits starting with 0 (not 08, services), or a country code and 8 to 12 digits.
_FRENCH_SHAPE = re.compile(
    r"(?:\+(?<![\d+,.]\+)33[ .\-]*(?:\(0\)[ .\-]*)?|0(?<![\d+,.]0)(?!\d[./-]\d\d[./-](?:19|20)\d\d)(?:033[ .\-]*)?)"
    r"[1-79](?:[ .\-]?\d){8}(?![\d,]|[.:h]\d)"
)
_INTERNATIONAL_SHAPE = re.compile(
    r"\+(?<![\d+]\+)(?:1|44|32|41|49|34|39|351|352|212|213|216|221|225|237|243)[ .\-]*(?:\(0\)[ .\-]*)?"
    r"\d(?:[ .\-]?\d){7,11}(?!\d)"
)


def find_phones(text: str, lang: str) -> list[Candidate]:
    # French-shaped numbers first: they need no matcher (the slowest step), only a check of their
    # validity for the score.
    shaped = [
        Candidate(m.start(), m.end(), "PHONE", 0.95 if _valid_french(m.group()) else 0.8)
        for m in _FRENCH_SHAPE.finditer(text)
    ]
    found = shaped + [
        candidate
        for candidate in _find_valid_phones(text, lang, shaped)
        if all(candidate.end <= other.start or candidate.start >= other.end for other in shaped)
    ]
    for match in _INTERNATIONAL_SHAPE.finditer(text):
        start, end = match.span()
        if all(end <= other.start or start >= other.end for other in found):
            found.append(Candidate(start, end, "PHONE", 0.8))
    return found


def _valid_french(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33"):
        digits = "0" + digits[2:]
    elif digits.startswith("0330"):
        digits = digits[3:]
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(digits, "FR"))
    except phonenumbers.NumberParseException:
        return False


def _find_valid_phones(text: str, lang: str, already: list[Candidate]) -> list[Candidate]:
    region = REGION_BY_LANGUAGE.get(lang, "FR")
    found: list[Candidate] = []
    for window_start, window_end in _windows(text, already):
        window = text[window_start:window_end]
        in_window = _match(window, region)
        # A French member may quote an American number without +1 and vice versa: a second pass with
        # the other region only adds numbers the first did not cover.
        for candidate in _match(window, _OTHER_REGION[region]):
            if all(candidate.end <= other.start or candidate.start >= other.end for other in in_window):
                in_window.append(candidate)
        for candidate in in_window:
            start, end = candidate.start + window_start, candidate.end + window_start
            if all(end <= other.start or start >= other.end for other in found):
                found.append(Candidate(start, end, "PHONE", candidate.score))
    return found


def _windows(text: str, already: list[Candidate]) -> list[tuple[int, int]]:
    """Merged (start, end) windows around digit runs long enough to be a phone number, leaving out
    digits already found."""
    windows: list[tuple[int, int]] = []
    for run in _NUMBER_RUN.finditer(text):
        digits = (
            [
                index
                for index in range(run.start(), run.end())
                if text[index].isdigit() and not any(c.start <= index < c.end for c in already)
            ]
            if already
            else [index for index, ch in enumerate(run.group()) if ch.isdigit()]
        )
        if len(digits) < _MIN_DIGITS:
            continue
        start, end = max(0, run.start() - _CONTEXT), min(len(text), run.end() + _CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _match(text: str, region: str) -> list[Candidate]:
    return [
        Candidate(match.start, match.end, "PHONE", 0.95)
        for match in PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
        if phonenumbers.number_type(match.number) not in _SERVICE_TYPES
    ]
