"""Synthetic Annuaire Santé extraction files, in the exact "PS_LibreAcces_Personne_activite" format.

    python -m bench.annuaire_generate --rows 2000000 --output /tmp/annuaire-2000000.txt [--seed 6]

Seeded and fast (about a million rows in a few seconds). Every name is invented; RPPS numbers carry a
valid Luhn check digit but are drawn from a range (10 9xx xxx xxx) chosen for tests. One person spans
one to three consecutive rows, as in the real file (several activities or workplaces).
"""

import argparse
import random
import sys

from entrepairs.professionals.identifiers import IdentifierType, with_check_digit

# The header line of the public extraction (copied from shared/data), trailing `|` included.
HEADER = (
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
    "Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|"
    "Code profession|Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|"
    "Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|"
    "Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|"
    "Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|"
    "Enseigne commerciale site|Complément destinataire (coord. structure)|"
    "Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|"
    "Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
    "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|"
    "Mention distribution (coord. structure)|Bureau cedex (coord. structure)|"
    "Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|"
    "Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|"
    "Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|"
    "Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|"
    "Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
    "Code section tableau pharmaciens|Libellé section tableau pharmaciens|"
)
COLUMN_NAMES = HEADER.split("|")[:-1]
WIDTH = len(COLUMN_NAMES)

PROFESSIONS = {  # code: (label, identifier type, savoir-faire choices)
    "10": ("Médecin", "8", [("S", "SM04", "Cardiologie et maladies vasculaires"), ("S", "SM26", "Qualifié en Médecine Générale"), ("S", "SM42", "Psychiatrie"), ("S", "SM40", "Pédiatrie"), ("S", "SM99", "Spécialité de démonstration")]),
    "21": ("Pharmacien", "8", [("", "", "")]),
    "39": ("Préparateur en pharmacie", "8", [("", "", "")]),
    "40": ("Chirurgien-Dentiste", "8", [("", "", "")]),
    "50": ("Sage-Femme", "8", [("", "", "")]),
    "60": ("Infirmier", "0", [("", "", "")]),
    "70": ("Masseur-Kinésithérapeute", "8", [("", "", "")]),
    "80": ("Pédicure-Podologue", "8", [("", "", "")]),
    "91": ("Orthophoniste", "0", [("", "", "")]),
}  # fmt: skip
SAVOIR_FAIRE_TYPES = {"S": "Spécialité ordinale"}
MODES = {"L": "Libéral, indépendant, artisan, commerçant", "S": "Salarié", "B": "Bénévole"}
LAST_NAMES = ["EXEMPLE", "FICTIF", "MODÈLE", "DÉMO-ESSAI", "D'EXEMPLE", "LE TEST", "ÉPREUVE", "SPECIMEN"]
FIRST_NAMES = ["Camille", "Jean-Pierre", "Zoé", "Hélène", "Noël", "Anaïs", "Loïc", "Dominique"]
CITIES = [("75015", "75115", "Paris"), ("69003", "69383", "Lyon"), ("13005", "13205", "Marseille")]


def row(values: dict[str, str]) -> str:
    """A data line: the named values in their columns, the others empty, and the trailing `|`."""
    return "|".join(values.get(name, "") for name in COLUMN_NAMES) + "|\n"


def person_values(*, id_type: str, identifier: str, last_name: str, first_name: str) -> dict[str, str]:
    return {
        "Type d'identifiant PP": id_type,
        "Identifiant PP": identifier,
        "Identification nationale PP": id_type + identifier,
        "Code civilité d'exercice": "DR" if id_type == "8" else "",
        "Libellé civilité d'exercice": "Docteur" if id_type == "8" else "",
        "Code civilité": "MME",
        "Libellé civilité": "Madame",
        "Nom d'exercice": last_name,
        "Prénom d'exercice": first_name,
    }


def activity_values(
    *, profession: str, savoir_faire: tuple[str, str, str] = ("", "", ""), mode: str = "L", city: int = 0
) -> dict[str, str]:
    sf_type, sf_code, sf_label = savoir_faire
    postal, commune, city_name = CITIES[city % len(CITIES)]
    return {
        "Code profession": profession,
        "Libellé profession": PROFESSIONS[profession][0],
        "Code catégorie professionnelle": "C",
        "Libellé catégorie professionnelle": "Civil",
        "Code type savoir-faire": sf_type,
        "Libellé type savoir-faire": SAVOIR_FAIRE_TYPES.get(sf_type, ""),
        "Code savoir-faire": sf_code,
        "Libellé savoir-faire": sf_label,
        "Code mode exercice": mode,
        "Libellé mode exercice": MODES.get(mode, ""),
        "Raison sociale site": "CABINET DE DÉMONSTRATION",
        "Libellé Voie (coord. structure)": "RUE DE L'EXEMPLE",
        "Code postal (coord. structure)": postal,
        "Code commune (coord. structure)": commune,
        "Libellé commune (coord. structure)": city_name,
        "Code pays (coord. structure)": "99000",
        "Libellé pays (coord. structure)": "France",
        "Code Département (structure)": postal[:2],
        "Autorité d'enregistrement": "RPPS/ADELI",
    }


def rpps(number: int) -> str:
    """The `number`-th synthetic RPPS (10 9xx xxx xxx + check digit)."""
    return with_check_digit(IdentifierType.RPPS, f"109{number:07d}")


def adeli(number: int) -> str:
    return f"99{number:07d}"


def generate(stream, rows: int, *, seed: int = 6) -> int:
    """Write the header and `rows` data lines to `stream` (text). Returns the number of people."""
    rng = random.Random(seed)
    stream.write(HEADER + "\n")
    codes = list(PROFESSIONS)
    written = people = 0
    buffer: list[str] = []
    while written < rows:
        profession = rng.choice(codes)
        _label, id_type, savoir_faires = PROFESSIONS[profession]
        identifier = rpps(people) if id_type == "8" else adeli(people)
        person = person_values(
            id_type=id_type,
            identifier=identifier,
            last_name=f"{rng.choice(LAST_NAMES)} {people % 997}",
            first_name=rng.choice(FIRST_NAMES),
        )
        people += 1
        for _ in range(min(rng.choice((1, 1, 1, 2, 2, 3)), rows - written)):
            values = dict(person)
            values.update(
                activity_values(
                    profession=profession,
                    savoir_faire=rng.choice(savoir_faires),
                    mode=rng.choice("LLS"),
                    city=written,
                )
            )
            buffer.append(row(values))
            written += 1
        if len(buffer) >= 10_000:
            stream.write("".join(buffer))
            buffer.clear()
    stream.write("".join(buffer))
    return people


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--output", default="-", help="file to write ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    if args.output == "-":
        generate(sys.stdout, args.rows, seed=args.seed)
        return
    with open(args.output, "w", encoding="utf-8", newline="") as stream:
        people = generate(stream, args.rows, seed=args.seed)
    print(f"{args.rows:,} rows, {people:,} people written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
