"""Comparing the name a professional declares with the name the directory publishes.

People type "Hélène D'Artagnan-Fictif" where the Annuaire publishes "D'ARTAGNAN-FICTIF Hélène", or
"Jean Pierre" for "Jean-Pierre", or only one part of a compound name. Names are folded (accents,
ligatures and case dropped, any punctuation a separator) and compared part by part."""

import unicodedata

# Particles alone never identify anyone: a declared "De" must not match "DE LA FICTIF".
PARTICLES = frozenset({"d", "de", "du", "des", "la", "le", "les", "l", "van", "von", "der", "den", "y", "el"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(value: str) -> str:
    """Lower case, no accents or ligatures, every run of non-letters one space: "Cœur-d'Éloi" → "coeur d eloi"."""
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(_LIGATURES))
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed.casefold() if not unicodedata.combining(ch)
    )
    return " ".join(letters.split())


def parts(value: str) -> list[str]:
    return fold(value).split()


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(any(needle == part for part in remaining) for needle in needles)


def names_match(declared: str, published: str) -> bool:
    """True when `declared` is the published name, whatever the accents, case, hyphens, apostrophes
    or spaces ("Jean Pierre" = "JEAN-PIERRE", "Dartagnan" = "D'ARTAGNAN"), or the parts of a compound
    name in their published order, at least one of them more than a particle ("Dupont" for
    "DUPONT-EXEMPLE", "Van der Fictif" for "VAN DER FICTIF")."""
    declared_parts, published_parts = parts(declared), parts(published)
    if not declared_parts or not published_parts:
        return False
    if "".join(declared_parts) == "".join(published_parts):
        return True
    meaningful = [part for part in declared_parts if part not in PARTICLES and len(part) > 1]
    return bool(meaningful) and _in_order(declared_parts, published_parts)
