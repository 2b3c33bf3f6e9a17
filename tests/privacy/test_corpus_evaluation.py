"""The labeled corpus: every span is well formed, and scan reaches recall 0.95 / precision 0.90 overall.

The per-kind table is printed (run with `-s` to see it). The corpus was written before the detector,
from the issue's description; see docs/privacy.md for how it was built and what it does not prove.
"""

import pytest

from entrepairs.privacy import KINDS, scan
from tests.privacy.corpus import (
    HELDOUT_GAPS_JSONL_PATH,
    HELDOUT_GAPS_MARKED_PATH,
    HELDOUT_JSONL_PATH,
    HELDOUT_MARKED_PATH,
    JSONL_PATH,
    MARKED_PATH,
    build_records,
    evaluate,
    load_corpus,
)

MIN_RECALL = 0.95
MIN_PRECISION = 0.90


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(JSONL_PATH)


@pytest.mark.parametrize(
    "marked, jsonl, prefix",
    [
        (MARKED_PATH, JSONL_PATH, ""),
        (HELDOUT_MARKED_PATH, HELDOUT_JSONL_PATH, "heldout-"),
        (HELDOUT_GAPS_MARKED_PATH, HELDOUT_GAPS_JSONL_PATH, "gaps-"),
    ],
)
def test_jsonl_is_the_marked_source_regenerated(marked, jsonl, prefix):
    # Edit the marked file, then run `python -m tests.privacy.corpus`.
    assert load_corpus(jsonl) == build_records(marked, prefix)


def test_corpus_is_large_bilingual_and_rich_in_hard_negatives(corpus):
    languages = {record["lang"] for record in corpus}
    negatives = [record for record in corpus if not record["spans"]]
    assert len(corpus) >= 300
    assert languages == {"fr", "en"}
    assert len(negatives) >= 150
    assert {span["kind"] for record in corpus for span in record["spans"]} == set(KINDS)


@pytest.mark.parametrize("path", [JSONL_PATH, HELDOUT_JSONL_PATH, HELDOUT_GAPS_JSONL_PATH])
def test_every_span_has_valid_offsets_and_a_known_kind(path):
    records = load_corpus(path)
    ids = [record["id"] for record in records]
    assert len(ids) == len(set(ids))
    for record in records:
        text, spans = record["text"], record["spans"]
        assert record["lang"] in ("fr", "en")
        previous_end = 0
        for span in spans:
            assert span["kind"] in KINDS, record["id"]
            assert previous_end <= span["start"] < span["end"] <= len(text), record["id"]
            value = text[span["start"] : span["end"]]
            assert value == value.strip() and value, record["id"]
            previous_end = span["end"]


def _predictions(use_model: bool):
    def predict(record):
        return [(f.start, f.end, f.kind) for f in scan(record["text"], record["lang"], use_model=use_model)]

    return predict


def test_rule_path_meets_the_precision_and_recall_floor(corpus):
    evaluation = evaluate(corpus, _predictions(use_model=False))
    print("\nRule path (use_model=False) on tests/data/pii_corpus.jsonl\n" + evaluation.table())
    print("\n".join(evaluation.errors))
    assert evaluation.overall.recall >= MIN_RECALL
    assert evaluation.overall.precision >= MIN_PRECISION


def test_model_path_meets_the_precision_and_recall_floor(corpus, french_model):
    evaluation = evaluate(corpus, _predictions(use_model=True))
    print("\nModel path (use_model=True) on tests/data/pii_corpus.jsonl\n" + evaluation.table())
    print("\n".join(evaluation.errors))
    assert evaluation.overall.recall >= MIN_RECALL
    assert evaluation.overall.precision >= MIN_PRECISION


def test_heldout_set_is_reported(french_model):
    # Written after the rules and not used to tune them: reported, not gated at the same floor (its
    # first measurement and the current one are in docs/privacy.md). A floor well under the main
    # gate still catches a regression that would break names or identifiers wholesale.
    records = load_corpus(HELDOUT_JSONL_PATH)
    evaluation = evaluate(records, _predictions(use_model=True))
    print("\nModel path on the held-out set tests/data/pii_heldout.jsonl\n" + evaluation.table())
    print("\n".join(evaluation.errors))
    assert evaluation.overall.precision >= MIN_PRECISION
    assert evaluation.overall.recall >= 0.8


def test_heldout_set_for_the_detection_gaps_is_reported():
    # Written before the rules for nicknames, kinship words, capitals, signatures, surnames after a
    # visit... and never used to tune them (docs/privacy.md has its figures before and after). The
    # floor catches a regression, it is not the measured figure.
    records = load_corpus(HELDOUT_GAPS_JSONL_PATH)
    evaluation = evaluate(records, _predictions(use_model=False))
    print("\nRule path on tests/data/pii_heldout_gaps.jsonl\n" + evaluation.table())
    print("\n".join(evaluation.errors))
    assert evaluation.overall.precision >= MIN_PRECISION
    assert evaluation.overall.recall >= 0.8
