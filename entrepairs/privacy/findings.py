"""What a scan returns, and how overlapping candidates are settled.

A Finding never carries the detected value itself: callers hold the text, and keeping the value out
of the object keeps it out of logs, notifications and error reports by construction.
"""

from dataclasses import dataclass

KINDS = (
    "PERSON",
    "PHONE",
    "EMAIL",
    "NIR",
    "IBAN",
    "RPPS",
    "ADELI",
    "NPI",
    "ADDRESS",
    "BIRTHDATE",
    "RECORD_ID",
)

# When two candidates overlap, the more specific one wins: a checksum-validated identifier beats a
# phone number made of the same digits (an IPP of 9 digits is also a "valid" French phone number), an
# address beats the person its street is named after ("avenue Jean Jaurès"), an e-mail beats the name
# in its local part.
PRIORITY = {
    "EMAIL": 0,
    "IBAN": 1,
    "NIR": 2,
    "RPPS": 3,
    "NPI": 4,
    "ADELI": 5,
    "RECORD_ID": 6,
    "BIRTHDATE": 7,
    "PHONE": 8,
    "ADDRESS": 9,
    "PERSON": 10,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """`text[start:end]` is sensitive, of `kind`; `replacement` is what the composer offers instead.

    `score` is a confidence in [0, 1]: 0.95+ for checksum-validated identifiers, lower for rules that
    rely on context or word lists (policies may ignore low scores)."""

    start: int
    end: int
    kind: str
    score: float
    replacement: str


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    score: float


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates (kind priority, then score, then length), in text order."""
    ranked = sorted(candidates, key=lambda c: (PRIORITY[c.kind], -c.score, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for candidate in ranked:
        if all(candidate.end <= other.start or candidate.start >= other.end for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)
