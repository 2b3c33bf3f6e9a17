"""A generated labeled set for the combination warning (privacy/quasi.py): posts in French and English
that give, or do not give, details which together single out their author.

Each post is built from details the generator chose (an exact age or a birth year, a town, a rare
or a common condition, a profession, a precise date, children's ages), written in one of many
phrasings, in varied order, among ordinary sentences and hard negatives (durations in years, other
people's ages, lab values, large cities, appointment dates of the doctor, common diseases). The label
comes from what was written, not from what the detector reads: the generator computes how many
people fit the details with the same population model the estimator uses (the town's population or
France's, times the share of each other detail), and a post is **risky** when at least two kinds of
details leave fewer than THRESHOLD people. So recall measures how well the detector finds details
written in ways it was not written for, and the warn rate on ordinary posts how often it sees
details that are not there.

Two parts: `dev` (seed 1611) and `heldout` (seed 1612). They draw towns, professions and conditions
from different halves of each list, and the held-out part has phrasings of its own. The estimator
was looked at on the dev part only.

    python -m tests.privacy.quasi_corpus            # figures for both parts
    python -m tests.privacy.quasi_corpus -v         # and the misses
"""

import json
import random
import sys
from dataclasses import dataclass
from functools import cache

from entrepairs.privacy import quasi

THRESHOLD = 50
POSTS_PER_PART = 400
SEEDS = {"dev": 1611, "heldout": 1612}

RARE = [
    ("la mucoviscidose", "cystic fibrosis", 1e-4), ("une maladie de Fabry", "Fabry disease", 2e-5),
    ("une sclérodermie", "scleroderma", 1e-4), ("une myasthénie", "myasthenia gravis", 2e-4),
    ("une amylose", "amyloidosis", 5e-5), ("un glioblastome", "a glioblastoma", 5e-5),
    ("la maladie de Huntington", "Huntington's disease", 5e-5), ("un syndrome de Marfan", "Marfan syndrome", 2e-4),
    ("une hémophilie", "haemophilia", 1e-4), ("un mésothéliome", "a mesothelioma", 2e-5),
    ("une maladie de Wilson", "Wilson's disease", 3e-5), ("une sarcoïdose", "sarcoidosis", 3e-4),
    ("une neurofibromatose", "neurofibromatosis", 3e-4), ("un sarcome d'Ewing", "Ewing sarcoma", 5e-6),
    ("une maladie de Still", "Still's disease", 2e-5), ("une drépanocytose", "sickle cell disease", 5e-4),
]  # fmt: skip
COMMON = [
    ("un diabète de type 2", "type 2 diabetes"), ("un cancer du sein", "breast cancer"),
    ("de l'asthme", "asthma"), ("une dépression", "depression"), ("de l'hypertension", "high blood pressure"),
    ("une polyarthrite", "rheumatoid arthritis"), ("une sclérose en plaques", "multiple sclerosis"),
    ("de l'endométriose", "endometriosis"),
]  # fmt: skip
PROFESSIONS = [
    ("infirmière", "a nurse"), ("boulanger", "a baker"), ("enseignante", "a teacher"), ("agriculteur", "a farmer"),
    ("pharmacienne", "a pharmacist"), ("pompier", "a firefighter"), ("coiffeuse", "a hairdresser"),
    ("comptable", "an accountant"), ("sage-femme", "a midwife"), ("plombier", "a plumber"),
    ("secrétaire", "a secretary"), ("vétérinaire", "a vet"), ("journaliste", "a journalist"),
    ("fleuriste", "a florist"), ("électricien", "an electrician"), ("dentiste", "a dentist"),
]  # fmt: skip
BIG_CITIES = [
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Bordeaux",
    "Nantes",
    "Lille",
    "Rennes",
    "Montpellier",
]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]  # fmt: skip
FILLER_FR = [
    "Je voulais partager mon expérience avec vous.", "Merci d'avance pour vos réponses.",
    "La fatigue est toujours là, surtout le soir.", "Mon médecin m'a dit d'être patiente.",
    "Est-ce que quelqu'un a eu les mêmes effets secondaires ?", "Le traitement commence à faire effet.",
    "Je dors mal depuis quelques semaines.", "Courage à tous ceux qui passent par là.",
]  # fmt: skip
FILLER_EN = [
    "I wanted to share my experience.", "Thanks in advance for any answers.", "The fatigue is still there.",
    "My doctor told me to be patient.", "Has anyone had the same side effects?", "I sleep badly lately.",
    "Sending strength to everyone going through this.", "The treatment is starting to work.",
]  # fmt: skip
# Things that look like details and are not the author's (or narrow nothing).
NEGATIVE_FR = [
    "Je suis malade depuis {n} ans.", "Il y a {n} ans, j'ai arrêté de fumer.", "Mon père a {old} ans et m'aide beaucoup.",
    "Mon HbA1c est à 7,{d} depuis {n} mois.", "J'ai vu un spécialiste à {city}.", "Le CHU de {city} est loin.",
    "J'ai rendez-vous le {day} {month} pour une IRM.", "Ma grand-mère avait {old} ans quand elle est partie.",
    "Je prends 20 mg de méthotrexate par semaine.", "Le bilan sera fait dans {n} jours.",
]  # fmt: skip
NEGATIVE_EN = [
    "I've been ill for {n} years.", "{n} years ago I quit smoking.", "My dad is {old} and helps a lot.",
    "My HbA1c has been 7.{d} for {n} months.", "I saw a specialist in {city_en}.",
    "My appointment is on {month_en} {day} for an MRI.", "My grandmother was {old} when she passed.",
    "I take 20 mg of methotrexate a week.", "Results come in {n} days.",
]  # fmt: skip


@dataclass(frozen=True)
class Post:
    text: str
    lang: str
    risky: bool
    kinds: tuple[str, ...]  # the details written in it
    people: float  # how many people they fit (the generator's own count)


@cache
def _small_towns() -> list[tuple[str, int]]:
    """Towns of 500 to 20,000 inhabitants whose name is unique and reads as a name (no article)."""
    table = {}
    for line in quasi.DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        name, population, _region = line.split("\t")
        if 500 <= int(population) < 20_000 and name[0].isupper() and " " not in name:
            table.setdefault(name, int(population))
    return sorted(table.items())


def _half(items: list, part: str) -> list:
    """Even items for dev, odd ones for the held-out part: no town, profession or condition is shared."""
    return items[0::2] if part == "dev" else items[1::2]


def _age_fr(rng, age, part) -> str:
    choices = [f"J'ai {age} ans", f"{age} ans", f"Âgée de {age} ans", f"j'ai {age} ans"]
    if part == "heldout":
        choices += [f"Moi, {age} ans", f"à {age} ans"]
    return rng.choice(choices)


def _age_en(rng, age, part) -> str:
    choices = [f"I'm {age}", f"I am {age} years old", f"{age} years old", f"I'm {age} years old"]
    if part == "heldout":
        choices += [f"I turned {age} last month", f"aged {age}"]
    return rng.choice(choices)


def _detail(rng, kind: str, lang: str, part: str, pools: dict) -> tuple[str, float, int]:
    """(phrase, share, town population or 0) for one detail of `kind`."""
    if kind == "AGE":
        age = rng.randint(19, 88)
        return (_age_fr if lang == "fr" else _age_en)(rng, age, part), 1 / 80, 0
    if kind == "BIRTH_YEAR":
        year = rng.randint(1940, 2004)
        phrase = rng.choice([f"née en {year}", f"né en {year}"]) if lang == "fr" else f"born in {year}"
        return phrase, 1 / 80, 0
    if kind == "TOWN":
        name, population = rng.choice(pools["towns"])
        if lang == "fr":
            cue = rng.choice(["j'habite à", "je vis à", "près de", "à", "nous vivons à"])
        else:
            cue = rng.choice(["I live in", "near", "in", "we live in"])
        return f"{cue} {name}", 1.0, population
    if kind == "CONDITION":
        fr, en, share = rng.choice(pools["rare"])
        if lang == "fr":
            phrase = rng.choice([f"on m'a diagnostiqué {fr}", f"j'ai {fr}", f"je vis avec {fr}"])
        else:
            phrase = rng.choice([f"I was diagnosed with {en}", f"I have {en}", f"I live with {en}"])
        return phrase, share, 0
    if kind == "PROFESSION":
        fr, en = rng.choice(pools["professions"])
        if lang == "fr":
            options = [f"je suis {fr}", f"je travaille comme {fr}"]
            if part == "heldout":
                options.append(f"mon métier : {fr}")
        else:
            options = [f"I'm {en}", f"I work as {en}"]
        return rng.choice(options), 1 / 150, 0
    if kind == "EVENT_DATE":
        day, month, year = rng.randint(1, 28), rng.randint(0, 11), rng.randint(2019, 2025)
        if lang == "fr":
            return (
                rng.choice(["opérée le", "diagnostiquée le", "hospitalisée le"])
                + f" {day} {MONTHS_FR[month]} {year}",
                1 / 365,
                0,
            )
        return rng.choice(["operated on", "diagnosed on", "admitted on"]) + f" {MONTHS_EN[month]} {day}, {year}", 1 / 365, 0  # fmt: skip
    if kind == "CHILD_AGE":
        ages = sorted(rng.sample(range(1, 17), rng.choice([1, 2])))
        if lang == "fr":
            phrase = (
                f"mon fils de {ages[0]} ans"
                if len(ages) == 1
                else f"mes enfants de {ages[0]} et {ages[1]} ans"
            )
        else:
            phrase = f"my son is {ages[0]} years old" if len(ages) == 1 else f"my kids are {ages[0]} and {ages[1]} years old"  # fmt: skip
        return phrase, (1 / 10) ** len(ages), 0
    raise ValueError(kind)


KINDS = ["AGE", "BIRTH_YEAR", "TOWN", "CONDITION", "PROFESSION", "EVENT_DATE", "CHILD_AGE"]


def _sentence(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:] + "."


def _negatives(rng, lang: str, count: int) -> list[str]:
    values = {
        "n": rng.randint(2, 30), "old": rng.randint(60, 95), "d": rng.randint(0, 9),
        "city": rng.choice(BIG_CITIES), "city_en": rng.choice(["London", "Chicago", "Paris", "Boston"]),
        "day": rng.randint(1, 28), "month": rng.choice(MONTHS_FR), "month_en": rng.choice(MONTHS_EN),
    }  # fmt: skip
    pool = NEGATIVE_FR if lang == "fr" else NEGATIVE_EN
    return [template.format(**values) for template in rng.sample(pool, count)]


def _common_condition(rng, lang: str) -> str:
    fr, en = rng.choice(COMMON)
    return (
        rng.choice([f"J'ai {fr}.", f"On m'a trouvé {fr} l'an dernier."]) if lang == "fr" else f"I have {en}."
    )


def generate(seed: int, part: str, count: int = POSTS_PER_PART) -> list[Post]:
    rng = random.Random(seed)
    pools = {
        "towns": _half(_small_towns(), part),
        "rare": _half(RARE, part),
        "professions": _half(PROFESSIONS, part),
    }
    posts = []
    for index in range(count):
        lang = "fr" if index % 2 == 0 else "en"
        # Half the posts carry two to four details, the other half none or one.
        many = rng.random() < 0.5
        kinds = rng.sample(KINDS, rng.randint(2, 4) if many else rng.randint(0, 1))
        if "AGE" in kinds and "BIRTH_YEAR" in kinds:
            kinds.remove("BIRTH_YEAR")
        phrases, people, town = [], float(quasi.FRANCE), 0
        for kind in kinds:
            phrase, share, population = _detail(rng, kind, lang, part, pools)
            phrases.append(phrase)
            if population:
                town = population
            else:
                people *= share
        if town:
            people = people / quasi.FRANCE * town
        # Details in one sentence ("J'ai 47 ans, je suis infirmière à ...") or spread over several.
        if phrases and rng.random() < 0.5:
            details = [_sentence(", ".join(phrases))]
        else:
            details = [_sentence(phrase) for phrase in phrases]
        sentences = details + _negatives(rng, lang, rng.randint(0, 2))
        if rng.random() < 0.3:
            sentences.append(_common_condition(rng, lang))
        filler = FILLER_FR if lang == "fr" else FILLER_EN
        sentences += rng.sample(filler, rng.randint(1, 2))
        rng.shuffle(sentences)
        risky = len(kinds) >= 2 and people < THRESHOLD
        posts.append(Post(" ".join(sentences), lang, risky, tuple(kinds), people))
    return posts


def score(posts: list[Post], threshold: int = THRESHOLD) -> dict:
    risky = [post for post in posts if post.risky]
    ordinary = [post for post in posts if not post.risky]
    warned = {id(post) for post in posts if quasi.assess(post.text, post.lang).identifying(threshold)}
    found = sum(id(post) in warned for post in risky)
    false = sum(id(post) in warned for post in ordinary)
    return {
        "posts": len(posts),
        "risky": len(risky),
        "recall_on_risky": round(found / max(len(risky), 1), 3),
        "ordinary": len(ordinary),
        "warn_rate_on_ordinary": round(false / max(len(ordinary), 1), 3),
        "misses": [post.text for post in risky if id(post) not in warned],
        "false_warnings": [post.text for post in ordinary if id(post) in warned],
    }


def figures(verbose: bool = False) -> dict:
    result = {}
    for part, seed in SEEDS.items():
        posts = generate(seed, part)
        scored = score(posts)
        by_lang = {lang: score([post for post in posts if post.lang == lang]) for lang in ("fr", "en")}
        for lang, values in by_lang.items():
            scored[f"{lang}: recall / warn rate"] = (
                values["recall_on_risky"],
                values["warn_rate_on_ordinary"],
            )
        if not verbose:
            scored.pop("misses"), scored.pop("false_warnings")
        result[part] = scored
    return result


if __name__ == "__main__":
    print(json.dumps(figures("-v" in sys.argv), ensure_ascii=False, indent=1))
