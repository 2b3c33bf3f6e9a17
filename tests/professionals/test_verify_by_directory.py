"""Directory match: the declared identifier, name and profession against the imported Annuaire Santé.

The synthetic sample (tests/data/annuaire_sample.txt) holds, among others:
  RPPS 10900000018  DUPONT-EXEMPLE Jean-Pierre   médecin, SM04 cardiology
  RPPS 10900000026  D'ARTAGNAN-FICTIF Hélène     médecin, SM26 general practice
  RPPS 10900000034  ÉPREUVE Loïc                 médecin, SM02 (not in the reference list)
  RPPS 10900000042  CŒUR DE LION Anaïs           pharmacien (no specialty)
  RPPS 10900000133  VAN DER FICTIF Éloïse        médecin, SM04 and SM26
  ADELI 990000007   FICTIF Dominique             infirmier
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from entrepairs.errors import ActionRefused
from entrepairs.networks.services import member_types_for
from entrepairs.professionals import services
from entrepairs.professionals.directory import import_directory
from entrepairs.professionals.identifiers import with_check_digit
from entrepairs.professionals.models import (
    ProfessionalIdentifier,
    Qualification,
    Specialty,
    VerificationAttempt,
)
from tests import factories as f
from tests.professionals.test_directory_import import CARDIOLOGIST, SAMPLE, sample_lines, without

CARDIOLOGIST_RPPS = "10900000018"


@pytest.fixture
def directory(db):
    return import_directory(sample_lines(), source_name="sample")


def verify(user, identifier=CARDIOLOGIST_RPPS, *, identifier_type="rpps", last="Dupont-Exemple", first="Jean-Pierre", profession="10"):  # fmt: skip
    return services.verify_by_directory(
        user,
        identifier_type=identifier_type,
        identifier=identifier,
        last_name=last,
        first_name=first,
        profession=f.profession(profession) if profession else profession,
    )


def snapshot():
    """What a refused verification must leave untouched."""
    return (
        sorted(Qualification.objects.values_list("user_id", "profession_id", "specialty_id", "status")),
        sorted(ProfessionalIdentifier.objects.values_list("user_id", "identifier_type", "value", "verified")),
        Specialty.objects.count(),
    )


# --- Matches ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("last", "first"),
    [
        ("Dupont-Exemple", "Jean-Pierre"),
        ("DUPONT EXEMPLE", "jean pierre"),
        ("dupont-exemple", "JeanPierre"),
        ("Dupont", "Jean-Pierre"),  # one part of the compound last name
    ],
)
def test_match_verifies_the_account_whatever_the_case_hyphens_and_compound_names(directory, last, first):
    user = f.UserFactory()
    before = timezone.now()
    [qualification] = verify(user, last=last, first=first)
    assert qualification.status == Qualification.Status.VERIFIED
    assert qualification.method == Qualification.Method.DIRECTORY
    assert qualification.profession.code == "10"
    assert qualification.specialty.code == "SM04"
    assert qualification.verified_at >= before
    assert qualification.verified_until - qualification.verified_at == timedelta(days=365)
    identifier = ProfessionalIdentifier.objects.get(user=user)
    assert (identifier.identifier_type, identifier.value, identifier.verified) == (
        "rpps",
        CARDIOLOGIST_RPPS,
        True,
    )
    attempt = VerificationAttempt.objects.get(user=user)
    assert (attempt.outcome, attempt.code, attempt.needs_review) == ("verified", "", False)


@pytest.mark.parametrize(
    ("identifier", "last", "first"),
    [
        ("10900000026", "d'artagnan-fictif", "helene"),
        ("10900000026", "D’Artagnan Fictif", "Hélène"),
        ("109 0000 0026", "Dartagnan-Fictif", "HELENE"),
        ("10900000133", "Van der Fictif", "Eloise"),
    ],
)
def test_match_ignores_accents_and_apostrophes(directory, identifier, last, first):
    qualifications = verify(f.UserFactory(), identifier, last=last, first=first)
    assert {q.specialty.code for q in qualifications} >= {"SM26"}


def test_verified_cardiologist_may_join_the_cardiology_network(world, directory):
    user = f.UserFactory()
    assert member_types_for(user, world.cardio) == []
    verify(user)
    assert member_types_for(user, world.cardio) == ["professional"]


def test_specialty_comes_from_the_directory_not_the_declaration(directory):
    user = f.UserFactory()
    f.qualification_factory(
        user, profession_code="10", specialty_code="SM32", verified=False
    )  # declared neurology
    [qualification] = verify(user, "10900000026", last="D'Artagnan-Fictif", first="Hélène")
    assert qualification.specialty.code == "SM26"
    # The declaration is replaced by what the directory says.
    assert list(Qualification.objects.filter(user=user).values_list("specialty__code", "status")) == [
        ("SM26", "verified")
    ]


def test_each_directory_specialty_of_the_profession_gives_a_qualification(directory):
    qualifications = verify(f.UserFactory(), "10900000133", last="Van der Fictif", first="Éloïse")
    assert sorted(q.specialty.code for q in qualifications) == ["SM04", "SM26"]


def test_unknown_specialty_is_created_from_the_directory_label(directory):
    assert not Specialty.objects.filter(code="SM02").exists()
    [qualification] = verify(f.UserFactory(), "10900000034", last="Epreuve", first="Loic")
    specialty = Specialty.objects.get(code="SM02")
    assert qualification.specialty == specialty
    assert specialty.profession.code == "10"
    assert specialty.name_fr == specialty.practitioner_fr == "Anesthésie-réanimation"


def test_profession_without_specialty_gives_a_plain_qualification(directory):
    [qualification] = verify(
        f.UserFactory(), "10900000042", last="Coeur de Lion", first="Anais", profession="21"
    )
    assert qualification.specialty is None
    assert qualification.profession.code == "21"


def test_adeli_number_is_matched_too(directory):
    user = f.UserFactory()
    [qualification] = verify(user, "990000007", identifier_type="adeli", last="Fictif", first="Dominique", profession="60")  # fmt: skip
    assert qualification.profession.code == "60"
    assert ProfessionalIdentifier.objects.get(user=user).identifier_type == "adeli"


def test_verifying_again_renews_without_duplicating(directory):
    user = f.UserFactory()
    [first] = verify(user)
    Qualification.objects.filter(pk=first.pk).update(verified_until=timezone.now() + timedelta(days=3))
    [again] = verify(user)
    assert again.pk == first.pk
    assert again.verified_until > timezone.now() + timedelta(days=360)
    assert Qualification.objects.filter(user=user).count() == 1
    assert ProfessionalIdentifier.objects.filter(user=user).count() == 1


# --- Refusals: one attempt logged, nothing else saved ----------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"identifier": "10900000019"}, "identifier_bad_check_digit", "identifier"),
        ({"identifier": "1090000001"}, "identifier_wrong_length", "identifier"),
        (
            {"identifier": with_check_digit("rpps", "1090005000")},
            "unknown_identifier",
            "identifier",
        ),  # valid Luhn, not listed
        ({"last": "Durand"}, "name_mismatch", "last_name"),
        ({"first": "Paul"}, "name_mismatch", "last_name"),
        ({"profession": "21"}, "profession_mismatch", "profession"),
        (
            {"identifier": "1234567893", "identifier_type": "npi"},
            "directory_not_available",
            "identifier_type",
        ),
        ({"identifier_type": "ssn"}, "unknown_identifier_type", "identifier_type"),
        ({"last": "  "}, "last_name_required", "last_name"),
        ({"profession": None}, "profession_required", "profession"),
    ],
)
def test_refusal_saves_nothing_but_the_logged_attempt(directory, kwargs, code, field):
    user = f.UserFactory()
    f.qualification_factory(user, profession_code="10", specialty_code="SM32", verified=False)
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        verify(user, **kwargs)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert snapshot() == before
    attempt = VerificationAttempt.objects.get(user=user)
    assert (attempt.outcome, attempt.code, attempt.method) == ("refused", code, "directory")
    assert attempt.needs_review is False


def test_refusal_messages_are_clear_sentences(directory):
    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        verify(f.UserFactory(), "10900000019")
    assert "typo" in refused.value.message


def test_unlisted_person_cannot_be_verified(directory):
    import_directory(without(sample_lines(), {CARDIOLOGIST}))
    user = f.UserFactory()
    with pytest.raises(ActionRefused) as refused:
        verify(user)
    assert refused.value.code == "identifier_not_listed"
    assert not Qualification.objects.filter(user=user).exists()


def test_identifier_verified_by_another_account_is_refused_and_flagged(directory):
    owner, impostor = f.UserFactory(), f.UserFactory()
    verify(owner)
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        verify(impostor)
    assert refused.value.code == "identifier_in_use"
    assert snapshot() == before
    assert not Qualification.objects.filter(user=impostor).exists()
    flag = VerificationAttempt.objects.get(user=impostor)
    assert (flag.code, flag.needs_review, flag.conflicting_user) == ("identifier_in_use", True, owner)
    assert list(VerificationAttempt.objects.filter(needs_review=True)) == [flag]


def test_concurrent_claim_of_the_identifier_rolls_everything_back(directory, monkeypatch):
    """Another account claims the identifier between our check and our write (two requests at once):
    the database's unique constraint refuses ours, and the specialty created on the way is undone."""
    owner, late = f.UserFactory(), f.UserFactory()
    original = services._directory_specialties

    def claimed_meanwhile(*args):
        specialties = original(*args)  # creates SM02, unknown to the reference list
        ProfessionalIdentifier.objects.create(
            user=owner, identifier_type="rpps", value="10900000034", verified=True
        )
        return specialties

    monkeypatch.setattr(services, "_directory_specialties", claimed_meanwhile)
    with pytest.raises(ActionRefused) as refused:
        verify(late, "10900000034", last="Epreuve", first="Loic")
    assert refused.value.code == "identifier_in_use"
    assert not Specialty.objects.filter(code="SM02").exists()
    assert not Qualification.objects.filter(user=late).exists()
    assert VerificationAttempt.objects.get(user=late).conflicting_user == owner


# --- Lapsed verifications --------------------------------------------------------------------------
def test_lapsed_directory_verification_closes_the_professional_network(world, directory):
    user = f.UserFactory()
    [qualification] = verify(user)
    assert member_types_for(user, world.cardio) == ["professional"]
    Qualification.objects.filter(pk=qualification.pk).update(
        verified_until=timezone.now() - timedelta(seconds=1)
    )
    assert member_types_for(user, world.cardio) == []


def test_reimport_without_the_person_ends_their_directory_verification(world, directory, tmp_path):
    user = f.UserFactory()
    verify(user)
    smaller = tmp_path / "annuaire.txt"
    smaller.write_bytes(b"".join(without(sample_lines(), {CARDIOLOGIST})))
    call_command("import_annuaire", str(smaller), "--no-progress", stdout=io.StringIO())
    assert member_types_for(user, world.cardio) == []
    assert services.lapse_unlisted_directory_verifications() == 0  # already done by the command
    call_command("import_annuaire", str(SAMPLE), "--no-progress", stdout=io.StringIO())
    verify(user)  # listed again: verifying again works
    assert member_types_for(user, world.cardio) == ["professional"]
