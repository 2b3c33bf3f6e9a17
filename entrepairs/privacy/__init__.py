"""Privacy guard: find personal data in what members write, before it is published.

`scan(text, lang=None, *, use_model=False) -> list[Finding]`; see scanner.py and docs/privacy.md.
"""

from .findings import KINDS, Finding
from .scanner import replacement, scan

__all__ = ["KINDS", "Finding", "replacement", "scan"]
