"""The Annuaire Santé import: streaming, grouping, malformed rows, idempotent re-import, unlisting."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from entrepairs.professionals.directory import DirectoryFormatError, import_directory
from entrepairs.professionals.models import (
    DirectoryActivity,
    DirectoryImport,
    DirectoryLabel,
    DirectoryPerson,
)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "annuaire_sample.txt"
SHARED_HEADER = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "annuaire-sante-personne-activite.header.txt"
)

CARDIOLOGIST = "810900000018"  # DUPONT-EXEMPLE Jean-Pierre: three rows, two distinct activities
PHARMACIST = "810900000042"  # CŒUR DE LION Anaïs
NURSE = "0990000007"  # FICTIF Dominique, ADELI

pytestmark = pytest.mark.django_db


def sample_lines() -> list[bytes]:
    return SAMPLE.read_bytes().splitlines(keepends=True)


def test_sample_header_is_the_public_extraction_header():
    if not SHARED_HEADER.exists():
        pytest.skip("shared/data is not beside the repository")
    assert sample_lines()[0].decode().rstrip("\n") == SHARED_HEADER.read_text(encoding="utf-8").rstrip("\n")


def test_sample_import_counts_rows_people_and_activities():
    run = import_directory(sample_lines(), source_name="sample")
    assert run.status == DirectoryImport.Status.FINISHED
    assert (run.rows_read, run.rows_imported, run.malformed_count) == (30, 25, 5)
    assert run.people_imported == 18 == DirectoryPerson.objects.count()
    assert DirectoryActivity.objects.count() == 23  # identical activities at two workplaces stored once


def test_rows_of_one_person_are_grouped_with_their_activities():
    import_directory(sample_lines())
    person = DirectoryPerson.objects.get(national_id=CARDIOLOGIST)
    assert (person.last_name, person.first_name, person.identifier_type, person.identifier) == (
        "DUPONT-EXEMPLE",
        "Jean-Pierre",
        "rpps",
        "10900000018",
    )
    activities = sorted(person.activities.values_list("profession_code", "savoir_faire_code", "mode_code"))
    assert activities == [("10", "SM04", "L"), ("10", "SM04", "S")]
    nurse = DirectoryPerson.objects.get(national_id=NURSE)
    assert nurse.identifier_type == "adeli"
    assert nurse.activities.count() == 2


def test_labels_of_codes_are_kept_once():
    import_directory(sample_lines())
    assert DirectoryLabel.objects.get(kind="savoir_faire", code="SM02").label == "Anesthésie-réanimation"
    assert DirectoryLabel.objects.get(kind="profession", code="39").label == "Préparateur en pharmacie"


def test_malformed_rows_are_reported_with_line_numbers_and_reasons():
    run = import_directory(sample_lines())
    reasons = dict(run.malformed_samples)
    assert sorted(reasons) == [27, 28, 29, 30, 31]
    assert "columns" in reasons[27]
    assert "digits" in reasons[28]
    assert "check digit" in reasons[29]
    assert "unknown identifier type" in reasons[30]
    assert "9 digits" in reasons[31]
    assert not DirectoryPerson.objects.filter(
        last_name__in=["TRONQUÉ", "LETTRE", "COQUILLE", "INCONNU", "COURT"]
    )


def test_undecodable_line_is_malformed_and_the_import_goes_on():
    lines = sample_lines()
    lines.insert(
        3, "8|10900000999|810900000999|DR|Docteur|".encode("latin-1") + "É".encode("latin-1") + b"|\n"
    )
    run = import_directory(lines)
    assert [4, "not valid UTF-8"] in run.malformed_samples
    assert run.people_imported == 18


def test_reimport_is_idempotent():
    first = import_directory(sample_lines())
    second = import_directory(sample_lines())
    assert (second.rows_imported, second.people_imported, second.malformed_count) == (
        first.rows_imported,
        first.people_imported,
        first.malformed_count,
    )
    assert second.people_unlisted == 0
    assert DirectoryPerson.objects.count() == 18
    assert DirectoryActivity.objects.count() == 23
    assert set(DirectoryActivity.objects.values_list("import_run", flat=True)) == {second.pk}


def without(lines: list[bytes], national_ids: set[str]) -> list[bytes]:
    return [line for line in lines if line.split(b"|")[2].decode() not in national_ids]


def test_people_absent_from_a_new_file_become_unlisted_and_come_back_when_listed_again():
    import_directory(sample_lines())
    run = import_directory(without(sample_lines(), {CARDIOLOGIST, NURSE}))
    assert run.people_unlisted == 2
    assert set(DirectoryPerson.objects.filter(listed=False).values_list("national_id", flat=True)) == {
        CARDIOLOGIST,
        NURSE,
    }
    assert DirectoryPerson.objects.count() == 18  # kept for reviewers, not deleted
    import_directory(sample_lines())
    assert not DirectoryPerson.objects.filter(listed=False).exists()


def test_a_truncated_file_does_not_unlist_most_people_unless_allowed():
    import_directory(sample_lines())
    truncated = sample_lines()[:3]  # header and the cardiologist only
    run = import_directory(truncated)
    assert run.people_unlisted == 0
    assert "left listed" in run.error
    assert not DirectoryPerson.objects.filter(listed=False).exists()
    run = import_directory(truncated, allow_shrink=True)
    assert run.people_unlisted == 17


def test_reimport_replaces_a_persons_activities():
    import_directory(sample_lines())
    changed = [
        line.replace(
            b"|SM04|Cardiologie et maladies vasculaires|",
            b"|SM26|Qualifi\xc3\xa9 en M\xc3\xa9decine G\xc3\xa9n\xc3\xa9rale|",
        )
        if CARDIOLOGIST.encode() in line
        else line
        for line in sample_lines()
    ]
    import_directory(changed)
    person = DirectoryPerson.objects.get(national_id=CARDIOLOGIST)
    assert set(person.activities.values_list("savoir_faire_code", flat=True)) == {"SM26"}


def test_rows_of_one_person_that_are_not_consecutive_keep_all_activities():
    lines = sample_lines()
    pharmacist_rows = [line for line in lines if PHARMACIST.encode() in line]
    others = [line for line in lines if PHARMACIST.encode() not in line]
    # One pharmacist row first, the other last, with many batches (batch_size=1) in between.
    reordered = [others[0], pharmacist_rows[0], *others[1:], pharmacist_rows[1]]
    import_directory(sample_lines(), batch_size=1)
    import_directory(reordered, batch_size=1)
    person = DirectoryPerson.objects.get(national_id=PHARMACIST)
    assert sorted(person.activities.values_list("mode_code", flat=True)) == ["L", "S"]


def test_columns_are_found_by_name_not_position():
    rows = [line.decode().rstrip("\n").split("|") for line in sample_lines()]
    # Swap first and last names, and profession code and label, in the header and every row.
    swapped = []
    for fields in rows:
        fields[7], fields[8] = fields[8], fields[7]
        fields[9], fields[10] = fields[10], fields[9]
        swapped.append("|".join(fields) + "\n")
    run = import_directory(swapped)
    assert run.people_imported == 18
    person = DirectoryPerson.objects.get(national_id=CARDIOLOGIST)
    assert person.last_name == "DUPONT-EXEMPLE"
    assert person.activities.first().profession_code == "10"


def test_a_file_without_the_expected_columns_is_refused_before_writing_anything():
    lines = sample_lines()
    lines[0] = lines[0].replace(b"Nom d'exercice", b"Nom")
    with pytest.raises(DirectoryFormatError, match="Nom d'exercice"):
        import_directory(lines)
    assert not DirectoryPerson.objects.exists()
    assert DirectoryImport.objects.get().status == DirectoryImport.Status.FAILED


def test_import_streams_its_input_line_by_line():
    """The importer takes any iterator (here a generator, which has no read() or readlines()) and
    writes batches while it is still reading: nothing is loaded whole."""
    people_written_while_reading = []

    def lines():
        for number, line in enumerate(sample_lines()):
            if number == 20:
                people_written_while_reading.append(DirectoryPerson.objects.count())
            yield line

    run = import_directory(lines(), batch_size=2)
    assert run.people_imported == 18
    assert people_written_while_reading[0] > 0


def test_command_prints_a_summary_with_malformed_lines_and_progress_on_stderr():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_annuaire", str(SAMPLE), "--batch-size", "3", stdout=out, stderr=err)
    summary = out.getvalue()
    assert "30 rows read, 25 imported" in summary
    assert "18 people listed" in summary
    assert "5 malformed" in summary
    assert "line 29: RPPS 10900000209 has a wrong check digit" in summary
    assert "annuaire: 100.0% 30 rows read" in err.getvalue()


def test_command_refuses_a_missing_file_or_a_foreign_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_annuaire", str(tmp_path / "absent.txt"))
    foreign = tmp_path / "foreign.txt"
    foreign.write_text("a|b|c|\n1|2|3|\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not an Annuaire Santé extraction"):
        call_command("import_annuaire", str(foreign))
