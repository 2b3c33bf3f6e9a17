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
# Patterns start with a digit and look behind it afterwards: the regular expression engine then
# jumps from digit to digit instead of trying every position (half the cost on the request path).
_FRENCH = re.compile(
    rf"\d(?<![\d,.]\d)\d{{0,3}}(?:\s?(?:bis|ter|quater|[AB])\b)?,?\s+(?i:{_FRENCH_STREET_TYPES})\s+"
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
    rf"\d(?<![\d,.]\d)\d{{0,5}}\s+(?:[NSEW]\.?\s+)?(?:(?:[A-Z][a-z]+|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,3}}(?:{_US_STREET_TYPES})(?![A-Za-z])"
    rf"{_US_UNIT}{_US_CITY_STATE_ZIP}"
)


# Issue 16: addresses as people type them. Before the number, the building, staircase, floor or flat
# ("Bât. B, esc. 2, 3e étage, 12 rue ...", "appt 12, 5 allée ..."); after it, the floor ("2ème étage
# gauche"); a lieu-dit or a CEDEX box instead of a street ("lieu-dit Kerbrat, 29410 Plounéour",
# "CS 30012, 75015 Paris"); street and city in lower case ("12 rue des lilas 69003 lyon").
_FLOOR = r"\d{1,2}\s?(?:e|è|ème|eme|er|ère)\s+(?i:étage|etage)(?:\s+(?i:gauche|droite|face|porte\s+\w+))?"
_BUILDING_PART = rf"(?:(?i:b[âa]t(?:iment)?\.?|esc(?:alier)?\.?|app?t\.?|appartement|porte|log(?:ement)?\.?)\s*[A-Za-z0-9]{{1,4}}|{_FLOOR})"
_FRENCH_PREFIX = re.compile(rf"(?:{_BUILDING_PART},?\s+)+$")
_FRENCH_SUFFIX = re.compile(rf"(?:,?\s+{_BUILDING_PART})+")
_LOWER_CITY = rf"[{_LOWER}][{_LOWER}'’]+(?:-[{_LOWER}'’]+)*"
_LOWER_STREET_TYPES = (
    "rue|avenue|av\\.|boulevard|bd|bld|allée|allee|impasse|chemin|quai|route|square|place|cours"
)
_FRENCH_LOWER = re.compile(
    rf"\d(?<![\d,.]\d)\d{{0,3}}(?:\s?(?:bis|ter)\b)?,?\s+(?i:{_LOWER_STREET_TYPES})\s+"
    rf"(?P<name>(?:[{_LOWER}{_UPPER}'’-]+\s){{0,3}}?[{_LOWER}{_UPPER}'’-]+)"
    rf"(?P<tail>,?\s+\d{{5}}\s+(?:{_CITY}|{_LOWER_CITY}))"
)
_ADDRESS_CONTEXT = re.compile(
    r"(?i:habite|adresse|domicile|envoy\w*\s+(?:au|à)|c'est\s+au|live\s+at|address|send\s+it\s+to|mail\s+it\s+to)"
    r"[^.!?\n]{0,12}$"
)
_FRENCH_LOWER_IN_CONTEXT = re.compile(
    rf"\d(?<![\d,.]\d)\d{{0,3}}(?:\s?(?:bis|ter)\b)?,?\s+(?i:{_LOWER_STREET_TYPES})\s+"
    rf"(?:(?:de|du|des|de\s+la|d['’]|l['’])\s*)?[{_LOWER}{_UPPER}'’-]{{3,}}(?:[ -][{_LOWER}{_UPPER}'’]{{3,}})?"
)
_LIEU_DIT = re.compile(
    rf"(?i:lieu-dit|lieudit|lieu\s+dit)\s+[^\W\d][\w'’ -]{{1,40}}?,?\s+\d{{5}}\s+(?:{_CITY}|{_LOWER_CITY})"
)
_CEDEX_BOX = re.compile(
    rf"\b(?:CS|BP|TSA)\s*\d{{2,6}},?\s+\d{{5}}\s+(?:{_CITY}|{_LOWER_CITY})(?:\s+(?i:cedex)(?:\s+\d{{1,2}})?)?"
)
_LOWER_WORDS_NOT_STREETS = frozenset(
    "de du des la le les et à a au pour avec plus moins loin près en the of and to with".split()
)


def find_addresses(text: str) -> list[Candidate]:
    found = []
    for match in _FRENCH.finditer(text):
        start, end = match.start(), match.end()
        tail = _FRENCH_POSTCODE_CITY.match(text, end)
        if tail:
            end = tail.end()
        suffix = _FRENCH_SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
        prefix = _FRENCH_PREFIX.search(text, max(0, start - 60), start)
        if prefix:
            start = prefix.start()
        has_postcode = bool(re.search(r"\d{5}", text[start:end]))
        found.append(Candidate(start, end, "ADDRESS", 0.9 if has_postcode or prefix or suffix else 0.75))
    for match in _FRENCH_LOWER_IN_CONTEXT.finditer(text):
        with_city = _FRENCH_LOWER.match(text, match.start())
        if with_city:
            found.append(Candidate(with_city.start(), with_city.end(), "ADDRESS", 0.85))
            continue
        prefix = _FRENCH_PREFIX.search(text, max(0, match.start() - 60), match.start())
        context = _ADDRESS_CONTEXT.search(text, max(0, match.start() - 40), match.start())
        last_word = match.group().split()[-1].lower()
        if (prefix or context) and last_word not in _LOWER_WORDS_NOT_STREETS:
            start = prefix.start() if prefix else match.start()
            found.append(Candidate(start, match.end(), "ADDRESS", 0.8))
    if "ieu" in text or "IEU" in text:
        found.extend(Candidate(m.start(), m.end(), "ADDRESS", 0.85) for m in _LIEU_DIT.finditer(text))
    if "CS" in text or "BP" in text or "TSA" in text:
        found.extend(Candidate(m.start(), m.end(), "ADDRESS", 0.85) for m in _CEDEX_BOX.finditer(text))
    found.extend(_us_addresses(text))
    return found


_US_PREFIX = re.compile(r"(?:(?:Apt\.?|Apartment|Unit|Suite|Ste\.?|#)\s*[A-Za-z0-9-]{1,5},?\s+)$")
_US_LOWER_TYPES = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|terrace|place|pl|way|parkway|"
    "pkwy|circle|cir|highway|hwy|trail|square|sq|plaza"
)
_US_LOWER = re.compile(
    rf"\d(?<![\d,.]\d)\d{{1,5}}\s+(?:[nsewNSEW]\.?\s+)?(?P<name>(?:[a-z]+\s+){{1,3}}|\d{{1,3}}(?:st|nd|rd|th)\s+)"
    rf"(?:{_US_LOWER_TYPES})\b\.?(?:,?\s*(?:#\s*|(?i:apt\.?|apartment|unit|suite)\s+)[A-Za-z0-9-]+)?"
)
_US_NOT_STREET_WORDS = frozenset(
    "of the and with to for on at in my a an mg mcg ml units times days weeks months years minutes hours bis ter "
    "more less than about over under after before per every each".split()
)


def _us_addresses(text: str) -> list[Candidate]:
    found = []
    for match in _US.finditer(text):
        value = match.group()
        # "Dr." is also a title: "3 Dr. Patel" is not a street.
        if value.endswith(("Dr", "Dr.")) and not re.search(r"\d{5}", value):
            continue
        start = match.start()
        prefix = _US_PREFIX.search(text, max(0, start - 20), start)
        if prefix:
            start = prefix.start()
        found.append(Candidate(start, match.end(), "ADDRESS", 0.9 if "," in value or prefix else 0.75))
    for match in _US_LOWER.finditer(text):
        if set(match.group("name").split()) & _US_NOT_STREET_WORDS:
            continue
        # Lower case needs more evidence: a direction, a unit, or words that announce an address.
        value = match.group()
        evidence = (
            re.match(r"\d+\s+[nsewNSEW]\.?\s", value)
            or re.search(r"#|(?i:apt|apartment|unit|suite)", value)
            or _ADDRESS_CONTEXT.search(text, max(0, match.start() - 40), match.start())
        )
        if not evidence:
            continue
        start = match.start()
        prefix = _US_PREFIX.search(text, max(0, start - 20), start)
        if prefix:
            start = prefix.start()
        found.append(Candidate(start, match.end(), "ADDRESS", 0.8))
    return found
