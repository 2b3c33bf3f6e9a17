"""How the combination warning (privacy/quasi.py) does: on the labeled set of combinations
(tests/data/quasi_combinations.tsv: how many identifying posts it warns on, how many ordinary ones)
and on ordinary posts (every post of the privacy corpora and held-out sets, which contain personal
data but were not written as combinations): how often it warns.

    python -m tests.privacy.quasi_eval [threshold]
"""

import json
import sys
import time
from pathlib import Path

from entrepairs.privacy import quasi

DATA = Path(__file__).resolve().parent.parent / "data"
LABELED = DATA / "quasi_combinations.tsv"
ORDINARY = ["pii_corpus.jsonl", "pii_heldout.jsonl", "pii_heldout_gaps.jsonl"]
DEFAULT_THRESHOLD = 50


def labeled() -> list[tuple[int, str]]:
    rows = []
    for line in LABELED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((int(label), text))
    return rows


def ordinary_posts() -> list[tuple[str, str]]:
    posts = []
    for name in ORDINARY:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            posts.append((record["text"], record.get("lang") or "fr"))
    return posts


def measure(threshold: int = DEFAULT_THRESHOLD) -> dict:
    rows = labeled()
    identifying = [text for label, text in rows if label]
    plain = [text for label, text in rows if not label]
    lang = lambda text: "en" if text.startswith(("I'm", "My ", "I ")) else "fr"  # noqa: E731
    warned_identifying = sum(quasi.assess(text, lang(text)).identifying(threshold) for text in identifying)
    warned_plain = sum(quasi.assess(text, lang(text)).identifying(threshold) for text in plain)
    posts = ordinary_posts()
    started = time.perf_counter()
    warned_posts = [text for text, post_lang in posts if quasi.assess(text, post_lang).identifying(threshold)]
    elapsed = time.perf_counter() - started
    return {
        "threshold": threshold,
        "identifying": len(identifying),
        "identifying_warned": warned_identifying,
        "ordinary_labeled": len(plain),
        "ordinary_labeled_warned": warned_plain,
        "ordinary_posts": len(posts),
        "ordinary_posts_warned": len(warned_posts),
        "ms_per_post": round(1000 * elapsed / max(len(posts), 1), 3),
        "warned_examples": warned_posts[:5],
    }


if __name__ == "__main__":
    print(
        json.dumps(
            measure(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_THRESHOLD),
            ensure_ascii=False,
            indent=1,
        )
    )
