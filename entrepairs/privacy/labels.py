"""How each kind of finding is named to people: as a noun in lists ("phone number") and with its
article inside sentences ("a phone number"). Never the value itself."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .findings import KINDS

NAMES = {
    "PERSON": _("person's name"),
    "PHONE": _("phone number"),
    "EMAIL": _("e-mail address"),
    "NIR": _("social security number"),
    "IBAN": _("bank account number (IBAN)"),
    "RPPS": _("RPPS number"),
    "ADELI": _("ADELI number"),
    "NPI": _("NPI number"),
    "ADDRESS": _("postal address"),
    "BIRTHDATE": _("date of birth"),
    "RECORD_ID": _("patient record number"),
}

WITH_ARTICLE = {
    "PERSON": _("a person's name"),
    "PHONE": _("a phone number"),
    "EMAIL": _("an e-mail address"),
    "NIR": _("a social security number"),
    "IBAN": _("a bank account number (IBAN)"),
    "RPPS": _("an RPPS number"),
    "ADELI": _("an ADELI number"),
    "NPI": _("an NPI number"),
    "ADDRESS": _("a postal address"),
    "BIRTHDATE": _("a date of birth"),
    "RECORD_ID": _("a patient record number"),
}

assert set(NAMES) == set(WITH_ARTICLE) == set(KINDS)  # noqa: S101 a new kind needs its labels


def in_order(kinds) -> list[str]:
    """The kinds in the order of KINDS (stable wherever they are listed), without repeats."""
    wanted = set(kinds)
    return [kind for kind in KINDS if kind in wanted]


def names(kinds) -> str:
    """ "phone number, person's name" """
    return ", ".join(str(NAMES[kind]) for kind in in_order(kinds))


def phrases(kinds) -> str:
    """ "a phone number, a person's name" """
    return ", ".join(str(WITH_ARTICLE[kind]) for kind in in_order(kinds))


def title(kind: str) -> str:
    """ "Phone number" """
    return capfirst(str(NAMES[kind]))
