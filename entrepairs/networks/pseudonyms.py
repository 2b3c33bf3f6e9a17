"""Pseudonym suggestions and checks for patient personas."""

import re
import secrets
import unicodedata

from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused

ANIMALS = [
    "Colibri", "Mésange", "Loutre", "Hérisson", "Renard", "Héron", "Libellule", "Écureuil",
    "Rouge-gorge", "Chamois", "Dauphin", "Lynx", "Martinet", "Tortue", "Papillon", "Bouvreuil",
]  # fmt: skip
QUALITIES = [
    "Serein", "Curieux", "Tenace", "Paisible", "Vaillant", "Lumineux", "Patient", "Joyeux",
    "Discret", "Fidèle", "Solaire", "Tranquille", "Rêveur", "Agile", "Confiant", "Doux",
]  # fmt: skip

ALLOWED = re.compile(r"^[\w][\w .'\-]{1,38}[\w]$")
MIN_LENGTH, MAX_LENGTH = 3, 40


def suggest(taken: set[str]) -> str:
    """A friendly pseudonym not in `taken` (lower-cased names). Random, so it reveals nothing."""
    for _attempt in range(50):
        name = f"{secrets.choice(ANIMALS)} {secrets.choice(QUALITIES)} {secrets.randbelow(90) + 10}"
        if name.lower() not in taken:
            return name
    return f"Membre {secrets.token_hex(3)}"


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def check_display_name(name: str, *, user=None, pseudonymous: bool) -> str:
    """Return the cleaned name or refuse it with a message the member can act on."""
    name = " ".join((name or "").split())
    if len(name) < MIN_LENGTH or len(name) > MAX_LENGTH:
        raise ActionRefused(
            "invalid_display_name",
            _("A display name has between %(min)d and %(max)d characters.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH},
            field="display_name",
        )
    if "@" in name or not ALLOWED.match(name):
        raise ActionRefused(
            "invalid_display_name",
            _("Use letters, digits, spaces, hyphens, apostrophes or dots only."),
            field="display_name",
        )
    if pseudonymous and user is not None:
        folded = _fold(name)
        words = set(re.split(r"[\s.'\-]+", folded))
        identity = [user.email.split("@")[0], user.first_name, user.last_name]
        for part in identity:
            part = _fold(part or "")
            if len(part) >= 3 and (part in words or part == folded.replace(" ", "")):
                raise ActionRefused(
                    "display_name_reveals_identity",
                    _("This name looks like your real name or email. Choose a pseudonym to stay anonymous."),
                    field="display_name",
                )
    return name
