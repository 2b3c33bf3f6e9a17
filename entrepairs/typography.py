"""French typography for what the site writes: elision before a vowel or a mute h ("en tant
qu'Écureuil", not "en tant que Écureuil") and the narrow no-break space that French puts before
`:` `;` `!` `?` and inside « guillemets ».

Applied to translated strings only (the catalogues are fixed by `manage.py french_typography`, and
the `french` template filter handles a sentence where a name was put into a translation), never to
what members wrote: their words are theirs."""

import re

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

# Words that lose their vowel before a vowel or an h: "que Anne" -> "qu'Anne", "de Hélène" ->
# "d'Hélène". The h is taken as mute: names with an aspirated h are rare among pseudonyms.
_ELIDED = ("que", "jusque", "lorsque", "puisque", "de", "le", "la", "je", "me", "te", "se", "ne", "ce")
_ELISION = re.compile(
    r"\b(" + "|".join(_ELIDED) + r") +(?=[aeiouyhæœAEIOUYHÆŒ]|[^\W\d_](?<=[àâäéèêëîïôöùûüÀÂÄÉÈÊËÎÏÔÖÙÛÜ]))",
    re.IGNORECASE,
)
# A space (ordinary, no-break or none) before high punctuation that ends a phrase: followed by a
# space, a closing quote or the end. "http://", "12:30" and "?next=" are left alone.
_BEFORE_PUNCTUATION = re.compile(r"(?<=[^\s\u00a0\u202f:;!?])[ \u00a0]?([:;!?]+)(?=[\s\u00a0\u202f»\"')<]|$)")
_OPENING_GUILLEMET = re.compile(r"«(?!\u202f)[ \u00a0]?")
_CLOSING_GUILLEMET = re.compile(r"(?<!\u202f)[ \u00a0]?»")
# HTML tags and entities are never touched (an attribute may hold a colon).
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")


def elide(text: str) -> str:
    """ "en tant que Écureuil" -> "en tant qu'Écureuil"; keeps the case of the elided word."""

    def _replace(match: re.Match) -> str:
        word = match.group(1)
        return word[:-1] + "'"

    return _ELISION.sub(_replace, text)


def space_punctuation(text: str) -> str:
    """A narrow no-break space before : ; ! ? and inside « », in place of any ordinary space."""
    parts = _MARKUP.split(text)
    for index in range(0, len(parts), 2):
        part = _BEFORE_PUNCTUATION.sub(lambda m: NARROW_NBSP + m.group(1), parts[index])
        part = _OPENING_GUILLEMET.sub("«" + NARROW_NBSP, part)
        parts[index] = _CLOSING_GUILLEMET.sub(NARROW_NBSP + "»", part)
    return "".join(parts)


def french(text: str) -> str:
    """Both rules: what a French sentence built from a translation and a name needs."""
    return space_punctuation(elide(text))


def needs_spacing(text: str) -> bool:
    """True when a French text lacks a no-break space somewhere it needs one (the catalogue test)."""
    return space_punctuation(text) != text
