"""Recall and precision of the crisis detector (entrepairs/moderation/crisis.py) on the labeled list
tests/data/crisis_sentences.tsv, overall and per language, with every miss and false alarm listed,
and the time per sentence.

    python -m bench.crisis

The list is synthetic and was written together with the rules: its figures say the rules do what the
list describes (idioms, negations, information about risk), not how they fare on real members' words.
Grow the list with every miss moderators see."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from entrepairs.moderation.crisis import signals_in

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "crisis_sentences.tsv"


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        found = self.true_positive + self.false_negative
        return self.true_positive / found if found else 1.0

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0


def load(path: Path = DATA) -> list[tuple[bool, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, language, sentence = line.split("\t", 2)
        rows.append((label == "1", language, sentence))
    return rows


def evaluate(rows) -> dict[str, Counts]:
    """Counts overall ("all") and per language."""
    counts: dict[str, Counts] = {}
    for expected, language, sentence in rows:
        found = bool(signals_in(sentence))
        for key in ("all", language):
            c = counts.setdefault(key, Counts())
            if found and expected:
                c.true_positive += 1
            elif found:
                c.false_positive += 1
                c.false_alarms.append(sentence)
            elif expected:
                c.false_negative += 1
                c.misses.append(sentence)
            else:
                c.true_negative += 1
    return counts


def main() -> None:
    rows = load()
    started = time.perf_counter()
    counts = evaluate(rows)
    elapsed = time.perf_counter() - started
    positives = sum(1 for expected, _language, _sentence in rows if expected)
    print(f"{len(rows)} sentences ({positives} suggesting a crisis, {len(rows) - positives} not)")
    for key, c in sorted(counts.items()):
        print(
            f"{key:>3}: recall {c.recall:.3f}  precision {c.precision:.3f}  "
            f"(TP {c.true_positive}, FP {c.false_positive}, FN {c.false_negative}, TN {c.true_negative})"
        )
    for sentence in counts["all"].misses:
        print(f"  missed: {sentence}")
    for sentence in counts["all"].false_alarms:
        print(f"  false alarm: {sentence}")
    print(f"{elapsed / len(rows) * 1e6:.0f} µs per sentence")


if __name__ == "__main__":
    main()
