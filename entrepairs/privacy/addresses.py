"""Street addresses: a number, a street type, a street name, then (when given) postcode and city.

French: "12 rue des Lilas, 69003 Lyon", "3 bis avenue Jean Jaurès". US: "1600 Main Street,
Springfield, IL 62704", "221 Oak Avenue, Apt 4B". A city alone, a département ("je suis dans le 69")
or a room number ("chambre 412") is not an address. The street name must hold a capitalised word, so
"3 cours de yoga" is not taken for "3 cours Mirabeau".
"""

import re

from .findings import Candidate

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zà-öø-ÿ"
_CAPITALISED = rf"[{_UPPER}][{_LOWER}{_UPPER}'’-]*"
_CITY = rf"{_CAPITALISED}(?:[ -](?:(?:sur|sous|en|de|du|des|la|le|les|lès)[ -])?{_CAPITALISED})*"

_FRENCH_STREET_TYPES = (
    "rue|avenue|av\\.|boulevard|bd|bld|place|chemin|impasse|allée|allee|route|quai|cours|square|passage|"
    "rond-point|voie|résidence|lotissement|lieu-dit|chaussée|esplanade|promenade|sentier|faubourg|cité|"
    "hameau|villa|parvis|montée|traverse|ruelle|sente|mail|clos"
)
_FRENCH_PARTICLE = r"(?:de|du|des|la|le|les|l['’]|d['’]|et|aux|au|sur|en|saint|sainte|st|ste)"
_FRENCH = re.compile(
    rf"(?<![\d,.])\d{{1,4}}(?:\s?(?:bis|ter|quater|[AB])\b)?,?\s+(?i:{_FRENCH_STREET_TYPES})\s+"
    rf"(?:{_FRENCH_PARTICLE}\s*)*{_CAPITALISED}(?:[ -](?:{_FRENCH_PARTICLE}[ -]?)*{_CAPITALISED})*"
    rf"(?:,?\s+\d{{5}}\s+{_CITY})?",
)
# Postcode and city may come after a comma that the street name regex did not consume.
_FRENCH_POSTCODE_CITY = re.compile(rf",?\s*\d{{5}}\s+{_CITY}")

_US_STREET_TYPES = (
    "Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Boulevard|Blvd\\.?|Drive|Dr\\.?|Lane|Ln\\.?|Court|Ct\\.?|"
    "Terrace|Place|Pl\\.?|Way|Parkway|Pkwy\\.?|Circle|Cir\\.?|Highway|Hwy\\.?|Trail|Square|Sq\\.?|Plaza"
)
_US_UNIT = r"(?:,?\s+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#)\s*[A-Za-z0-9-]+)?"
_US_CITY_STATE_ZIP = r"(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?)?"
_US = re.compile(
    rf"(?<![\d,.])\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){{1,3}}(?:{_US_STREET_TYPES})(?![A-Za-z])"
    rf"{_US_UNIT}{_US_CITY_STATE_ZIP}"
)


def find_addresses(text: str) -> list[Candidate]:
    found = []
    for match in _FRENCH.finditer(text):
        end = match.end()
        tail = _FRENCH_POSTCODE_CITY.match(text, end)
        if tail:
            end = tail.end()
        has_postcode = end != match.end() or bool(re.search(r"\d{5}", match.group()))
        found.append(Candidate(match.start(), end, "ADDRESS", 0.9 if has_postcode else 0.75))
    for match in _US.finditer(text):
        value = match.group()
        # "Dr." is also a title: "3 Dr. Patel" is not a street.
        if value.endswith(("Dr", "Dr.")) and not re.search(r"\d{5}", value):
            continue
        found.append(Candidate(match.start(), match.end(), "ADDRESS", 0.9 if "," in value else 0.75))
    return found
