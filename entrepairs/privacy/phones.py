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

# The matcher is the slowest step of the rule path; a text with fewer than 7 digits cannot hold a
# phone number (the shortest valid subscriber numbers have 7 digits), so it is skipped.
_MIN_DIGITS = 7
_DIGIT = re.compile(r"\d")


def find_phones(text: str, lang: str) -> list[Candidate]:
    if len(_DIGIT.findall(text)) < _MIN_DIGITS:
        return []
    region = REGION_BY_LANGUAGE.get(lang, "FR")
    found = _match(text, region)
    # A French member may quote an American number without +1 and vice versa: a second pass with the
    # other region only adds numbers the first did not cover.
    for candidate in _match(text, _OTHER_REGION[region]):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in found):
            found.append(candidate)
    return found


def _match(text: str, region: str) -> list[Candidate]:
    found = []
    for match in PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.number_type(match.number) in _SERVICE_TYPES:
            continue
        found.append(Candidate(match.start, match.end, "PHONE", 0.95))
    return found
