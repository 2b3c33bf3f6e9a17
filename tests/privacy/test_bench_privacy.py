"""The privacy bench's generated corpus is reproducible, and what it plants is what scan finds."""

from bench.privacy import generate_documents
from entrepairs.privacy import scan


def test_generated_documents_are_reproducible_for_a_seed():
    assert generate_documents(30, seed=3) == generate_documents(30, seed=3)
    assert generate_documents(30, seed=3) != generate_documents(30, seed=4)
    assert {lang for lang, _ in generate_documents(30, seed=3)} == {"fr", "en"}


def test_planted_emails_and_identifiers_are_found_in_generated_documents():
    for lang, text in generate_documents(60, seed=5):
        found = {finding.kind for finding in scan(text, lang)}
        if "@example." in text:
            assert "EMAIL" in found
        if "numéro de sécu" in text:
            assert "NIR" in found
        if "cagnotte" in text:
            assert "IBAN" in found


def test_the_real_writing_bench_reports_scan_without_the_other_tools(capsys):
    from bench.privacy_realistic import main

    assert main(["--skip-others", "--seconds", "0"]) == 0
    output = capsys.readouterr().out
    assert "| scan, rule path | 0.9" in output
    assert "held-out, per kind" in output
