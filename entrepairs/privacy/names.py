"""People's names by rule: titles, relatives, greetings, sign-offs, visits, and lists of first names.

A capitalised word becomes (the start of) a name when:
- a title comes before it ("Dr Martin", "Mme de la Fontaine", "Nurse Kelly", "Dr.Kowalski", also
  "le dr moreau", "mrs garcia");
- a relative or carer is named before it ("mon mari Thomas", "my hubby Rick", "ma kiné s'appelle
  Émilie", "Mamie Ginette"), or a role after it ("Julien (kiné)", "Maëlle, ma kiné, ...");
- a greeting or an introduction addresses it ("Merci Isabelle", "Thanks Karen", "@Isabelle", "je
  m'appelle Gwladys", "une dame qui s'appelle Odile");
- it signs the post ("Bises, Nathalie", "xoxo Kim", "- Bob" at the end of the text);
- a visit names it ("j'ai vu Lambert hier", "rdv chez Kessler", "Saw Brennan today");
- it is a common first name or nickname ("Sophie m'a accompagnée", "Greg and Pam brought dinner").
Following capitalised words extend the name ("Sophie Lambert", "Jean-Marc Le Gall", "Marie DUPONT"),
and an upper-case surname may come first ("DUPONT Marie"). In lower case, a listed first name counts
after a relative, greeting, introduction or sign-off ("ma fille léa", "merci sandrine", "i'm jenny").

It is not a name when it is part of an eponym or an institution ("maladie de Crohn", "Parkinson's
disease", "Centre Léon Bérard", "Gustave Roussy", "rue Victor Hugo"), follows an article ("la Pierre
de Rosette"), or is a medicine, a shop, a place or a role (`not_people.py`: "Pour mon fils,
Doliprane et Advil", "chez Leclerc", "Merci Docteur"). Given names that are also words (Hope, Will,
Pierre...) need a surname or a verb after them at the start of a sentence; names that are also
cities (Nancy, Charlotte) are the city after "à", "in", "near"...; months need a title or a relative.
"""

import re

from . import first_names as names
from . import not_people
from . import wordlists as words
from .findings import Candidate

# Latin Extended-A (Polish, Czech, Turkish... letters: "Łucja", "Dąbrowski") mixes both cases in one
# range; words are checked with str.isupper() where the case matters.
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f"
_LOWER = "a-zà-öø-ÿ\u0100-\u017f"
_SPACE = r"[ \u00a0]"
# One name word: "Martin", "Jean-Pierre", "O'Brien", "Da", "DUPONT" (checked later), "Aïcha".
_NAME_WORD = re.compile(
    rf"(?:[ODN][’']|Mc|Mac)?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:[-’'][{_UPPER}][{_LOWER}]+)*(?:['’]h(?!\w))?"
    rf"|[{_UPPER}]{{2,}}(?:[-'’][{_UPPER}]{{2,}})?"
)
_LOWER_WORD = re.compile(rf"(?<![\w'’@.-])[{_LOWER}]{{2,}}(?:-[{_LOWER}]{{2,}})?(?![\w'’-])")
_PLAIN_LOWER_WORD = re.compile(rf"[{_LOWER}]{{2,}}(?:-[{_LOWER}]{{2,}})?")
_BETWEEN_NAME_WORDS = re.compile(_SPACE)
_PARTICLE = re.compile(rf"(?:(?:{words.PARTICLES}){_SPACE}|d['’])+")
_CAPITALISED_PARTICLE = re.compile(rf"(?:{words.CAPITALISED_PARTICLES}){_SPACE}")

_AFTER_NON_WORD = r"(?:^|(?<=[^\w]))"
_TITLE = rf"(?:(?i:{words.TITLES})\.?|(?:{words.CAPITALISED_TITLES})\.?|M\.)"
_TITLE_BEFORE = re.compile(rf"{_AFTER_NON_WORD}(?:{_TITLE}{_SPACE}+|(?:{words.GLUED_TITLES})\.)$")
_TITLE_AND_PARTICLES_BEFORE = re.compile(
    rf"{_AFTER_NON_WORD}{_TITLE}{_SPACE}+((?:(?:{words.PARTICLES}){_SPACE}+|d['’])+)$"
)
# "le dr moreau", "mrs garcia" ("pr" is left out: in lower case it is most often "pour").
_LOWERCASE_NAME_AFTER_TITLE = re.compile(
    rf"{_AFTER_NON_WORD}(?i:dr|dre|docteur|professeur|mme|mlle|mrs|mr)\.?{_SPACE}+([{_LOWER}]{{3,}}(?:-[{_LOWER}]{{2,}})?)(?![\w'’-])"
)
# Lower-case titles that are also everyday words: only a listed first name follows ("nurse bev").
_LOWERCASE_TITLE_FIRST_NAME_BEFORE = re.compile(
    rf"{_AFTER_NON_WORD}(?:nurse|doc|miss|madame|monsieur){_SPACE}+$"
)
_KIN_TITLE_BEFORE = re.compile(
    rf"{_AFTER_NON_WORD}(?:(?i:{words.KIN_TITLES})|{words.CAPITALISED_KIN_TITLES}){_SPACE}+$"
)
_RELATIVE = (
    rf"\b(?i:{words.POSSESSIVES}){_SPACE}+(?:(?i:{words.RELATIVE_ADJECTIVES}){_SPACE}+)?"
    rf"(?i:{words.RELATIVES_FR}|{words.RELATIVES_EN})(?:{_SPACE}+(?i:traitant|référent|référente|de cœur))?"
)
_RELATIVE_BEFORE = re.compile(
    rf"{_RELATIVE}(?P<comma>,)?(?:{_SPACE}+(?i:s'appelle|s’appelle|is|est|called|named|c'est|c’est))?{_SPACE}+$"
)
_GREETING_BEFORE = re.compile(
    rf"{_AFTER_NON_WORD}(?i:{words.GREETINGS})(?:{_SPACE}+(?i:tomorrow|today|demain|encore|beaucoup))?,?{_SPACE}+$"
    rf"|(?:^|(?<=\s))@$"
)
_SELF_NAMING_BEFORE = re.compile(rf"{_AFTER_NON_WORD}(?i:{words.SELF_NAMING}),?{_SPACE}+$")
_NAMING_BEFORE = re.compile(
    rf"\b(?i:{words.PERSON_NOUNS})(?:{_SPACE}+(?i:qui|who|that))?(?:{_SPACE}+(?i:is|est))?"
    rf"{_SPACE}+(?i:{words.NAMING_VERBS}){_SPACE}+$"
)
_SELF_INTRODUCTION_BEFORE = re.compile(rf"{_AFTER_NON_WORD}(?i:{words.SELF_INTRODUCTIONS}),?{_SPACE}+$")
# A sign-off starts the text, a line, or follows punctuation ("... beaucoup. Bises, Nathalie"), never
# the middle of a sentence ("the best Hospital").
_SIGNOFF_BEFORE = re.compile(
    rf"(?:^|(?<=[^\w\s])|(?<=\n))\s*(?i:{words.SIGNOFFS})(?:{_SPACE}+(?i:{words.SIGNOFF_AUDIENCE}))?"
    rf"(?:{_SPACE}*[,!.:;–—-]+[ \u00a0\n]*|[ \u00a0\n]+)$"
    rf"|(?:^|(?<=\s))[-–—]{_SPACE}*$"
)
_END_OF_TEXT = re.compile(r"[^\w]*$")
_VISIT_BEFORE = re.compile(rf"{_AFTER_NON_WORD}(?i:{words.VISITS}){_SPACE}+$")
_ROLE_AFTER = re.compile(
    rf"{_SPACE}*\((?:(?i:{words.POSSESSIVES}|le|la|the){_SPACE}+|(?i:l['’]))?(?:(?i:{words.RELATIVE_ADJECTIVES}){_SPACE}+)?"
    rf"(?i:{words.RELATIVES_FR}|{words.RELATIVES_EN})\b[^()\n]{{0,30}}\)"
    rf"|,{_SPACE}+(?i:{words.POSSESSIVES}){_SPACE}+(?:(?i:{words.RELATIVE_ADJECTIVES}){_SPACE}+)?"
    rf"(?i:{words.RELATIVES_FR}|{words.RELATIVES_EN})\b(?:{_SPACE}+[\w'’-]+){{0,2}}{_SPACE}*(?:[,.;!)]|$)"
)
_APPOSITION_CLOSED = re.compile(r"[ \u00a0]*(?:[,;:)!?]|\.(?:\s|$)|$)")
_MEDICINE_BEFORE = re.compile(rf"{_AFTER_NON_WORD}(?i:{words.MEDICINE_CONTEXT}){_SPACE}+$")
_PLACE_BEFORE = re.compile(rf"{_AFTER_NON_WORD}(?i:{words.PLACE_PREPOSITIONS}){_SPACE}+$")
_STATE_AFTER = re.compile(r",[ \u00a0]*[A-Z]{2}\b")
_SUBJECT_VERB_AFTER = re.compile(rf"{_SPACE}+(?i:{words.SUBJECT_VERBS})(?=[\s,.!?]|$)|[’']")
_DOSE_AFTER = re.compile(rf"{_SPACE}+\d")
_POSSESSIVE_OF_A_TITLE_AFTER = re.compile(rf"['’]s{_SPACE}+[{_UPPER}]")
_EPONYM_BEFORE = re.compile(
    rf"\b(?i:{words.EPONYM_BEFORE}){_SPACE}+(?:(?:de|des|du|of|la|le){_SPACE}+|d['’]|l['’])?(?:[{_UPPER}][\w-]*{_SPACE}+)?$"
)
_ELISION_BEFORE = re.compile(r"\b[dl]['’]$")
_EPONYM_AFTER = re.compile(rf"(?:['’]s?)?{_SPACE}+(?i:{words.EPONYM_AFTER})\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]\s+|\n\s*|[\"«(]\s*)$")

_LOOKBEHIND = 60


def _last_words_of(*alternations: str) -> frozenset[str]:
    """The last word of every alternative ("Thank you" -> "you"), lower case: a context regex can only
    match before a name when the word just before the name is one of these."""
    return frozenset(
        alternative.split()[-1].lower().strip(".")
        for alternation in alternations
        for alternative in alternation.split("|")
    )


# Context regexes are the costly part of the rule path; each one only runs when the last word before
# the candidate could end its context (a set lookup), which keeps scan on the request path.
_TITLE_GATE = _last_words_of(words.TITLES, words.CAPITALISED_TITLES, words.GLUED_TITLES, "m")
_PARTICLE_GATE = _last_words_of(words.PARTICLES, "d'|d’")
_RELATIVE_GATE = _last_words_of(
    words.RELATIVES_FR,
    words.RELATIVES_EN,
    "traitant|référent|référente|cœur|s'appelle|s’appelle|is|est|called|named|c'est|c’est",
)
_GREETING_GATE = _last_words_of(words.GREETINGS, "tomorrow|today|demain|encore|beaucoup")
_SELF_NAMING_GATE = _last_words_of(words.SELF_NAMING)
_NAMING_GATE = _last_words_of(words.NAMING_VERBS)
_SELF_INTRODUCTION_GATE = _last_words_of(words.SELF_INTRODUCTIONS)
_SIGNOFF_GATE = _last_words_of(words.SIGNOFFS, words.SIGNOFF_AUDIENCE)
_VISIT_GATE = _last_words_of(words.VISITS)
_KIN_TITLE_GATE = _last_words_of(words.KIN_TITLES, words.CAPITALISED_KIN_TITLES)
_MEDICINE_GATE = _last_words_of(words.MEDICINE_CONTEXT)
_EPONYM_GATE = _last_words_of(words.EPONYM_BEFORE)
_WORD_PUNCTUATION = ',;:!?.…–—-"«»()[]'


class _Before:
    """The text before a candidate word: the look-behind window and its last words (lower case,
    punctuation stripped), computed once per candidate."""

    __slots__ = ("last", "previous", "recent", "window")

    def __init__(self, text: str, start: int):
        self.window = text[max(0, start - _LOOKBEHIND) : start]
        raw = self.window[-40:].split()[-3:]
        cleaned = [word.strip(_WORD_PUNCTUATION).lower() for word in raw]
        self.recent = [word for word in cleaned if word]
        self.last = self.recent[-1] if self.recent else ""
        # The word right before, when nothing but spaces separates them ("la Pierre", not "la, Pierre").
        last_raw = re.split(r"['’]", raw[-1].rstrip("'’"))[-1] if raw and self.window[-1:].isspace() else ""
        self.previous = last_raw.lower() if last_raw.isalpha() else ""

    def ends(self, gate: frozenset[str], pattern: re.Pattern) -> re.Match | None:
        return pattern.search(self.window) if self.last in gate else None

    def ends_a_signoff(self) -> bool:
        if self.window.rstrip()[-1:] in ("-", "–", "—"):
            return bool(_SIGNOFF_BEFORE.search(self.window))
        return bool(self.ends(_SIGNOFF_GATE, _SIGNOFF_BEFORE))

    def ends_an_eponym(self) -> bool:
        recent = {
            word.removeprefix("d'").removeprefix("l'").removeprefix("d’").removeprefix("l’")
            for word in self.recent
        }
        return bool(recent & _EPONYM_GATE) and bool(_EPONYM_BEFORE.search(self.window))

    def ends_a_greeting(self) -> bool:
        return self.window.endswith("@") or bool(self.ends(_GREETING_GATE, _GREETING_BEFORE))


# Capitalised words that a context alone must not turn into a person. The weak contexts (a visit, a
# sign-off, a role after the word) also exclude places and calendar words.
_NEVER_PEOPLE = not_people.MEDICINES | not_people.EPONYMS | not_people.NOT_NAMES
_NOT_PEOPLE_AFTER_STRONG_CONTEXT = _NEVER_PEOPLE | not_people.BRANDS
_NOT_PEOPLE_AFTER_WEAK_CONTEXT = (
    _NOT_PEOPLE_AFTER_STRONG_CONTEXT | not_people.PLACES | words.NOT_SURNAMES | frozenset(names.NEVER_ALONE)
)


# One-word greetings and sign-offs, to tell "MERCI Sandrine" from "DUPONT Marie".
_GREETING_WORDS = frozenset(
    word.lower() for word in f"{words.GREETINGS}|{words.SIGNOFFS}".split("|") if " " not in word
)


def _before(text: str, start: int) -> str:
    """The look-behind window alone (the model path's filter uses it)."""
    return text[max(0, start - _LOOKBEHIND) : start]


def _ends_a_name(word: str) -> bool:
    return (
        word in words.NOT_SURNAMES or word in not_people.PLACES or word in _NEVER_PEOPLE or _is_acronym(word)
    )


def _extend(text: str, end: int, *, max_words: int = 4) -> tuple[int, bool]:
    """End of the name whose first word ends at `end`: add following capitalised words (surnames),
    with their particles ("de la Fontaine", "Le Gall"). The flag says the name turned out to be the
    start of an eponym ("Lou Gehrig's disease")."""
    count = 1
    while count < max_words:
        gap = _BETWEEN_NAME_WORDS.match(text, end)
        if not gap:
            break
        position = gap.end()
        particle = _PARTICLE.match(text, position) or _CAPITALISED_PARTICLE.match(text, position)
        if particle:
            position = particle.end()
        word = _NAME_WORD.match(text, position)
        if not word:
            break
        if word.group() in not_people.EPONYMS or _EPONYM_AFTER.match(text, word.end()):
            return end, True
        if _ends_a_name(word.group()) and not _surname_after_first_name(text, word, count):
            break
        end = word.end()
        count += 1
    return end, False


_PLACE_OR_DATE_AFTER = re.compile(r"[ \u00a0]*(?:,[ \u00a0]*[A-Z]{2}\b|\d)")


def _surname_after_first_name(text: str, word: re.Match, count: int) -> bool:
    """ "Katarzyna Washington", "Aïssatou Mai": a place or a month can be a surname right after a
    first name, unless a state code or a number follows ("Washington, DC", "Mai 2024")."""
    value = word.group()
    if count != 1 or _is_acronym(value) or value in _NEVER_PEOPLE or value in words.NOT_SURNAMES - _MONTHS:
        return False
    first = _NAME_WORD_BEFORE.search(text, 0, word.start())
    return bool(first and _is_first_name(first.group(1))) and not _PLACE_OR_DATE_AFTER.match(text, word.end())


_MONTHS = frozenset(
    "Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre".split()
)
_NAME_WORD_BEFORE = re.compile(rf"([{_UPPER}][{_LOWER}'’-]+)[ \u00a0]+$")


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 4


def _first_part(word: str) -> str:
    return re.split(r"[-’']", word, maxsplit=1)[0] if "-" in word else word


def _is_first_name(word: str) -> bool:
    return word in names.FIRST_NAMES or _first_part(word) in names.FIRST_NAMES


def _starts_an_institution(text: str, start: int, word: str) -> bool:
    """ "Robert Debré", "Fred Hutch", "Dana-Farber": a hospital named after someone starts here."""
    phrases = not_people.INSTITUTIONS_BY_FIRST_WORD.get(_first_part(word), ())
    return any(
        text[start : start + len(phrase)].replace("-", " ") == phrase.replace("-", " ") for phrase in phrases
    )


def find_names(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    covered_until = -1
    for match in _NAME_WORD.finditer(text):
        start, end = match.start(), match.end()
        if start < covered_until:
            continue
        # A word glued to letters or digits is a pseudonym or a code ("Papillon75", "SunnyDays88").
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue
        candidate = _name_at(text, start, end, match.group())
        if candidate:
            found.append(candidate)
            covered_until = candidate.end
    found.extend(_lowercase_names(text, found))
    found.extend(_labelled_names(text))
    found.extend(_names_after_title_and_initials(text))
    public = _public_figures(text)
    if public:
        found = [c for c in found if all(c.end <= start or c.start >= end for start, end in public)]
    return found


# "Nom : Nguyen, Thi Hoa", "Patient: O'Sullivan, Caoimhe", "Name: Latoya Banks": a form's label.
_LABEL_NAME_WORD = rf"(?:[ODN][’']|Mc|Mac)?[{_UPPER}][{_LOWER}'’-]+|[{_UPPER}]{{2,}}"
_LABEL_PARTICLES = rf"(?:(?:{words.PARTICLES}|[Vv]an|[Dd]e|[Ll]e|[Dd]i){_SPACE}+)*"
_LABELLED_NAME = re.compile(
    rf"\b(?i:nom(?:{_SPACE}+de{_SPACE}+famille)?|prénom|nom{_SPACE}+et{_SPACE}+prénom|name|full{_SPACE}+name|"
    rf"patient|patiente|patient{_SPACE}+name|identité)\s*:\s*"
    rf"(?P<name>{_LABEL_PARTICLES}(?:{_LABEL_NAME_WORD})(?:{_SPACE}{_LABEL_PARTICLES}(?:{_LABEL_NAME_WORD})){{0,2}}"
    rf"(?:,{_SPACE}*(?:{_LABEL_NAME_WORD})(?:{_SPACE}(?:{_LABEL_NAME_WORD}))?)?)"
)


def _labelled_names(text: str) -> list[Candidate]:
    if ":" not in text:
        return []
    lowered = text.lower()
    if not any(label in lowered for label in ("nom", "name", "patient", "identité")):
        return []
    found = []
    for match in _LABELLED_NAME.finditer(text):
        value = match.group("name")
        if value.split(",")[0].split()[0] in _NEVER_PEOPLE:
            continue
        # The next sentence may start right after the name when a post has no full stop.
        while " " in value and value.rsplit(" ", 1)[1].lower().strip(",") in _SENTENCE_OPENERS:
            value = value.rsplit(" ", 1)[0]
        # "Patient: Stable after surgery", "Nom : Inconnu": a label answered by a word. One word is
        # a name only when it is a listed first name or when "Surname, First" makes the form clear.
        name_words = value.replace(",", " ").split()
        if len(name_words) == 1 and not _is_first_name(name_words[0].title()):
            continue
        if name_words[0].lower() in _LABEL_ANSWERS or (
            len(name_words) > 1
            and "," not in value
            and not (_is_first_name(name_words[0]) or _is_first_name(name_words[-1]))
        ):
            continue
        found.append(Candidate(match.start("name"), match.start("name") + len(value), "PERSON", 0.9))
    return found


_LABEL_ANSWERS = frozenset(
    "oui non yes no inconnu inconnue unknown none aucun aucune anonyme anonymous stable voir see".split()
)


_SENTENCE_OPENERS = frozenset(
    "je j' i on il elle we my the mon ma mes le la les it this ce c' nous vous they he she".split()
)

# "Mme D. Leroy", "Dr P. O'Sullivan", "Dr J.-M. Faure": a title, initials, then the surname.
_INITIALS_AND_NAME = re.compile(
    # The first letter comes before the look-behind so that the engine skips to capitals.
    rf"[{_UPPER}](?<![\w./].)\.(?:-[{_UPPER}]\.)?{_SPACE}?(?:[{_UPPER}]\.(?:-[{_UPPER}]\.)?{_SPACE}?)?"
    rf"(?:{_NAME_WORD.pattern})"
)


def _names_after_title_and_initials(text: str) -> list[Candidate]:
    found = []
    for match in _INITIALS_AND_NAME.finditer(text):
        before = _Before(text, match.start())
        if before.ends(_TITLE_GATE, _TITLE_BEFORE):
            found.append(Candidate(match.start(), match.end(), "PERSON", 0.9))
    return found


def _public_figures(text: str) -> list[tuple[int, int]]:
    """Spans of famous or fictional people ("Louis Pasteur", "Dr House", "Florence Nightingale"):
    talking about them does not identify anyone (issue 16)."""
    if not not_people.PUBLIC_FIGURE_GATE.search(text):
        return []
    return [match.span() for match in not_people.PUBLIC_FIGURES.finditer(text)]


def _name_at(text: str, start: int, end: int, word: str) -> Candidate | None:
    before = _Before(text, start)
    if before.ends(_TITLE_GATE, _TITLE_BEFORE):
        return _name_after_title(text, start, end, word)
    particles = before.ends(_PARTICLE_GATE, _TITLE_AND_PARTICLES_BEFORE)
    if particles and not word.isupper():  # "Mme de la Fontaine", "Dr. van der Merwe"
        return _name_after_title(text, start - len(particles.group(1)), end, word)
    if word.isupper():
        return _name_in_capitals(text, start, end, word, before)
    if word in words.NOT_SURNAMES or word in _NEVER_PEOPLE:
        return None
    if (
        before.ends_an_eponym()
        or _ELISION_BEFORE.search(before.window[-4:])
        or _EPONYM_AFTER.match(text, end)
    ):
        return None
    if _starts_an_institution(text, start, word):
        return None
    name_end, eponym = _extend(text, end)
    if eponym:
        return None
    score = _context_score(text, name_end, word, before)
    if score:
        return Candidate(start, name_end, "PERSON", score)
    if _is_first_name(word) and _first_name_alone_is_a_person(text, end, name_end, word, before):
        return Candidate(start, name_end, "PERSON", 0.8 if name_end > end else 0.65)
    return None


def _name_after_title(text: str, start: int, end: int, word: str) -> Candidate | None:
    particle = _CAPITALISED_PARTICLE.match(text, end - len(word))
    surname = _NAME_WORD.match(text, particle.end()) if particle else None
    if (
        surname and surname.group() not in words.MEDICAL_ACRONYMS
    ):  # "Dr. De Luca", "Mme LE GALL", "Dr. St. Pierre"
        name_end, _ = _extend(text, surname.end())
        return Candidate(start, name_end, "PERSON", 0.9)
    if word in names.NEVER_ALONE or word in not_people.NOT_NAMES or word in words.MEDICAL_ACRONYMS:
        return None
    if word in words.NOT_SURNAMES or (word.isupper() and len(word) < 3):
        return None  # "Dr Lundi", "Miss Paris", "le Dr ER"
    name_end, _ = _extend(text, end)
    return Candidate(start, name_end, "PERSON", 0.9)


def _context_score(text: str, name_end: int, word: str, before: _Before) -> float | None:
    """Confidence that the context around the name ending at name_end makes it a person, or None."""
    if word not in _NOT_PEOPLE_AFTER_STRONG_CONTEXT:
        relative = before.ends(_RELATIVE_GATE, _RELATIVE_BEFORE)
        # "Ma femme, Nathalie, ..." is an apposition; "Pour mon fils, Doliprane et Advil" is a list.
        if relative and (
            not relative.group("comma") or _is_first_name(word) or _APPOSITION_CLOSED.match(text, name_end)
        ):
            return 0.85
        if (
            before.ends(_KIN_TITLE_GATE, _KIN_TITLE_BEFORE)
            or before.ends(_SELF_NAMING_GATE, _SELF_NAMING_BEFORE)
            or before.ends(_NAMING_GATE, _NAMING_BEFORE)
        ):
            return 0.85
        if before.ends_a_greeting():
            return 0.8
    if word in _NOT_PEOPLE_AFTER_WEAK_CONTEXT or _POSSESSIVE_OF_A_TITLE_AFTER.match(text, name_end):
        return None
    if _ROLE_AFTER.match(text, name_end):
        return 0.8
    if _END_OF_TEXT.match(text, name_end) and before.ends_a_signoff():
        return 0.75
    if before.ends(_VISIT_GATE, _VISIT_BEFORE):
        return 0.6
    return None


def _first_name_alone_is_a_person(text: str, end: int, name_end: int, word: str, before: _Before) -> bool:
    """A listed first name without any context: a person, unless the words around it say otherwise."""
    if word in names.NEVER_ALONE or before.previous in words.DETERMINERS:
        return False
    ambiguous = word in names.AMBIGUOUS_FIRST_NAMES
    # "Octobre Rose" is the breast cancer awareness month.
    if ambiguous and before.previous.title() in words.NOT_SURNAMES:
        return False
    if name_end == end:
        # "Val-de-Marne", "Rose-colored"; "Diane 35" and "I'm on Heather" are contraceptive pills.
        if text[end : end + 1] == "-" or _DOSE_AFTER.match(text, end):
            return False
        if before.ends(_MEDICINE_GATE, _MEDICINE_BEFORE):
            return False
        if word in names.PLACE_FIRST_NAMES and (
            _PLACE_BEFORE.search(before.window) or _STATE_AFTER.match(text, end)
        ):
            return False
    if ambiguous and _SENTENCE_START.search(before.window):
        # A word-name starting a sentence needs a surname right after it ("Will Carter", not "Rose
        # des Vents", a compass) or a verb ("Will is my son").
        surname_follows = name_end > end and _NAME_WORD.match(text, end + 1)
        if not surname_follows and not _SUBJECT_VERB_AFTER.match(text, end):
            return False
    return True


def _name_in_capitals(text: str, start: int, end: int, word: str, before: _Before) -> Candidate | None:
    """Upper-case words: a surname before a first name ("DUPONT Marie"), or a listed first name in a
    shouted post ("MERCI À TOUTES ET SURTOUT À NADINE", "MY DAUGHTER EMMA GOT INTO REMISSION")."""
    if len(word) < 3 or word in words.MEDICAL_ACRONYMS or word.lower() in _GREETING_WORDS:
        return None
    if word.lower() in _RELATIVE_GATE:  # "my MIL Sharon", "ma AVS Julie"
        return None
    if word.title() in words.NOT_SURNAMES or word.title() in not_people.NOT_NAMES:
        return None
    gap = _BETWEEN_NAME_WORDS.match(text, end)
    following = _NAME_WORD.match(text, gap.end()) if gap else None
    if following and not following.group().isupper() and _is_first_name(following.group()):
        name_end, _ = _extend(text, following.end())
        return Candidate(start, name_end, "PERSON", 0.8)
    title_cased = word.title()
    if title_cased in _NEVER_PEOPLE:
        return None
    if not _is_first_name(title_cased):
        # "THANK YOU ARACELI FOR EVERYTHING": an unlisted shouted word after a greeting, when what
        # follows closes the address ("FOR", "POUR", "!", the end) and it does not read as an adverb
        # or a word of thanks ("MERCI ÉNORMÉMENT POUR", "THANK YOU SOOO MUCH", "MERCI MILLE FOIS").
        if _shouted_unlisted_name(text, end, word) and before.ends_a_greeting():
            return Candidate(start, end, "PERSON", 0.7)
        return None
    if before.ends(_RELATIVE_GATE, _RELATIVE_BEFORE) or before.ends_a_greeting():  # "MA FILLE JADE"
        return Candidate(start, end, "PERSON", 0.8)
    if title_cased in names.AMBIGUOUS_FIRST_NAMES or title_cased in names.NEVER_ALONE:
        return None
    if before.previous in words.DETERMINERS:
        return None
    return Candidate(start, end, "PERSON", 0.7)


_CLOSES_AN_ADDRESS = re.compile(r"[ \u00a0]*(?:$|[!,.;:?)\n]|(?:FOR|POUR|DE|D'|TO|AND|ET|FROM|OF|QUI|WHO)\b)")
_REPEATED_LETTER = re.compile(r"(.)\1\1")


def _shouted_unlisted_name(text: str, end: int, word: str) -> bool:
    lowered = word.lower()
    return (
        len(word) > 3
        and lowered not in words.CAPITAL_FUNCTION_WORDS
        and not lowered.endswith(("ment", "ly"))
        and not _REPEATED_LETTER.search(lowered)
        and bool(_CLOSES_AN_ADDRESS.match(text, end))
    )


def _lowercase_names(text: str, found: list[Candidate]) -> list[Candidate]:
    """Names typed in lower case: a surname after a title ("le dr moreau", "mrs garcia"), or a listed
    first name after a relative, a greeting, an introduction or a sign-off ("ma fille léa", "merci
    sandrine", "i'm jenny", "bises, caro")."""
    extra = [
        Candidate(match.start(1), match.end(1), "PERSON", 0.6)
        for match in _LOWERCASE_NAME_AFTER_TITLE.finditer(text)
        if match.group(1) not in words.NOT_LOWERCASE_NAMES and not _covered(match.start(1), found)
    ]
    if names.LOWERCASE_FIRST_NAMES.isdisjoint(_PLAIN_LOWER_WORD.findall(text)):
        return extra
    for match in _LOWER_WORD.finditer(text):
        word, start = match.group(), match.start()
        if word not in names.LOWERCASE_FIRST_NAMES or _covered(start, found + extra):
            continue
        before = _Before(text, start)
        if (
            before.ends(_TITLE_GATE, _LOWERCASE_TITLE_FIRST_NAME_BEFORE)
            or before.ends(_RELATIVE_GATE, _RELATIVE_BEFORE)
            or before.ends(_KIN_TITLE_GATE, _KIN_TITLE_BEFORE)
            or before.ends_a_greeting()
            or before.ends(_SELF_NAMING_GATE, _SELF_NAMING_BEFORE)
            or before.ends(_SELF_INTRODUCTION_GATE, _SELF_INTRODUCTION_BEFORE)
            or (_END_OF_TEXT.match(text, match.end()) and before.ends_a_signoff())
        ):
            extra.append(Candidate(start, match.end(), "PERSON", 0.7))
    return extra


def _covered(position: int, candidates: list[Candidate]) -> bool:
    return any(candidate.start <= position < candidate.end for candidate in candidates)
