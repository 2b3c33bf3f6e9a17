"""People's names by rule: titles, relatives, greetings, and a list of common first names.

A capitalised word becomes (the start of) a name when:
- a title comes before it ("Dr Martin", "Mme Da Silva", "Nurse Kelly", also "le dr moreau");
- a relative or carer is named before it ("mon mari Thomas", "my son Ethan", "ma kiné s'appelle Émilie");
- a greeting addresses it ("Merci Isabelle", "Thanks Karen", "Good luck Heather");
- it is a common first name ("Sophie m'a accompagnée", "Jessica Miller started this group").
Following capitalised words extend the name ("Sophie Lambert", "Pierre-Yves Lemaire").

It is not a name when it is part of an eponym or an institution ("maladie de Crohn", "Parkinson's
disease", "Centre Léon Bérard", "rue Victor Hugo"), or follows an article ("la Pierre de Rosette").
Given names that are also words (Hope, Will, Mark, Rose...) need a surname after them at the start
of a sentence, and month names (May, June...) need a title or a relative.
"""

import re

from . import wordlists as words
from .findings import Candidate

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zà-öø-ÿ"
# One name word: "Martin", "Jean-Pierre", "O'Brien", "Da", "DUPONT" (checked later), "Aïcha".
_NAME_WORD = re.compile(
    rf"(?:[OD][’']|Mc)?[{_UPPER}][{_LOWER}]+(?:[-’'][{_UPPER}][{_LOWER}]+)*|[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?"
)
_LOWER_WORD = re.compile(rf"[{_LOWER}]{{3,}}(?:-[{_LOWER}]{{2,}})?")
_BETWEEN_NAME_WORDS = re.compile(r"[ \u00a0]")
_PARTICLE = re.compile(r"(?:de|du|des|da|van|von|der|le|la|di|del|della|ben|bin|el|al)[ \u00a0]")

_TITLE_BEFORE = re.compile(rf"(?:^|(?<=[^\w]))(?:(?i:{words.TITLES})\.?|M\.)[ \u00a0]+$")
_LOWERCASE_TITLE_BEFORE = re.compile(r"(?:^|(?<=[^\w]))(?:dr|dre|pr|docteur|professeur)\.?[ \u00a0]+$")
_RELATIVE_BEFORE = re.compile(
    rf"\b(?i:{words.POSSESSIVES})[ \u00a0]+(?:(?i:{words.RELATIVE_ADJECTIVES})[ \u00a0]+)?"
    rf"(?i:{words.RELATIVES_FR}|{words.RELATIVES_EN})(?:[ \u00a0]+(?i:traitant|référent|référente|de cœur))?"
    rf"(?:,|[ \u00a0]+(?i:s'appelle|s’appelle|is|est|called|named|c'est))?[ \u00a0]+$"
)
_GREETING_BEFORE = re.compile(
    rf"(?:^|(?<=[^\w]))(?:{words.GREETINGS})(?:[ \u00a0]+(?:tomorrow|today|demain))?,?[ \u00a0]+$"
)
_NAMING_BEFORE = re.compile(rf"\b(?i:{words.NAMING})[ \u00a0]+$")
_EPONYM_BEFORE = re.compile(
    rf"\b(?i:{words.EPONYM_BEFORE})[ \u00a0]+(?:(?:de|des|du|of|la|le)[ \u00a0]+|d['’]|l['’])?(?:[{_UPPER}][\w-]*[ \u00a0]+)?$"
)
_ELISION_BEFORE = re.compile(r"\b[dl]['’]$")
_EPONYM_AFTER = re.compile(rf"(?:['’]s?)?[ \u00a0]+(?i:{words.EPONYM_AFTER})\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]\s+|\n\s*|[\"«(]\s*)$")

_LOOKBEHIND = 60


def _before(text: str, start: int) -> str:
    return text[max(0, start - _LOOKBEHIND) : start]


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"(\w+)['’]?\s*$", _before(text, start))
    return match.group(1).lower() if match else ""


def _extend(text: str, start: int, end: int, *, max_words: int = 4, allow_particles: bool = False) -> int:
    """End of the name that starts at text[start:end]: add following capitalised words (surnames)."""
    count = 1
    while count < max_words:
        position = end
        gap = _BETWEEN_NAME_WORDS.match(text, position)
        if not gap:
            break
        position = gap.end()
        if allow_particles:
            particle = _PARTICLE.match(text, position)
            if particle:
                position = particle.end()
        word = _NAME_WORD.match(text, position)
        if not word or word.group() in words.NOT_SURNAMES or _is_acronym(word.group()):
            break
        if _EPONYM_AFTER.match(text, word.end()):
            break
        end = word.end()
        count += 1
    return end


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 4


def _first_part(word: str) -> str:
    return re.split(r"[-’']", word, maxsplit=1)[0] if "-" in word else word


def find_names(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    covered_until = -1
    for match in _NAME_WORD.finditer(text):
        start, end = match.start(), match.end()
        if start < covered_until:
            continue
        word = match.group()
        before = _before(text, start)
        candidate = _name_at(text, start, end, word, before)
        if candidate:
            found.append(candidate)
            covered_until = candidate.end
    found.extend(_lowercase_names_after_titles(text, covered={(c.start, c.end) for c in found}))
    return found


def _name_at(text: str, start: int, end: int, word: str, before: str) -> Candidate | None:
    if _TITLE_BEFORE.search(before):
        if _is_acronym(word) and word not in ("DUPONT",):
            return None
        return Candidate(start, _extend(text, start, end, allow_particles=True), "PERSON", 0.9)
    if _is_acronym(word) or word.isupper() or word in words.NOT_SURNAMES:
        return None
    if _EPONYM_BEFORE.search(before) or _ELISION_BEFORE.search(before) or _EPONYM_AFTER.match(text, end):
        return None
    if _RELATIVE_BEFORE.search(before) or _NAMING_BEFORE.search(before):
        return Candidate(start, _extend(text, start, end), "PERSON", 0.85)
    if _GREETING_BEFORE.search(before):
        return Candidate(start, _extend(text, start, end), "PERSON", 0.8)
    first = _first_part(word)
    if first not in words.FIRST_NAMES and word not in words.FIRST_NAMES:
        return None
    if word in words.NEVER_ALONE or _previous_word(text, start) in words.DETERMINERS:
        return None
    name_end = _extend(text, start, end)
    if word in words.AMBIGUOUS_FIRST_NAMES and name_end == end and _SENTENCE_START.search(before):
        return None
    return Candidate(start, name_end, "PERSON", 0.8 if name_end > end else 0.65)


def _lowercase_names_after_titles(text: str, covered: set[tuple[int, int]]) -> list[Candidate]:
    """ "le dr moreau", "dr. smith": people type fast; a lower-case word after a title is a name unless
    it is a function word or a verb ("le dr a dit", "dr. said")."""
    found = []
    if "dr" not in text.lower() and "docteur" not in text.lower() and "pr" not in text.lower():
        return found
    for match in _LOWER_WORD.finditer(text):
        if match.group() in words.NOT_LOWERCASE_NAMES:
            continue
        if _LOWERCASE_TITLE_BEFORE.search(_before(text, match.start())):
            if not any(start <= match.start() < end for start, end in covered):
                found.append(Candidate(match.start(), match.end(), "PERSON", 0.6))
    return found
