"""Identifiers whose shape or check digits make them recognisable: e-mail, NIR, IBAN, RPPS, ADELI,
NPI, and hospital record numbers introduced by their label.

Check digits come from python-stdnum (NIR key including Corsica's 2A/2B, IBAN mod 97 and national
format, Luhn). Numbers that fail their check are not reported: a NIR-shaped number with a wrong key
is most often something else, and reporting it would train members to ignore the guard.
"""

import re

from stdnum import iban, luhn
from stdnum.fr import nir

from .findings import Candidate

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)

# NIR: sex, year, month, département (2A/2B in Corsica), commune, order number, key; people type it
# with or without spaces between the groups.
_SEP = r"[ .\u00a0-]?"
# The key may be written out: "1 85 05 78 006 084 clé 36".
_NIR_KEY_SEP = rf"(?:{_SEP}|\s*(?:(?i:clé|cle|key)\s*:?\s*))"
_NOT_NIR_CHARACTERS = re.compile(r"[^0-9ABab]")
# Separators may fall anywhere, not only between the official groups ("185 0578 006 084 91"): the
# key decides. Thirteen characters (Corsica's 2A/2B among them), then the two digits of the key.
_NIR = re.compile(rf"[12](?<![\dA-Za-z][12])(?:{_SEP}[\dABab]){{12}}{_NIR_KEY_SEP}\d{_SEP}\d(?![\dA-Za-z])")

# IBAN: country, check digits, then up to 30 alphanumerics, usually grouped by four.
# Also typed in lower case or with dashes ("fr76 3000 ...", "FR76-3000-...").
# Groups of any size ("FR76 30006 00001 12345678901 89", as on a French RIB): the run is taken whole,
# possessively (no backtracking), and the checksum decides where it ends (find_ibans).
_IBAN = re.compile(r"[A-Za-z](?<![A-Za-z0-9].)[A-Za-z]\d\d(?:[ \u00a0-]?[A-Za-z0-9]){11,40}+")

# Patterns start on the digit and look behind it afterwards, so that the engine jumps to digits.
_DIGITS_11 = re.compile(r"\d(?<![\d.,/-]\d)\d{10}(?![\d.,/]\d|\d)")
_DIGITS_10 = re.compile(r"\d(?<![\d.,/-]\d)\d{9}(?![\d.,/]\d|\d)")
_DIGITS_9_GROUPED = re.compile(r"\d(?<![\d.,/-]\d)(?:[ .]?\d){8}(?![\d.,/]\d|\d)")

# A label is "near" a number when it precedes it within this many characters (same clause).
_LABEL_WINDOW = 40
_RPPS_LABEL = re.compile(r"\bRPPS\b", re.IGNORECASE)
_NPI_LABEL = re.compile(r"\bNPI\b")
_ADELI_LABEL = re.compile(r"\bADELI\b", re.IGNORECASE)

# RPPS numbers are allocated from 10000000000 upwards; NPI numbers start with 1 or 2.
NPI_PREFIX = "80840"

# Hospital record numbers: only recognisable by their label (IPP = identifiant permanent du patient,
# NIP, NDA = numéro de dossier administratif, MRN = medical record number...). The value may follow
# after a few words ("Mon IPP à la Pitié est 8012457896"), but not across a sentence end.
_RECORD_LABEL = re.compile(
    r"\b(?:IPP|NIP|NDA|MRN|"
    r"n[°ºo]\.?\s*(?:de\s+)?(?:dossier|patient)|num[ée]ro\s+(?:de\s+)?(?:dossier|patient)|"
    r"dossier\s+n[°ºo]|identifiant\s+patient|"
    r"(?:medical\s+)?record\s+(?:number|no\.?|#)|patient\s+(?:id|number|no\.?|#)|"
    r"chart\s+(?:number|no\.?|#)|hospital\s+number)",
    re.IGNORECASE,
)
# "2024-00123", "PT-445512", "pt-445512", "S23-0045781", "123 456 789".
_RECORD_VALUE = re.compile(r"(?<![\w/-])(?:[A-Za-z]{1,3}-?)?\d(?:[\d/-]| (?=\d)){2,18}\d(?![\d\w])")
_SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)")
_RECORD_WINDOW = 40


# Social profiles: a handle given for another network ("insta @maman.solo.sep") or a profile address
# ("facebook.com/prenom.nom.75"). A forum @mention ("@Papillon75", "@maman_courage") is a member of
# this network and is left alone: an outside handle holds a dot, or follows the network's name.
_PROFILE_URL = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.|m\.|fr\.)?"
    r"(?:facebook|fb|instagram|linkedin|tiktok|twitter|x|youtube|snapchat|threads|pinterest)\.com/"
    r"(?:in/|@|profile\.php\?id=)?[\w.-]*\w"
)
_HANDLE = re.compile(r"(?<![\w@.])@(?P<handle>[A-Za-z0-9_.]{2,30}[A-Za-z0-9_])")
_SOCIAL_CONTEXT = re.compile(
    r"\b(?i:insta|instagram|ig|tiktok|twitter|snap|snapchat|fb|facebook|threads|bluesky|x)\b\s*:?\s*$"
)


def find_social_profiles(text: str) -> list[Candidate]:
    found = []
    if ".com/" in text:
        found += [Candidate(m.start(), m.end(), "PERSON", 0.9) for m in _PROFILE_URL.finditer(text)]
    if "@" in text:
        for match in _HANDLE.finditer(text):
            handle = match.group("handle")
            # A dot cannot be in a mention of a member here; anything else needs the network named.
            if "." in handle or names_another_network(text, match.start()):
                found.append(Candidate(match.start(), match.end(), "PERSON", 0.85))
    return found


def names_another_network(text: str, start: int) -> bool:
    """ "insta @lupus_et_moi", "fb: @..." : the handle at `start` belongs to another network."""
    return bool(_SOCIAL_CONTEXT.search(text, max(0, start - 25), start))


def find_emails(text: str) -> list[Candidate]:
    if "@" not in text:
        return []
    return [Candidate(m.start(), m.end(), "EMAIL", 0.99) for m in _EMAIL.finditer(text)]


def find_nirs(text: str) -> list[Candidate]:
    return [
        Candidate(m.start(), m.end(), "NIR", 0.99)
        for m in _NIR.finditer(text)
        if nir.is_valid(_NOT_NIR_CHARACTERS.sub("", m.group()).upper())
    ]


def find_ibans(text: str) -> list[Candidate]:
    found = []
    for match in _IBAN.finditer(text):
        value = match.group()
        # The run may go on into the words after the IBAN ("... 189 merci"): cut it back at each
        # separator, then character by character, until the checksum holds at a word boundary.
        ends = [index for index, ch in enumerate(value) if ch in " \u00a0-"] + [len(value)]
        for end in sorted(set(ends), reverse=True):
            candidate = value[:end].rstrip(" \u00a0-")
            compact = re.sub(r"[ \u00a0-]", "", candidate).upper()
            if len(compact) < 15:
                break
            after = match.start() + len(candidate)
            if (after >= len(text) or not text[after].isalnum()) and iban.is_valid(compact):
                found.append(Candidate(match.start(), after, "IBAN", 0.99))
                break
    return found


def _label_before(label: re.Pattern, text: str, start: int) -> bool:
    return bool(label.search(text, max(0, start - _LABEL_WINDOW), start))


def find_professional_numbers(text: str) -> list[Candidate]:
    """RPPS (11 digits, Luhn), NPI (10 digits, Luhn over 80840 + number), ADELI (9 digits, label only)."""
    found = []
    for match in _DIGITS_11.finditer(text):
        digits = match.group()
        if luhn.is_valid(digits):
            if _label_before(_RPPS_LABEL, text, match.start()):
                found.append(Candidate(match.start(), match.end(), "RPPS", 0.97))
            elif digits.startswith("10"):
                found.append(Candidate(match.start(), match.end(), "RPPS", 0.7))
    for match in _DIGITS_10.finditer(text):
        digits = match.group()
        if digits[0] in "12" and luhn.is_valid(NPI_PREFIX + digits):
            if _label_before(_NPI_LABEL, text, match.start()):
                found.append(Candidate(match.start(), match.end(), "NPI", 0.97))
            elif digits[0] == "1":
                # A bare 10-digit number starting with 1 cannot be a US phone number (no area code
                # starts with 1); with a valid NPI check digit it is most likely an NPI.
                found.append(Candidate(match.start(), match.end(), "NPI", 0.6))
    # ADELI numbers have no published check digit: only a label makes a 9-digit number one.
    found.extend(
        Candidate(match.start(), match.end(), "ADELI", 0.9)
        for match in _DIGITS_9_GROUPED.finditer(text)
        if _label_before(_ADELI_LABEL, text, match.start())
    )
    return found


_RECORD_LABEL_WORDS = ("ipp", "nip", "nda", "mrn", "dossier", "patient", "record", "chart", "hospital")


def find_record_ids(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    lowered = text.lower()
    if not any(word in lowered for word in _RECORD_LABEL_WORDS):
        return found
    for label in _RECORD_LABEL.finditer(text):
        word = label.group()
        # Three-letter labels (IPP, NIP, NDA, MRN) are written in capitals; "nip" in prose is not one.
        if len(word) == 3 and not word.isupper():
            continue
        window_end = min(len(text), label.end() + _RECORD_WINDOW)
        sentence_end = _SENTENCE_END.search(text, label.end(), window_end)
        if sentence_end:
            window_end = sentence_end.start()
        value = _RECORD_VALUE.search(text, label.end())
        if value and value.start() < window_end and sum(ch.isdigit() for ch in value.group()) >= 5:
            found.append(Candidate(value.start(), value.end(), "RECORD_ID", 0.9))
    return found
