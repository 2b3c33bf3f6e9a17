"""Undo what people do to get past filters, before the recognisers run, and map offsets back.

Members write "06 dix-huit 45 soixante-douze 03", "five five five oh one", "prenom point nom arobase
gmail point com", "name(at)mail.fr", put zero-width or non-breaking spaces inside numbers, or type a
Cyrillic "о" in a Latin word. `normalise(text)` returns the text the recognisers read, and the map
from every character of it back to the member's own text, so that a finding always covers exactly the
characters the member typed (the composer replaces that span, nothing else).

What is rewritten:
- zero-width characters and soft hyphens are dropped; non-breaking, thin and other spaces become " ";
  full-width forms become ASCII; Cyrillic and Greek look-alike letters inside a Latin word become the
  Latin letter; O, o, I, l typed for a digit inside a number become the digit ("O6 l2 34 56 78");
- e-mail addresses written with "at", "(at)", "[at]", "arobase", "dot", "point", "(dot)"... become
  "local@domain.tld" (the spelled-out "at" needs a known mail provider or an obfuscated dot, so "see
  me at doctolib.fr" stays prose);
- number words in French and English become digits where they are part of a phone-like run (with at
  least six digits in all), spell a year ("nineteen sixty-two", "mille neuf cent quatre-vingt"), or a
  day before a month ("the twelfth of June", "douze juin").

The fast path matters (this runs on every live check): a text with none of the triggers is returned
as it is, with no map.
"""

import re
from dataclasses import dataclass

# ---------- the offset map ----------


@dataclass(frozen=True, slots=True)
class Normalised:
    """`text` is what the recognisers read; `starts[i]`/`ends[i]` are the original characters that
    normalised character i came from (None when nothing was rewritten)."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalised characters [start, end) (start < end)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _apply(text: str, edits: list[tuple[int, int, str]]) -> Normalised:
    """Apply non-overlapping (start, end, replacement) edits, sorted by start. Untouched characters
    map to themselves; every character of a replacement maps to the whole replaced range."""
    if not edits:
        return Normalised(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cursor = 0
    for start, end, replacement in edits:
        if cursor < start:
            pieces.append(text[cursor:start])
            starts.extend(range(cursor, start))
            ends.extend(range(cursor + 1, start + 1))
        pieces.append(replacement)
        starts.extend([start] * len(replacement))
        ends.extend([end] * len(replacement))
        cursor = end
    pieces.append(text[cursor:])
    starts.extend(range(cursor, len(text)))
    ends.extend(range(cursor + 1, len(text) + 1))
    return Normalised("".join(pieces), tuple(starts), tuple(ends))


def _compose(first: Normalised, second: Normalised) -> Normalised:
    """`second` was computed on `first.text`: map its characters through `first` to the original."""
    if second.starts is None or second.ends is None:
        return first
    if first.starts is None or first.ends is None:
        return second
    return Normalised(
        second.text,
        tuple(first.starts[index] for index in second.starts),
        tuple(first.ends[index - 1] for index in second.ends),
    )


# ---------- characters ----------

_DROPPED = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Cyrillic and Greek letters that look like Latin ones, as used to get a word past a filter.
_LOOK_ALIKES = {
    **dict(zip("аеорсхуіјѕԁԛѡһкмнтвАЕОРСХУІЈЅКМНТВ", "aeopcxyijsdqwhkmhtbAEOPCXYIJSKMHTB", strict=True)),
    **dict(zip("οαεικνρτυχΟΑΒΕΖΗΙΚΜΝΡΤΥΧ", "oaeiknptuxOABEZHIKMNPTYX", strict=True)),
}
_CHARACTER_TRIGGER = re.compile(rf"[{_DROPPED}{_SPACES}\uff01-\uff5e\u0370-\u03ff\u0400-\u04ff]")
# Letters typed for digits inside a number ("O6 12 34 56 78", "06 l2 34 56 78"): an O, o, I or l with
# a digit on each side (a separator allowed), or an O/o starting a run of digits.
_DIGIT_LOOK_ALIKE = re.compile(
    r"[OoIl](?<=\d[OoIl])(?=\d)|[OoIl](?<=\d[ .\-][OoIl])(?=\d)|[OoIl](?<=\d[OoIl])(?=[ .\-]\d\d)"
    r"|[Oo](?<![\w][Oo])(?=\d[ .\-]?[\dOoIl]\d)"
)
_DIGIT_FOR = {"O": "0", "o": "0", "I": "1", "l": "1"}
_MIXED_SCRIPT_WORD = re.compile(r"[^\W_]*[\u0370-\u03ff\u0400-\u04ff][^\W_]*")


def _character_edits(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for index, character in enumerate(text):
        if character in _DROPPED:
            edits.append((index, index + 1, ""))
        elif character in _SPACES:
            edits.append((index, index + 1, " "))
        elif "\uff01" <= character <= "\uff5e":  # full-width ASCII
            edits.append((index, index + 1, chr(ord(character) - 0xFEE0)))
    for word in _MIXED_SCRIPT_WORD.finditer(text):
        value = word.group()
        # Only a word that also holds Latin letters or digits is disguised; Greek or Russian prose is not.
        if not any(character.isascii() and character.isalnum() for character in value):
            continue
        for offset, character in enumerate(value):
            if character in _LOOK_ALIKES:
                edits.append((word.start() + offset, word.start() + offset + 1, _LOOK_ALIKES[character]))
    edits.sort()
    return edits


_DIGIT_THEN_LETTER = re.compile(r"\d[ .\-]?[OoIl][ .\-]?\d")
_O_THEN_DIGIT = re.compile(r"[Oo]\d")


def _digit_edits(text: str) -> list[tuple[int, int, str]]:
    # Two cheap gates first (they start on a digit or an O): the full pattern is rarely needed.
    if not (_DIGIT_THEN_LETTER.search(text) or _O_THEN_DIGIT.search(text)):
        return []
    return [(m.start(), m.end(), _DIGIT_FOR[m.group()]) for m in _DIGIT_LOOK_ALIKE.finditer(text)]


# ---------- e-mails ----------

_TLDS = "com|fr|net|org|be|ch|ca|uk|io|eu|de|es|it|me|info|biz|test|edu|gov|us|co|re|lu|ma|sn|dz|tn"
_PROVIDERS = frozenset(
    "gmail googlemail hotmail yahoo orange outlook free laposte icloud live msn aol wanadoo sfr proton "
    "protonmail gmx ymail me mail bbox neuf numericable club-internet".split()
)
_BRACKETED = r"[(\[{{<]\s*{word}\s*[)\]}}>]"
_AT_SYMBOL = r"\s*(?:@|" + _BRACKETED.format(word="(?:at|arobase|arrobase|@)") + r")\s*"
_AT_WORD = r"\s+(?:at|arobase|arrobase|AT|ARROBASE|AROBASE)\s+"
_DOT_SYMBOL = r"(?:\s?\.\s?|\s*" + _BRACKETED.format(word="(?:dot|point|pt)") + r"\s*)"
_DOT_WORD = r"\s+(?:dot|point|DOT|POINT)\s+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9_%+-]*[A-Za-z0-9])?"
_DOTTED = rf"{_LABEL}(?:(?:{_DOT_SYMBOL}|{_DOT_WORD}){_LABEL})*"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@-])(?P<local>{_DOTTED})(?P<at>{_AT_SYMBOL}|{_AT_WORD})"
    rf"(?P<domain>{_LABEL}(?:(?:{_DOT_SYMBOL}|{_DOT_WORD}){_LABEL})*?)(?P<dot>{_DOT_SYMBOL}|{_DOT_WORD})"
    rf"(?P<tld>(?i:{_TLDS}))(?![\w@])"
)
# Cheap gates, so that most texts skip the e-mail pattern: an "at" that is not a plain "@" between
# two characters, then a top-level domain after a dot (written or spelled).
_AT_SIGNS = (" at ", "(at", "[at", "{at", "<at", "arobase", "arrobase", " @", "@ ", "(@", "[@")
_TLD_AFTER_SIGN = re.compile(rf"[.)\]}}>]\s*(?i:{_TLDS})\b")
_TLD_AFTER_WORD = re.compile(rf"\b(?:dot|point)\s+(?i:{_TLDS})\b", re.IGNORECASE)


def _email_windows(lowered: str) -> list[tuple[int, int]]:
    """Where a disguised "at" is followed, within an address's length, by a top-level domain: the
    windows (merged) where the e-mail pattern is worth running."""
    windows: list[tuple[int, int]] = []
    for sign in _AT_SIGNS:
        position = lowered.find(sign)
        while position >= 0:
            window = lowered[position : position + 70]
            if _TLD_AFTER_SIGN.search(window) or _TLD_AFTER_WORD.search(window):
                windows.append((max(0, position - 64), min(len(lowered), position + 80)))
            position = lowered.find(sign, position + 1)
    windows.sort()
    merged: list[tuple[int, int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_SEPARATOR_PARTS = re.compile(rf"{_DOT_WORD}|{_DOT_SYMBOL}")
_NOT_A_MAILBOX = frozenset(
    "me you us him her them it this that i we see look meet call find here there".split()
)


def _email_edits(text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    matches = (match for start, end in windows for match in _OBFUSCATED_EMAIL.finditer(text, start, end))
    for match in matches:
        if edits and match.start() < edits[-1][1]:
            continue
        value = match.group()
        local, domain = match.group("local"), match.group("domain")
        plain = re.fullmatch(r"\S+@\S+", value) and "(" not in value and "[" not in value
        if plain:
            continue  # an ordinary address: the e-mail recogniser reads it as it is
        if re.fullmatch(_AT_WORD, match.group("at")):
            obfuscated_dot = bool(re.search(_DOT_WORD, value)) or "(" in value or "[" in value
            provider = _SEPARATOR_PARTS.split(domain)[0].lower() in _PROVIDERS
            if local.lower() in _NOT_A_MAILBOX or not (obfuscated_dot or provider):
                continue
        compact_local = _SEPARATOR_PARTS.sub(".", local)
        compact_domain = _SEPARATOR_PARTS.sub(".", domain)
        edits.append((match.start(), match.end(), f"{compact_local}@{compact_domain}.{match.group('tld')}"))
    return edits


# ---------- number words ----------

_FRENCH_UNITS = {
    "zéro": 0,
    "zero": 0,
    "un": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
_FRENCH_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_ENGLISH_UNITS = {
    "zero": 0,
    "oh": 0,
    "o": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_ENGLISH_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ENGLISH_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_MULTIPLIERS = {"cent": 100, "cents": 100, "hundred": 100, "mille": 1000, "mil": 1000, "thousand": 1000}
_NUMBER_PARTS = (
    set(_FRENCH_UNITS) | set(_FRENCH_TENS) | set(_ENGLISH_UNITS) | set(_ENGLISH_TENS) | set(_MULTIPLIERS)
)
_NUMBER_PARTS.discard("o")
_WORD_ALTERNATION = "|".join(sorted(_NUMBER_PARTS | {"quatre-vingt", "quatre-vingts"}, key=len, reverse=True))
# One number token: a number word (with its hyphenated parts: "soixante-douze", "twenty-one",
# "quatre-vingt-dix-sept") or a group of digits.
_TOKEN = re.compile(
    rf"(?<![\w-])(?:(?i:(?:{_WORD_ALTERNATION})(?:-(?:{_WORD_ALTERNATION}|et))*)|\d+)(?![\w-])"
    rf"|(?<![\w-])(?i:o)(?=[ -]+(?:\d|(?i:{_WORD_ALTERNATION})\b))"
)
_JOINER = re.compile(r"(?:[ .\-/]|\s+(?:et|and)\s+)")
_NUMBER_WORDS = frozenset(_NUMBER_PARTS | set(_ENGLISH_ORDINALS) | {"premier"})
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
    "decembre|january|february|march|april|may|june|july|august|september|october|november|december"
)
_ORDINAL_BEFORE_MONTH = re.compile(
    rf"(?<![\w-])(?i:(?P<tens>twenty|thirty)-)?(?i:(?P<ordinal>{'|'.join(_ENGLISH_ORDINALS)}))"
    rf"(?=\s+(?i:of\s+)?(?i:{_MONTHS})\b)",
)
_FRENCH_PREMIER_BEFORE_MONTH = re.compile(rf"(?<![\w-])(?i:premier)(?=\s+(?i:{_MONTHS})\b)")


def _part_value(part: str) -> tuple[int, str] | None:
    """(value, "unit" | "tens" | "multiplier") of one number word, None when it is not one."""
    if part in _FRENCH_UNITS:
        return _FRENCH_UNITS[part], "unit"
    if part in _ENGLISH_UNITS:
        return _ENGLISH_UNITS[part], "unit"
    if part in _FRENCH_TENS:
        return _FRENCH_TENS[part], "tens"
    if part in _ENGLISH_TENS:
        return _ENGLISH_TENS[part], "tens"
    if part in _MULTIPLIERS:
        return _MULTIPLIERS[part], "multiplier"
    return None


class _Number:
    """A number being read word by word, the way it is spoken ("mille neuf cent soixante-deux")."""

    def __init__(self, start: int):
        self.start = start
        self.end = start
        self.total = 0
        self.current = 0
        self.last = ""  # kind of the last word read
        self.last_value = 0

    @property
    def value(self) -> int:
        return self.total + self.current

    def continues_with(self, value: int, kind: str) -> bool:
        if kind == "multiplier":
            return self.last != "multiplier" or value > self.last_value
        if self.last == "multiplier":
            return value < self.last_value
        if self.last == "tens":
            return kind == "unit" and 0 < value < (20 if self.last_value in (60, 80) else 10)
        if self.last == "unit" and self.last_value == 4 and value == 20 and self.current % 100 == 4:
            return True  # quatre vingt
        if self.last == "unit" and self.last_value == 10 and kind == "unit" and 0 < value < 10:
            return self.current % 100 in (10, 70, 90)  # dix sept, quatre-vingt-dix-sept
        return False

    def read(self, value: int, kind: str, end: int) -> None:
        if kind == "multiplier":
            self.current = max(self.current, 1) * value
            if value == 1000:
                self.total += self.current
                self.current = 0
        elif self.last == "unit" and self.last_value == 4 and value == 20 and self.current % 100 == 4:
            self.current += 76
            kind = "tens"
            value = 80
        else:
            self.current += value
        self.last, self.last_value, self.end = kind, value, end


def _numbers_in_run(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, int, bool]]:
    """Group the tokens of a run into numbers: (start, end, value, spelled). Words combine the way
    they are spoken ("soixante douze" → 72, "mille neuf cent soixante-deux" → 1962, "two thousand and
    five" → 2005); "nineteen sixty-two" stays two numbers (a year said in halves is put together by
    the caller), "five five five" three. Digit groups are numbers of their own."""
    numbers: list[tuple[int, int, int, bool]] = []
    current: _Number | None = None
    for start, end, word in tokens:
        if word.isdigit():
            if current:
                numbers.append((current.start, current.end, current.value, True))
                current = None
            numbers.append((start, end, int(word), False))
            continue
        parts = [part for part in word.lower().split("-") if part != "et"]
        for position, part in enumerate(parts):
            read = _part_value(part)
            if read is None:
                return []
            value, kind = read
            # Parts of one hyphenated word always belong to the same number.
            if current is None or not (position > 0 or current.continues_with(value, kind)):
                if current:
                    numbers.append((current.start, current.end, current.value, True))
                current = _Number(start)
            current.read(value, kind, end)
    if current:
        numbers.append((current.start, current.end, current.value, True))
    return numbers


def _number_edits(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """Digits for number words; `words` are the text's words in lower case (to skip what cannot
    apply: one number word alone is rewritten only near a month or among other digits)."""
    edits: list[tuple[int, int, str]] = []
    cardinals = sum(1 for word in words if word in _NUMBER_PARTS)
    if cardinals >= 2 or (
        cardinals == 1 and (not _MONTH_WORDS.isdisjoint(words) or sum(ch.isdigit() for ch in text) >= 4)
    ):
        edits.extend(_cardinal_edits(text))
    if not _ORDINAL_WORDS.isdisjoint(words):
        edits.extend(_ordinal_edits(text))
    if "premier" in words:
        edits.extend(
            (match.start(), match.end(), "1er") for match in _FRENCH_PREMIER_BEFORE_MONTH.finditer(text)
        )
    edits.sort()
    return _without_overlaps(edits)


_MONTH_WORDS = frozenset(_MONTHS.split("|"))
_ORDINAL_WORDS = frozenset(_ENGLISH_ORDINALS)


def _ordinal_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for match in _ORDINAL_BEFORE_MONTH.finditer(text):
        value = _ENGLISH_ORDINALS[match.group("ordinal").lower()] + (
            {"twenty": 20, "thirty": 30}[match.group("tens").lower()] if match.group("tens") else 0
        )
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10 if value not in (11, 12, 13) else 0, "th")
        edits.append((match.start(), match.end(), f"{value}{suffix}"))
    return edits


def _cardinal_edits(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    tokens = list(_TOKEN.finditer(text))
    index = 0
    while index < len(tokens):
        run = [tokens[index]]
        while index + len(run) < len(tokens):
            following = tokens[index + len(run)]
            gap = text[run[-1].end() : following.start()]
            if not _JOINER.fullmatch(gap) or ("\n" in gap):
                break
            run.append(following)
        index += len(run)
        raw = [(token.start(), token.end(), token.group()) for token in run]
        while raw and raw[0][2].lower() == "un":  # the article: "un 06 12 ..."
            raw.pop(0)
        if all(word.isdigit() for _, _, word in raw):
            continue
        numbers = _numbers_in_run(raw)
        if not numbers:
            continue
        digits = sum(len(str(value)) if spelled else end - start for start, end, value, spelled in numbers)
        years = [
            (start, end, value) for start, end, value, spelled in numbers if spelled and 1900 <= value <= 2030
        ]
        spelled_words = [
            (value, text[start:end].lower()) for start, end, value, spelled in numbers if spelled
        ]
        # "OH 43215" (Ohio and a ZIP code) is not a phone number: a run needs two spelled numbers,
        # or one of two digits, besides "oh"/"o".
        real = [value for value, word in spelled_words if word not in ("oh", "o")]
        phone_like = len(real) >= 2 or (len(real) == 1 and real[0] >= 10)
        if digits >= 6 and phone_like:
            edits.extend(_phone_run_edits(numbers))
        elif (
            len(numbers) == 2
            and numbers[0][2] in (19, 20)
            and numbers[0][3]
            and numbers[1][3]
            and 0 <= numbers[1][2] < 100
        ):
            # "nineteen sixty-two", "twenty ten": a year said in two halves.
            edits.append((numbers[0][0], numbers[1][1], f"{numbers[0][2]}{numbers[1][2]:02d}"))
        else:
            edits.extend((start, end, str(value)) for start, end, value in years)
            edits.extend(_day_before_month_edits(text, numbers))
    return edits


_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?(?i:{_MONTHS})\b")


def _day_before_month_edits(text: str, numbers) -> list[tuple[int, int, str]]:
    return [
        (start, end, str(value))
        for start, end, value, spelled in numbers
        if spelled and 1 <= value <= 31 and _MONTH_AFTER.match(text, end)
    ]


def _phone_run_edits(numbers) -> list[tuple[int, int, str]]:
    """Digits for every spelled number of a phone-like run; spelled single digits next to each other
    are joined ("zéro six" → "06", "five five five oh one" → "55501")."""
    edits: list[tuple[int, int, str]] = []
    index = 0
    while index < len(numbers):
        start, end, value, spelled = numbers[index]
        if not spelled:
            index += 1
            continue
        if value < 10:
            following = index
            digits = ""
            while following < len(numbers) and numbers[following][3] and numbers[following][2] < 10:
                digits += str(numbers[following][2])
                following += 1
            edits.append((start, numbers[following - 1][1], digits))
            index = following
            continue
        edits.append((start, end, str(value)))
        index += 1
    return edits


def _without_overlaps(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    return kept


# ---------- entry point ----------


def normalise(text: str) -> Normalised:
    """The text the recognisers read, with the map back to `text` (identity when nothing changes)."""
    result = Normalised(text)
    if _CHARACTER_TRIGGER.search(text):
        result = _apply(text, _character_edits(text))
    digits = _digit_edits(result.text)
    if digits:
        result = _compose(result, _apply(result.text, digits))
    words_text = result.text
    edits: list[tuple[int, int, str]] = []
    lowered = words_text.lower()
    windows = _email_windows(lowered)
    if windows:
        edits.extend(_email_edits(words_text, windows))
    words = lowered.replace("-", " ").replace(",", " ").replace(".", " ").split()
    if not _NUMBER_WORDS.isdisjoint(words):
        numbers = _number_edits(words_text, words)
        edits.extend(edit for edit in numbers if all(edit[1] <= e[0] or edit[0] >= e[1] for e in edits))
    if edits:
        edits.sort()
        result = _compose(result, _apply(words_text, edits))
    return result
