"""Professional identifiers: RPPS, ADELI (France) and NPI (United States).

`validate(kind, value)` returns the cleaned identifier (digits only) or raises ActionRefused with a
message that tells the person what is wrong with what they typed: wrong length, a character that is
not a digit, or a check digit that does not match (almost always a typo).

What each check really proves:
- RPPS: 11 digits whose last one is a Luhn check digit over the first ten. A typo in one digit, or
  two swapped neighbours, is caught.
- ADELI: 9 digits. The number has a structure (département of registration, then a profession
  code, then an order number) but no check digit whose algorithm is published, so we only check
  length and digits. A mistyped ADELI number is caught only when the directory lookup fails.
- NPI: 10 digits; the last one is a Luhn check digit computed over "80840" followed by the first
  nine digits (the ISO health-card prefix, as the US CMS specifies).

The national identifier used by the Annuaire Santé and Pro Santé Connect ("IdNat_PS",
`Identification nationale PP`) is "8" + RPPS or "0" + ADELI: see `national_id`.
"""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import luhn

from entrepairs.errors import ActionRefused


class IdentifierType(models.TextChoices):
    RPPS = "rpps", gettext_lazy("RPPS")
    ADELI = "adeli", gettext_lazy("ADELI")
    NPI = "npi", gettext_lazy("NPI (United States)")


LENGTHS = {IdentifierType.RPPS: 11, IdentifierType.ADELI: 9, IdentifierType.NPI: 10}

# `Type d'identifiant PP` in the Annuaire Santé, and the first digit of the national identifier.
DIRECTORY_TYPE_DIGIT = {IdentifierType.RPPS: "8", IdentifierType.ADELI: "0"}
TYPE_BY_DIRECTORY_DIGIT = {digit: kind for kind, digit in DIRECTORY_TYPE_DIGIT.items()}

NPI_PREFIX = "80840"


def clean(value: str) -> str:
    """Drop the spaces, dots and dashes people type or paste between groups of digits."""
    return "".join(ch for ch in (value or "") if ch not in " .-\u00a0\t")


# Luhn: every second digit from the right is doubled (minus 9 past 9). A lookup table keeps the
# directory import (two million checks) fast; tests cross-check it against python-stdnum.
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        total += _DOUBLED[value] if position % 2 else value
    return total % 10 == 0


def has_valid_check_digit(kind: str, digits: str) -> bool:
    """Check digit only (the caller has checked length and digits). ADELI has none: always True."""
    if kind == IdentifierType.RPPS:
        return luhn_is_valid(digits)
    if kind == IdentifierType.NPI:
        return luhn_is_valid(NPI_PREFIX + digits)
    return True


def validate(kind: str, value: str, *, field: str = "identifier") -> str:
    """The cleaned identifier, or ActionRefused(code, message, field=field).

    Codes: `unknown_identifier_type`, `identifier_required`, `identifier_not_digits`,
    `identifier_wrong_length`, `identifier_bad_check_digit`."""
    if kind not in IdentifierType.values:
        raise ActionRefused(
            "unknown_identifier_type", _("Choose RPPS, ADELI or NPI."), field="identifier_type"
        )
    label = IdentifierType(kind).label
    digits = clean(value)
    if not digits:
        raise ActionRefused(
            "identifier_required", _("Enter your %(kind)s number.") % {"kind": label}, field=field
        )
    if not digits.isascii() or not digits.isdigit():
        raise ActionRefused(
            "identifier_not_digits",
            _("A %(kind)s number contains digits only.") % {"kind": label},
            field=field,
        )
    expected = LENGTHS[IdentifierType(kind)]
    if len(digits) != expected:
        raise ActionRefused(
            "identifier_wrong_length",
            _("A %(kind)s number has %(expected)d digits; you typed %(typed)d.")
            % {"kind": label, "expected": expected, "typed": len(digits)},
            field=field,
        )
    if not has_valid_check_digit(kind, digits):
        raise ActionRefused(
            "identifier_bad_check_digit",
            _("This %(kind)s number is not valid: its last digit does not match. Please check for a typo.")
            % {"kind": label},
            field=field,
        )
    return digits


def is_valid(kind: str, value: str) -> bool:
    try:
        validate(kind, value)
    except ActionRefused:
        return False
    return True


def national_id(kind: str, digits: str) -> str:
    """ "8" + RPPS or "0" + ADELI: the key of the Annuaire Santé and Pro Santé Connect's SubjectNameID."""
    return DIRECTORY_TYPE_DIGIT[IdentifierType(kind)] + digits


def with_check_digit(kind: str, body: str) -> str:
    """`body` completed with its check digit (RPPS: 10 digits in, NPI: 9 digits in). For generators."""
    if kind == IdentifierType.RPPS:
        return body + luhn.calc_check_digit(body)
    if kind == IdentifierType.NPI:
        return body + luhn.calc_check_digit(NPI_PREFIX + body)
    raise ValueError(f"{kind} has no check digit")
