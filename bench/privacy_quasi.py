"""Cost of the combination estimate (privacy/quasi.py) that the composer's live check runs after the
scan: `quasi.assess` per post, in CPU time (best of several passes: the machine is shared), on the
privacy bench's generated posts and on the combinations' labeled set (tests/privacy/quasi_corpus.py).

    python -m bench.privacy_quasi [--passes 7]
"""

import argparse
import time

from bench.privacy import generate_documents
from entrepairs.privacy import quasi
from tests.privacy.quasi_corpus import SEEDS, generate


def docs_per_second(texts: list[tuple[str, str]], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        for text, lang in texts:
            quasi.assess(text, lang)
        best = min(best, time.process_time() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=7)
    args = parser.parse_args()
    quasi.towns()  # read once per process at start, as the app does
    bench_posts = [(text, lang) for lang, text in generate_documents(400, 7)]
    combinations = [(post.text, post.lang) for part, seed in SEEDS.items() for post in generate(seed, part)]
    for name, texts in (("privacy bench posts", bench_posts), ("combination set", combinations)):
        rate = docs_per_second(texts, args.passes)
        print(f"{name}: {len(texts)} posts, {rate:,.0f} docs/s, {1000 / rate:.3f} ms per post")


if __name__ == "__main__":
    main()
