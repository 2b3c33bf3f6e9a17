"""Cost of the privacy check on submit: `policy.evaluate` over what a member publishes, rule path and
model path, per post (one field) and per clinical case (five fields), with the latency percentiles
that matter on the request path and the one-off cost of the first call in a fresh process.

    python -m bench.privacy_policy [--documents 400] [--seed 7]

The texts are the privacy bench's generated posts (bench/privacy.py): half French, half English,
4 to 8 sentences, about a third of the sentences with personal data. No database: `evaluate` is pure
(the network's kind, language and overrides are read from the object passed in).
"""

import argparse
import platform
import statistics
import time
from datetime import UTC, datetime
from types import SimpleNamespace

from bench.privacy import generate_documents
from entrepairs.privacy import policy

NETWORKS = {
    "patients": SimpleNamespace(kind="patients", language="fr", privacy_overrides={}),
    "professionals": SimpleNamespace(kind="professionals", language="fr", privacy_overrides={}),
}


def _timings(call, items, *, min_seconds: float) -> list[float]:
    """Milliseconds per call, over as many rounds of `items` as fit in `min_seconds`."""
    samples: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < min_seconds:
        for item in items:
            before = time.perf_counter()
            call(item)
            samples.append((time.perf_counter() - before) * 1000)
    return samples


def _report(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"  {label:<44} mean {statistics.fmean(ordered):6.2f} ms  p50 {statistics.median(ordered):6.2f} ms  "
        f"p95 {p95:6.2f} ms  max {ordered[-1]:6.2f} ms  ({len(ordered)} calls)"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)

    documents = generate_documents(args.documents, args.seed)
    posts = [{"title": "Une question", "body": text} for _lang, text in documents]
    # A clinical case: five fields of about one generated post each.
    cases = [
        {name: documents[(index + shift) % len(documents)][1] for shift, name in enumerate(
            ("title", "context", "history", "examinations", "question"))}
        for index in range(0, len(documents), 5)
    ]  # fmt: skip
    size = sum(len(text.encode()) for _lang, text in documents) / len(documents)
    print(
        f"Privacy check on submit, {datetime.now(tz=UTC).date().isoformat()}, {platform.machine()}, "
        f"Python {platform.python_version()}, one process"
    )
    print(f"{len(documents)} generated posts (seed {args.seed}), {size:.0f} bytes each on average\n")

    patients, professionals = NETWORKS["patients"], NETWORKS["professionals"]
    started = time.perf_counter()
    policy.evaluate(posts[0], patients)
    print(
        f"First call, rule path (imports, compiled patterns):  {(time.perf_counter() - started) * 1000:7.0f} ms"
    )
    started = time.perf_counter()
    policy.evaluate(posts[0], patients, use_model=True)
    print(
        f"First call, model path (loads spaCy fr_core_news_sm): {(time.perf_counter() - started) * 1000:7.0f} ms\n"
    )

    print("Per submission:")
    for use_model in (False, True):
        path = "model" if use_model else "rule"
        _report(
            f"post (title + body), {path} path",
            _timings(lambda item, model=use_model: policy.evaluate(item, patients, use_model=model), posts,
                     min_seconds=args.seconds),
        )  # fmt: skip
        _report(
            f"clinical case (5 fields), {path} path",
            _timings(
                lambda item, model=use_model: policy.evaluate(
                    item, professionals, context=policy.CASE, use_model=model
                ),
                cases, min_seconds=args.seconds,
            ),
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
