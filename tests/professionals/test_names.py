"""Declared names against directory names: accents, case, hyphens, apostrophes, compound names."""

import pytest

from entrepairs.professionals.names import fold, names_match


def test_fold_drops_accents_ligatures_case_and_punctuation():
    assert fold("  Cœur-d’Éloïse  ") == "coeur d eloise"


@pytest.mark.parametrize(
    ("declared", "published"),
    [
        ("Jean-Pierre", "Jean-Pierre"),
        ("jean pierre", "Jean-Pierre"),
        ("JeanPierre", "Jean-Pierre"),
        ("Helene", "Hélène"),
        ("d'artagnan-fictif", "D'ARTAGNAN-FICTIF"),
        ("D’Artagnan Fictif", "D'ARTAGNAN-FICTIF"),  # typographic apostrophe
        ("Dartagnan-Fictif", "D'ARTAGNAN-FICTIF"),
        ("Coeur de Lion", "CŒUR DE LION"),
        ("Dupont", "DUPONT-EXEMPLE"),  # one part of a compound name
        ("Exemple", "DUPONT-EXEMPLE"),
        ("Van der Fictif", "VAN DER FICTIF"),
        ("Jean", "Jean-Pierre"),
    ],
)
def test_names_that_match(declared, published):
    assert names_match(declared, published)


@pytest.mark.parametrize(
    ("declared", "published"),
    [
        ("Durand", "DUPONT-EXEMPLE"),
        ("Exemple Dupont", "DUPONT-EXEMPLE"),  # parts out of order
        ("Dupont-Exemple-Autre", "DUPONT-EXEMPLE"),  # more than published
        ("Van", "VAN DER FICTIF"),  # a particle alone identifies nobody
        ("de", "CŒUR DE LION"),
        ("", "EXEMPLE"),
        ("-", "EXEMPLE"),
    ],
)
def test_names_that_do_not_match(declared, published):
    assert not names_match(declared, published)
