"""File names say more than people think: "ordonnance_Sophie_MARTIN_0612345678.pdf" travels with the
file to everyone who downloads it. A file name is not something members choose to publish, so nothing
is asked: when the scanner finds personal data in it, the file is shown under a neutral name.

No Django here (the privacy engine's contract): the callers give the neutral name in their language.
"""

import re

from .scanner import scan

# Separators people and cameras put between words; each is replaced by one space, so the offsets of
# the scanned text are those of the name and "Sophie_Martin" reads as the two words it is.
_SEPARATORS = re.compile(r"[_.+~]")


def personal_data_in_filename(name: str, lang: str | None = None) -> list[str]:
    """The kinds of personal data found in a file name (its extension left out), in text order."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    readable = _SEPARATORS.sub(" ", stem)
    # A camel-cased or dashed name ("SophieMartin-IRM") reads as separate words.
    readable = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])", " ", readable).replace("-", " ")
    # The stem as written too: an e-mail address needs its dots.
    found = scan(stem, lang) + scan(readable, lang)
    return [finding.kind for finding in sorted(found, key=lambda finding: finding.start)]


def neutral_filename(name: str, neutral_stem: str, lang: str | None = None) -> str:
    """`name` itself when it holds no personal data, else `neutral_stem` with the same extension."""
    if not personal_data_in_filename(name, lang):
        return name
    extension = name.rsplit(".", 1)[1][:8] if "." in name else ""
    return f"{neutral_stem}.{extension}" if extension else neutral_stem
