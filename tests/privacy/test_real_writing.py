"""Personal data written the way members write (issue 16): the examples of the issue, one by one, and
the generated labeled set's figures locked in (tests/privacy/realistic_corpus.py, docs/privacy.md).
"""

import pytest

from entrepairs.privacy import scan
from tests.privacy.realistic_corpus import (
    DEV_PATH,
    DEV_SEED,
    HELDOUT_PATH,
    HELDOUT_SEED,
    generate,
    load,
    scan_predictor,
    score,
)


def found(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    return [(finding.kind, text[finding.start : finding.end]) for finding in scan(text, lang)]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # Contacts written to get past filters.
        (
            "appelle au 06 dix-huit 45 soixante-douze 03 stp",
            "fr",
            ("PHONE", "06 dix-huit 45 soixante-douze 03"),
        ),
        (
            "call three one two five five five oh one four eight",
            "en",
            ("PHONE", "three one two five five five oh one four eight"),
        ),
        ("mon num c 06 936 025 75 si besoin", "fr", ("PHONE", "06 936 025 75")),
        ("text me on +44 7700 900 882 tonight", "en", ("PHONE", "+44 7700 900 882")),
        (
            "écris à prenom point nom arobase gmail point com",
            "fr",
            ("EMAIL", "prenom point nom arobase gmail point com"),
        ),
        ("write to name(at)mail.fr please", "en", ("EMAIL", "name(at)mail.fr")),
        ("mail me name dot name at gmail dot com", "en", ("EMAIL", "name dot name at gmail dot com")),
        # Names the way people name each other.
        ("j'ai vu le dr martin ce matin", "fr", ("PERSON", "martin")),
        ("rdv avec Mme D. Leroy jeudi", "fr", ("PERSON", "D. Leroy")),
        ("Nom : Nguyen, Thi Hoa", "fr", ("PERSON", "Nguyen, Thi Hoa")),
        ("le Dr van der Merwe est parti", "fr", ("PERSON", "van der Merwe")),
        ("ask for Dr. O'Sullivan at the clinic", "en", ("PERSON", "O'Sullivan")),
        ("le neuro c'est le Pr N'Diaye", "fr", ("PERSON", "N'Diaye")),
        ("THANK YOU ARACELI FOR EVERYTHING", "en", ("PERSON", "ARACELI")),
        ("saw dr dąbrowski today", "en", ("PERSON", "dąbrowski")),
        ("suivez moi sur insta @maman.solo.sep", "fr", ("PERSON", "@maman.solo.sep")),
        (
            "mon profil facebook.com/prenom.nom.75 si vous voulez",
            "fr",
            ("PERSON", "facebook.com/prenom.nom.75"),
        ),
        # Birth dates in other shapes.
        ("née le 11-Nov-1979", "fr", ("BIRTHDATE", "11-Nov-1979")),
        ("DOB 03-MAR-1975", "en", ("BIRTHDATE", "03-MAR-1975")),
        ("born 12/7/88", "en", ("BIRTHDATE", "12/7/88")),
        ("né le 1er/07/1969", "fr", ("BIRTHDATE", "1er/07/1969")),
        (
            "born on the twelfth of June, nineteen sixty-two",
            "en",
            ("BIRTHDATE", "twelfth of June, nineteen sixty-two"),
        ),
        # Addresses.
        (
            "J'habite Bât. B, esc. 2, 3e étage, 12 rue des Lilas, 69003 Lyon",
            "fr",
            ("ADDRESS", "Bât. B, esc. 2, 3e étage, 12 rue des Lilas, 69003 Lyon"),
        ),
        (
            "lieu-dit Kerbrat, 29410 Plounéour-Ménez",
            "fr",
            ("ADDRESS", "lieu-dit Kerbrat, 29410 Plounéour-Ménez"),
        ),
        ("écrire à CS 30012, 75015 Paris", "fr", ("ADDRESS", "CS 30012, 75015 Paris")),
        ("Apt 4B, 350 W 57th St", "en", ("ADDRESS", "Apt 4B, 350 W 57th St")),
        ("I live at 4417 n ravenswood ave #3", "en", ("ADDRESS", "4417 n ravenswood ave #3")),
        # Identifiers.
        ("IPP : S23-0045781", "fr", ("RECORD_ID", "S23-0045781")),
        ("mon iban fr76 3000 6000 0112 3456 7890 189", "fr", ("IBAN", "fr76 3000 6000 0112 3456 7890 189")),
        ("NIR : 2 85 02 2A 123 456 32", "fr", ("NIR", "2 85 02 2A 123 456 32")),
        ("NIR 1850578006084 clé 91", "fr", ("NIR", "1850578006084 clé 91")),
        ("NIR 185 0578 006 084 91 ok", "fr", ("NIR", "185 0578 006 084 91")),
        ("RIB : FR76 30006 00001 12345678901 89 merci", "fr", ("IBAN", "FR76 30006 00001 12345678901 89")),
    ],
)
def test_the_issue_examples_are_found(text, lang, expected):
    assert expected in found(text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Louis Pasteur, né le 27 décembre 1822, a inventé le vaccin contre la rage.",
        "C'est comme dans Dr House, personne ne trouve ce que j'ai.",
        "Florence Nightingale would be proud of these nurses.",
        "Mon grand-père a débarqué le 6 juin 1944.",
        "On September 11, 2001 I was in the ER.",
        "Merci Papillon75 pour ta réponse.",
        "Thanks SunnyDays88 for the tip!",
        "Suivie à l'Hôpital Georges-Pompidou, service de cardio.",
        "Je participe à l'essai NCT04512345 depuis janvier.",
        "Si vous n'allez pas bien, appelez le 3114.",
        "Hémoglobine 11,2 g/dL, CRP à 45 mg/L, plaquettes 150 000/mm3.",
        "see me at doctolib.fr for an appointment",
        "I walked 20 blocks down main st",
        "The clinic is in Columbus, OH 43215.",
        # Shouted thanks, form labels answered by a word, dates followed by a time, mentions.
        "MERCI ENORMEMENT POUR VOS MESSAGES",
        "THANK YOU SOOO MUCH",
        "MERCI MILLE FOIS",
        "Patiente : Oui, depuis 2019.",
        "Patient: Stable after surgery.",
        "Name: Unknown",
        "J'ai rendez-vous le 06.12.2024 14h au CHU.",
        "Ce forum est top, merci à @Papillon75 et @maman_courage.",
        "Je prends deux comprimés trois fois par jour depuis quatre ans.",
        "meet me at the hospital dot com is not a thing",
    ],
)
def test_hard_negatives_stay_unflagged(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "path, seed, part", [(DEV_PATH, DEV_SEED, "dev"), (HELDOUT_PATH, HELDOUT_SEED, "heldout")]
)
def test_the_labeled_sets_are_what_the_generator_writes(path, seed, part):
    # Regenerate with `python -m tests.privacy.realistic_corpus` after changing the generator.
    records = load(path)
    assert records == generate(seed, part)
    for record in records:
        for span in record["spans"]:
            value = record["text"][span["start"] : span["end"]]
            assert value and value == value.strip(), record["id"]


@pytest.mark.parametrize("path", [DEV_PATH, HELDOUT_PATH])
def test_recall_and_character_precision_on_real_writing(path):
    # Measured figures are in docs/privacy.md (held-out: recall 0.958, character precision 0.998);
    # these floors are the issue's goal and catch a regression.
    result = score(load(path), scan_predictor)
    print(f"\n{path.name}\n{result.table()}")
    assert result.recall >= 0.95
    assert result.char_precision >= 0.95
    for kind, tally in result.by_kind.items():
        assert tally.recall >= 0.9, kind


def test_a_handle_on_another_network_is_not_taken_for_a_mention():
    from types import SimpleNamespace

    from entrepairs.privacy import policy

    network = SimpleNamespace(kind="patients", language="fr", privacy_overrides={})
    verdict = policy.evaluate({"body": "suivez-moi sur insta @lupus_et_moi, merci @maman_courage"}, network)
    flagged = [(item.finding.kind, item.finding.replacement) for item in verdict.findings]
    assert flagged == [("PERSON", "[profil masqué]")]
