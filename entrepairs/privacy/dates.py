"""Birth dates: a date introduced as one ("née le", "date de naissance", "DDN", "born", "DOB").

Dates alone are ordinary health talk (appointments, scans, surgeries, cycles) and are never reported;
only the words before the date make it a birth date. Numeric ("14/07/2012", "1982-03-14",
"08.11.1979") and written forms ("3 mars 1975", "1er janvier 1940", "March 3, 1975",
"12 June 2016") are recognised; a written day and month without a year after "né le" counts too.
"""

import re

from .findings import Candidate

_FRENCH_MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
_ENGLISH_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_NUMERIC = (
    r"(?:1er|\d{1,2})[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)|\d{4}-\d{2}-\d{2}(?!\d)"
    # "11-Nov-1979", "03-MAR-1975", "3 nov. 79"
    r"|\d{1,2}[-/ ](?i:jan|feb|fév|fev|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|aoû|aou|sep|sept|oct|nov|dec|déc)\.?[-/ ](?:\d{4}|\d{2})(?!\d)"
)
_FRENCH_WRITTEN = rf"(?:1er|\d{{1,2}})\s+(?i:{_FRENCH_MONTHS})(?:\s+(?:\d{{4}}|\d{{2}}))?(?!\d)"
_ENGLISH_WRITTEN = (
    rf"(?i:{_ENGLISH_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{_ENGLISH_MONTHS})(?:,?\s+\d{{4}})?(?!\d)"
)
_DATE = re.compile(rf"{_NUMERIC}|{_FRENCH_WRITTEN}|{_ENGLISH_WRITTEN}")

# What introduces a birth date, then up to a few words ("née le", "born on", "DOB:", "né à Nancy le").
_TRIGGER = re.compile(
    r"\b(?:n[ée]e?s?\s+le|n[ée]e?s?\s+(?:à|a)\s+[^\d.!?;]{1,30}?\s+le|date\s+de\s+naissance|"
    r"DDN|naissance\s*:|"
    r"born(?:\s+on)?|D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|birthdate|b-?day\s+is|birthday\s+is)\b",
    re.IGNORECASE,
)
_GAP = re.compile(r"[\s:(]*(?:(?:is|was|le|on|:|in)\s*)?(?:the\s+)?")
# Nobody born before this year is a living member or relative: "Louis Pasteur, né le 27 décembre 1822"
# is history.
_OLDEST_BIRTH_YEAR = 1905
_YEAR = re.compile(r"\d{4}$|(?<![\d])\d{4}(?!\d)")


def find_birthdates(text: str) -> list[Candidate]:
    found = []
    for trigger in _TRIGGER.finditer(text):
        # "DOB", "DDN" are also typed in lower case ("ddn 12/07/88"); the date that must follow is the
        # evidence.
        gap = _GAP.match(text, trigger.end())
        date = _DATE.match(text, gap.end())
        if date:
            year = _YEAR.search(date.group())
            if year and int(year.group()) < _OLDEST_BIRTH_YEAR:
                continue
            found.append(Candidate(date.start(), date.end(), "BIRTHDATE", 0.9))
    return found
