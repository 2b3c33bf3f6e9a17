"""RPPS, ADELI and NPI: the check digit is verified at once, and each typo gets its own message."""

import pytest
from django.utils import translation
from stdnum import luhn

from entrepairs.errors import ActionRefused
from entrepairs.professionals import identifiers
from entrepairs.professionals.identifiers import IdentifierType

VALID_RPPS = identifiers.with_check_digit("rpps", "1090000001")  # synthetic: 10900000018
VALID_NPI = "1234567893"  # the CMS documentation's example NPI


def refusal(kind, value):
    with pytest.raises(ActionRefused) as refused:
        identifiers.validate(kind, value)
    return refused.value


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("rpps", VALID_RPPS, VALID_RPPS),
        ("rpps", "109 0000 0018", "10900000018"),  # spaces people type between groups
        ("adeli", "990000007", "990000007"),
        ("adeli", "75-1234-567", "751234567"),
        ("npi", VALID_NPI, VALID_NPI),
        ("npi", "1245319599", "1245319599"),
    ],
)
def test_valid_identifiers_are_returned_cleaned(kind, value, expected):
    assert identifiers.validate(kind, value) == expected
    assert identifiers.is_valid(kind, value)


def test_rpps_with_a_wrong_last_digit_is_a_typo():
    wrong = VALID_RPPS[:-1] + str((int(VALID_RPPS[-1]) + 1) % 10)
    with translation.override("en"):
        refused = refusal("rpps", wrong)
    assert refused.code == "identifier_bad_check_digit"
    assert refused.field == "identifier"
    assert "typo" in refused.message


def test_rpps_with_two_swapped_digits_is_caught():
    swapped = VALID_RPPS[:-2] + VALID_RPPS[-1] + VALID_RPPS[-2]
    assert swapped != VALID_RPPS
    assert refusal("rpps", swapped).code == "identifier_bad_check_digit"


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        ("rpps", "1090000001", "identifier_wrong_length"),
        ("rpps", "109000000181", "identifier_wrong_length"),
        ("rpps", "1090000A018", "identifier_not_digits"),
        ("rpps", "", "identifier_required"),
        ("rpps", "１０９００００００１８", "identifier_not_digits"),  # full-width digits are not ASCII
        ("adeli", "99000007", "identifier_wrong_length"),
        ("adeli", "99O000007", "identifier_not_digits"),
        ("npi", "1234567890", "identifier_bad_check_digit"),
        ("npi", "123456789", "identifier_wrong_length"),
        ("ssn", "123456789", "unknown_identifier_type"),
    ],
)
def test_invalid_identifiers_are_refused_with_a_precise_code(kind, value, code):
    assert refusal(kind, value).code == code
    assert not identifiers.is_valid(kind, value)


def test_wrong_length_message_says_how_many_digits():
    with translation.override("en"):
        message = refusal("rpps", "1090000001").message
    assert "11" in message and "10" in message


def test_adeli_has_no_check_digit_so_any_nine_digits_pass():
    # Documented limit: ADELI has no published check-digit algorithm; the directory lookup catches typos.
    assert identifiers.is_valid("adeli", "123456789")


def test_national_id_prefixes_the_directory_type_digit():
    assert identifiers.national_id(IdentifierType.RPPS, "10900000018") == "810900000018"
    assert identifiers.national_id(IdentifierType.ADELI, "990000007") == "0990000007"


def test_fast_luhn_agrees_with_python_stdnum():
    for number in range(0, 200_000, 7):
        digits = f"{number:011d}"
        assert identifiers.luhn_is_valid(digits) == luhn.is_valid(digits), digits
