"""`scan(text)`: every piece of personal data found in a member's text, as Findings.

Two paths, one function:
- `use_model=False` (default): rules and validating libraries only (phonenumbers, python-stdnum,
  regular expressions, word lists). Fast enough for the request path: the live, debounced check as
  the member types, and the check on submit (services.check), which so enforces exactly what the
  composer showed. See docs/privacy.md for measured throughput.
- `use_model=True`: the same, plus spaCy's French NER for names that no rule knows. For batch scans
  (`manage.py scan_pii --use-model`) and the benchmarks, never on submit; the model is loaded once
  per process on first use.
"""

from .addresses import find_addresses
from .dates import find_birthdates
from .findings import Candidate, Finding, resolve_overlaps
from .identifiers import (
    find_emails,
    find_ibans,
    find_nirs,
    find_professional_numbers,
    find_record_ids,
    find_social_profiles,
)
from .language import detect_language
from .model import find_names_with_model
from .names import find_names
from .normalise import normalise
from .phones import find_phones

_REPLACEMENTS = {
    "fr": {
        "PHONE": "[téléphone masqué]",
        "EMAIL": "[e-mail masqué]",
        "NIR": "[n° de sécurité sociale masqué]",
        "IBAN": "[IBAN masqué]",
        "RPPS": "[n° RPPS masqué]",
        "ADELI": "[n° ADELI masqué]",
        "NPI": "[n° NPI masqué]",
        "ADDRESS": "[adresse masquée]",
        "BIRTHDATE": "[date de naissance masquée]",
        "RECORD_ID": "[n° de dossier masqué]",
    },
    "en": {
        "PHONE": "[phone number hidden]",
        "EMAIL": "[email hidden]",
        "NIR": "[social security number hidden]",
        "IBAN": "[IBAN hidden]",
        "RPPS": "[RPPS number hidden]",
        "ADELI": "[ADELI number hidden]",
        "NPI": "[NPI hidden]",
        "ADDRESS": "[address hidden]",
        "BIRTHDATE": "[date of birth hidden]",
        "RECORD_ID": "[record number hidden]",
    },
}


# A social handle or profile address is reported as a person (it names one) but is not replaced by
# initials.
_PROFILE_REPLACEMENTS = {"fr": "[profil masqué]", "en": "[profile hidden]"}


def scan(text: str, lang: str | None = None, *, use_model: bool = False, doc=None) -> list[Finding]:
    """Findings in text order, never overlapping. `lang` is "fr" or "en" (guessed when None).

    `doc` is an already-computed spaCy Doc of `text` (batch callers use nlp.pipe); it implies use_model."""
    if not text:
        return []
    if lang not in _REPLACEMENTS:
        lang = detect_language(text)
    # The rules read the text with what people do to get past filters undone (number words, "at" and
    # "dot", zero-width characters, look-alike letters); offsets are mapped back to the member's text.
    normalised = normalise(text)
    candidates = _rule_candidates(normalised.text, lang)
    if normalised.starts is not None:
        candidates = [
            Candidate(*normalised.original_span(c.start, c.end), c.kind, c.score) for c in candidates
        ]
    if use_model or doc is not None:
        candidates.extend(find_names_with_model(text, lang, doc=doc))
    return [
        Finding(c.start, c.end, c.kind, c.score, replacement(text[c.start : c.end], c.kind, lang))
        for c in resolve_overlaps(candidates)
    ]


def _rule_candidates(text: str, lang: str) -> list[Candidate]:
    candidates = find_emails(text)
    candidates += find_social_profiles(text)
    has_digit = any(ch.isdigit() for ch in text)
    if has_digit:
        candidates += find_ibans(text)
        candidates += find_nirs(text)
        candidates += find_professional_numbers(text)
        candidates += find_record_ids(text)
        candidates += find_birthdates(text)
        candidates += find_phones(text, lang)
        candidates += find_addresses(text)
    candidates += find_names(text)
    return candidates


def replacement(value: str, kind: str, lang: str = "fr") -> str:
    """What the composer offers instead of `value`: initials for a name ("Sophie Lambert" → "S. L.",
    "Jean-Pierre" → "J.-P.", so that "Dr Martin" becomes "Dr M."), a bracketed label otherwise."""
    if kind == "PERSON" and (value.startswith("@") or "/" in value):
        return _PROFILE_REPLACEMENTS.get(lang, _PROFILE_REPLACEMENTS["fr"])
    if kind == "PERSON":
        return " ".join(_initials(word) for word in value.split())
    return _REPLACEMENTS.get(lang, _REPLACEMENTS["fr"])[kind]


def _initials(word: str) -> str:
    return "-".join(part[:1].upper() + "." for part in word.split("-") if part)
