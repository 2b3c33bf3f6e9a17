"""Details that identify together (quasi-identifiers): "47 ans, infirmière à Plouha, maladie de
Fabry, opérée le 12 mars" names nobody, yet few people in France fit all of it.

`assess(text)` finds such details and estimates how many people could have written the post: France's
population, or the population of the town named, times the share of people who share each other
detail (an exact age: about 1 in 80; a profession: 1 in 150; a rare condition: its prevalence class;
a precise date of an event: 1 in 365; each child's exact age: 1 in 10). Details are treated as
independent, which they are not quite: the figure is an order of magnitude, not a probability. When it
falls below the network's threshold, the composer says "together, these details could let someone
recognise you" and suggests what to say instead ("une ville de Bretagne", "la quarantaine"). It never
blocks: the member decides.

Towns: GeoNames' places of 500 inhabitants or more in France (populations from INSEE's census),
committed as data/towns_fr.tsv by tests/privacy/build_towns_data.py. A town is recognised after a
word that introduces a place ("à", "près de", "habite", "in", "near"...), so that "Rose" or "Vila"
alone are not read as towns. No Django here (the privacy engine's contract).
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FRANCE = 68_000_000
# Towns up to this size are shown as a detail to generalise; a larger city narrows too, but saying
# "Lyon" is ordinary and the suggestion would read as fussy.
SMALL_TOWN = 100_000
DATA = Path(__file__).resolve().parent / "data" / "towns_fr.tsv"

REGIONS = {
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté", "28": "Normandie",
    "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire", "53": "Bretagne",
    "75": "Nouvelle-Aquitaine", "76": "Occitanie", "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}  # fmt: skip

# Rare conditions and the share of people living with them, by Orphanet's prevalence classes
# (1-9 / 10,000; 1-9 / 100,000; 1-9 / 1,000,000; < 1 / 1,000,000), taken at the class's middle.
# Common conditions (diabetes, breast cancer...) are what whole networks share: not listed.
RARE_CONDITIONS = {
    "sclérose latérale amyotrophique": 5e-5, "amyotrophic lateral sclerosis": 5e-5, "maladie de charcot": 5e-5,
    "mucoviscidose": 1e-4, "cystic fibrosis": 1e-4, "drépanocytose": 5e-4, "sickle cell": 5e-4,
    "maladie de huntington": 5e-5, "huntington's disease": 5e-5, "huntington": 5e-5,
    "myopathie de duchenne": 3e-5, "duchenne": 3e-5, "maladie de fabry": 2e-5, "fabry disease": 2e-5,
    "maladie de gaucher": 1e-5, "gaucher disease": 1e-5, "maladie de pompe": 1e-5, "pompe disease": 1e-5,
    "syndrome de marfan": 2e-4, "marfan syndrome": 2e-4, "syndrome d'ehlers-danlos": 2e-4, "ehlers-danlos": 2e-4,
    "hémophilie": 1e-4, "haemophilia": 1e-4, "hemophilia": 1e-4, "myasthénie": 2e-4, "myasthenia gravis": 2e-4,
    "sclérodermie": 1e-4, "scleroderma": 1e-4, "maladie de wilson": 3e-5, "wilson's disease": 3e-5,
    "syndrome de rett": 1e-4, "rett syndrome": 1e-4, "amylose": 5e-5, "amyloidosis": 5e-5,
    "syndrome de guillain-barré": 3e-5, "guillain-barré": 3e-5, "neurofibromatose": 3e-4,
    "neurofibromatosis": 3e-4, "maladie de still": 2e-5, "still's disease": 2e-5,
    "syndrome de prader-willi": 5e-5, "prader-willi": 5e-5, "progéria": 5e-8, "progeria": 5e-8,
    "fibrodysplasie ossifiante progressive": 5e-7, "fibrodysplasia ossificans progressiva": 5e-7,
    "maladie de niemann-pick": 5e-6, "niemann-pick": 5e-6, "ataxie de friedreich": 3e-5,
    "friedreich's ataxia": 3e-5, "syndrome de cushing": 5e-5, "cushing's syndrome": 5e-5,
    "hypertension artérielle pulmonaire": 3e-5, "pulmonary arterial hypertension": 3e-5,
    "lupus": 5e-4, "sarcoïdose": 3e-4, "sarcoidosis": 3e-4, "maladie de behçet": 5e-5, "behçet": 5e-5,
    "glioblastome": 5e-5, "glioblastoma": 5e-5, "mésothéliome": 2e-5, "mesothelioma": 2e-5,
    "sarcome d'ewing": 5e-6, "ewing sarcoma": 5e-6, "cholangiocarcinome": 3e-5, "cholangiocarcinoma": 3e-5,
}  # fmt: skip

# Professions: one in a few hundred people has any given one (nurses far more, but the name of the
# profession with a town and an age is what narrows).
PROFESSIONS_FR = (
    "infirmière|infirmier|médecin|kiné|kinésithérapeute|pharmacienne|pharmacien|sage-femme|aide-soignante|"
    "aide-soignant|enseignante|enseignant|institutrice|instituteur|professeure|professeur|prof|"
    "boulangère|boulanger|agricultrice|agriculteur|éleveuse|éleveur|pompière|pompier|policière|policier|"
    "gendarme|avocate|avocat|notaire|comptable|secrétaire|coiffeuse|coiffeur|maçon|plombier|électricienne|"
    "électricien|ingénieure|ingénieur|architecte|vétérinaire|dentiste|orthophoniste|assistante sociale|"
    "chauffeur routier|chauffeuse|caissière|caissier|factrice|facteur|militaire|journaliste|maire|"
    "conductrice de bus|conducteur de bus|sapeur-pompier|auxiliaire de vie|puéricultrice|psychologue|"
    "pasteur|prêtre|pilote|commerçante|commerçant|fleuriste|bouchère|boucher|viticultrice|viticulteur"
)
PROFESSIONS_EN = (
    "nurse|doctor|physician|pharmacist|midwife|teacher|baker|farmer|firefighter|police officer|"
    "policeman|policewoman|lawyer|solicitor|accountant|secretary|hairdresser|plumber|electrician|"
    "engineer|architect|vet|veterinarian|dentist|speech therapist|social worker|truck driver|"
    "bus driver|cashier|postman|soldier|journalist|mayor|psychologist|pastor|priest|pilot|florist|butcher"
)

_AGE_WORDS = {
    2: "la vingtaine", 3: "la trentaine", 4: "la quarantaine", 5: "la cinquantaine",
    6: "la soixantaine", 7: "plus de 70 ans", 8: "plus de 80 ans", 9: "plus de 80 ans",
}  # fmt: skip
_AGE_WORDS_EN = {2: "in my twenties", 3: "in my thirties", 4: "in my forties", 5: "in my fifties",
                 6: "in my sixties", 7: "over 70", 8: "over 80", 9: "over 80"}  # fmt: skip

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
    "decembre|january|february|march|april|may|june|july|august|september|october|november|december"
)
_SEASONS_FR = {1: "en hiver", 2: "en hiver", 3: "au printemps", 4: "au printemps", 5: "au printemps",
               6: "en été", 7: "en été", 8: "en été", 9: "à l'automne", 10: "à l'automne",
               11: "à l'automne", 12: "en hiver"}  # fmt: skip
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        [("janvier", "january"), ("février", "fevrier", "february"), ("mars", "march"), ("avril", "april"),
         ("mai", "may"), ("juin", "june"), ("juillet", "july"), ("août", "aout", "august"),
         ("septembre", "september"), ("octobre", "october"), ("novembre", "november"),
         ("décembre", "decembre", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip

AGE = re.compile(
    r"\b(?:j'ai|j’ai|âgée? de|agée? de|I am|I'm|I’m|aged)\s+(\d{2})(?:\s*(?:ans|years?(?: old)?))?\b"
    r"|\b(\d{2})[- ](?:ans|years?[- ]old)\b",
    re.IGNORECASE,
)
# A bare "20 ans" that is not the author's age: a duration ("malade depuis 20 ans", "il y a 20 ans",
# "for 20 years") or someone else's ("mon père a 80 ans", "my grandmother was 90 years old").
NOT_MY_AGE = re.compile(
    r"(?:\b(?:depuis|il y a|pendant|durant|for|since)|(?:père|mère|mari|femme|frère|sœur|soeur|fils|fille|"
    r"grand-mère|grand-père|dad|mum|mom|father|mother|grandmother|grandfather|husband|wife|brother|sister|"
    r"son|daughter)\s+(?:a|avait|aurait|est|is|was|turned))\s+$",
    re.IGNORECASE,
)
BIRTH_YEAR = re.compile(r"\b(?:née?|born)\s+(?:en|in)\s+(19[2-9]\d|20[01]\d)\b", re.IGNORECASE)
PROFESSION = re.compile(
    r"\b(?:je suis|j'étais|j’étais|je travaille comme|mon métier[: ]+|ancienne?|en tant qu['’])\s*"
    r"(?:une?\s+)?(" + PROFESSIONS_FR + r")\b"
    r"|\b(?:I am|I'm|I’m|I was|I work as|retired|\d\d and)\s+(?:an?\s+)?(" + PROFESSIONS_EN + r")\b"
    # "47 ans, infirmière à Plouha": a profession as a clause of its own, before a place.
    r"|(?:^|[,;(]\s*)(" + PROFESSIONS_FR + r")\s+(?:à|a|au|près de|dans)\b",
    re.IGNORECASE,
)
EVENT_DATE = re.compile(
    r"\b(\d{1,2})(?:er)?\s+(" + _MONTHS + r")\s+(20\d\d|19\d\d)\b"
    r"|\b(" + _MONTHS + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20\d\d)\b"
    r"|\b(?:le|on)\s+(\d{1,2})/(\d{1,2})/(20\d\d)\b",
    re.IGNORECASE,
)
CHILD = re.compile(
    r"\b(?:mon fils|ma fille|mon garçon|mon bébé|mes enfants|mes filles|mes fils|mes jumeaux|my son|"
    r"my daughter|my kids|my children|my twins)\b[^.!?\n]{0,40}?\b(\d{1,2})(?:\s*(?:et|and|,)\s*(\d{1,2}))?"
    r"(?:\s*(?:et|and|,)\s*(\d{1,2}))?\s*(?:ans|years?|mois|months)\b"
    r"|\bmy (\d{1,2})[- ]year[- ]old\b",
    re.IGNORECASE,
)
# Words that introduce a place; the town's name follows.
PLACE_CUE = re.compile(
    # The cue also capitalised, as a sentence starts ("Près de Guéret.", "In Giberville."), written
    # out: a case-insensitive group made the pattern three times slower.
    r"\b(?:à|a|au|près de|pres de|vers|habite(?: à)?|vis à|vivons à|originaire de|commune de|village de|"
    r"mairie de|hôpital de|clinique de|in|near|from|live in|living in|"
    r"À|A|Au|Près de|Pres de|Vers|Habite(?: à)?|Vis à|Vivons à|Originaire de|In|Near|From|Live in|Living in)\s+"
    r"((?:[A-ZÀ-Þ][\w’'\-]+)(?:[ \-](?:sur|sous|en|de|du|des|le|la|les|lès|l['’])?[ \-]?[A-ZÀ-Þ][\w’'\-]+){0,3})"
)


@dataclass(frozen=True)
class Detail:
    """One detail that narrows who wrote the post: where it is, its kind, the share of people who
    share it (1.0 for a town: its population replaces the country's), and what to say instead."""

    kind: str  # AGE, BIRTH_YEAR, TOWN, CONDITION, PROFESSION, EVENT_DATE, CHILD_AGE
    start: int
    end: int
    share: float
    suggestion: str
    population: int = 0  # for a town


@dataclass(frozen=True)
class Assessment:
    details: tuple[Detail, ...]
    people: float  # how many people the details together could describe (an order of magnitude)

    def identifying(self, threshold: float) -> bool:
        """True when at least two details together leave fewer than `threshold` people."""
        return len({detail.kind for detail in self.details}) >= 2 and self.people < threshold


@cache
def towns() -> dict[str, tuple[int, str]]:
    """Folded town name -> (population, region code)."""
    table = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        name, population, region = line.split("\t")
        table[fold(name)] = (int(population), region)
    return table


@cache
def _condition_shares() -> dict[str, float]:
    return {fold(name): share for name, share in RARE_CONDITIONS.items()}


@cache
def _conditions() -> re.Pattern:
    names = sorted(_condition_shares(), key=len, reverse=True)  # the longest name first
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")


@cache
def _condition_words() -> frozenset[str]:
    """The first word of every condition, as written and folded ("sclérose", "sclerose")."""
    firsts = " ".join(
        re.split(r"[ \-]", name)[0] for name in list(RARE_CONDITIONS) + list(_condition_shares())
    )
    return frozenset(_WORD.findall(firsts))


@cache
def _profession_words() -> frozenset[str]:
    """Every word of the professions: a post without any of them names no profession."""
    words = _WORD.findall((PROFESSIONS_FR + "|" + PROFESSIONS_EN).lower())
    return frozenset(word for word in words if len(word) >= 3 and word not in {"bus", "vie"})


def _fold_char(char: str) -> str:
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    return base if len(base) == 1 else char


# Accented Latin letters to their base letter, one character for one (so offsets hold).
_FOLD = str.maketrans(
    {chr(code): _fold_char(chr(code)) for code in range(0xC0, 0x250)} | {"’": "'", "-": " "}
)


def fold(text: str) -> str:
    """Lower case, accents and hyphens dropped, one character for one."""
    return text.lower().translate(_FOLD)


def _age_phrase(age: int, lang: str) -> str:
    words = _AGE_WORDS_EN if lang == "en" else _AGE_WORDS
    return words.get(age // 10, "")


def _town_suggestion(population: int, region: str, lang: str) -> str:
    region_name = REGIONS.get(region, "")
    if region_name[:1] in "AEIOUÎÉ" and lang != "en":
        size = (
            "un village" if population < 2000 else "une petite ville" if population < 20000 else "une ville"
        )
        return f"{size} d'{region_name}"
    if lang == "en":
        size = "a village" if population < 2000 else "a small town" if population < 20000 else "a town"
        return f"{size} in {region_name}" if region_name else size
    size = "un village" if population < 2000 else "une petite ville" if population < 20000 else "une ville"
    return f"{size} de {region_name}" if region_name else size


def _find_towns(text: str, lang: str) -> list[Detail]:
    found = []
    table = towns()
    for match in PLACE_CUE.finditer(text):
        words = match.group(1).split(" ")
        # The longest run of words that names a town ("Saint-Martin-de-Ré" before "Saint-Martin").
        for count in range(len(words), 0, -1):
            name = " ".join(words[:count])
            known = table.get(fold(name))
            if known:
                population, region = known
                start = match.start(1)
                found.append(Detail("TOWN", start, start + len(name), 1.0,
                                    _town_suggestion(population, region, lang), population))  # fmt: skip
                break
    return found


_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")


def find_details(text: str, lang: str = "fr") -> list[Detail]:
    details: list[Detail] = []
    # The live check runs this on every pause in typing: what needs a digit runs only on text with
    # one, and the conditions only on text holding one of their first words.
    if _DIGIT.search(text):
        details += _numbered_details(text, lang)
    words = set(_WORD.findall(text.lower()))
    folded = fold(text) if not _condition_words().isdisjoint(words) else ""
    if len(folded) == len(text):
        for match in _conditions().finditer(folded):
            phrase = "a rare disease" if lang == "en" else "une maladie rare"
            prevalence = _condition_shares()[match.group(0)]
            details.append(Detail("CONDITION", match.start(), match.end(), prevalence, phrase))
    for match in PROFESSION.finditer(text) if not _profession_words().isdisjoint(words) else ():
        phrase = "my job" if lang == "en" else "mon métier"
        group = next(index for index in (1, 2, 3) if match.group(index))
        # The cue ("je suis") stays; only the profession itself is the detail.
        start, end = (match.start(), match.end()) if group != 3 else match.span(3)
        details.append(Detail("PROFESSION", start, end, 1 / 150, phrase))
    details += _find_towns(text, lang)
    return sorted(details, key=lambda detail: detail.start)


def _numbered_details(text: str, lang: str) -> list[Detail]:
    details: list[Detail] = []
    for match in AGE.finditer(text):
        age = int(match.group(1) or match.group(2))
        if match.group(2) and NOT_MY_AGE.search(text, max(0, match.start() - 30), match.start()):
            continue
        if match.group(2) and text[match.end() : match.end() + 4].lower() == " ago":
            continue
        if 16 <= age <= 99:
            details.append(Detail("AGE", match.start(), match.end(), 1 / 80, _age_phrase(age, lang)))
    for match in BIRTH_YEAR.finditer(text):
        decade = int(match.group(1)) // 10 * 10
        phrase = f"born in the {decade}s" if lang == "en" else f"né·e dans les années {str(decade)[2:]}"
        details.append(Detail("BIRTH_YEAR", match.start(), match.end(), 1 / 80, phrase))
    for match in EVENT_DATE.finditer(text):
        month_name = (match.group(2) or match.group(4) or "").lower()
        month = _MONTH_NUMBER.get(month_name) or int(match.group(8) or 0)
        year = match.group(3) or match.group(6) or match.group(9)
        if lang == "en":
            phrase = f"in {year}"
        else:
            phrase = f"{_SEASONS_FR.get(month, 'en')} {year}".replace("en ", "en ", 1)
        details.append(Detail("EVENT_DATE", match.start(), match.end(), 1 / 365, phrase))
    for match in CHILD.finditer(text):
        ages = [group for group in (match.group(1), match.group(2), match.group(3), match.group(4)) if group]
        phrase = "my children" if lang == "en" else "mes enfants"
        details.append(Detail("CHILD_AGE", match.start(), match.end(), (1 / 10) ** len(ages), phrase))
    return details


def assess(text: str, lang: str = "fr") -> Assessment:
    """The details of `text` and how many people they could describe together."""
    details = find_details(text or "", lang)
    town = min((detail.population for detail in details if detail.kind == "TOWN"), default=0)
    people = float(town or FRANCE)
    seen = set()
    for detail in details:
        if detail.kind == "TOWN":
            continue
        # The same kind twice (two ages...) narrows once: the second is most often a repetition.
        if detail.kind in seen and detail.kind != "CHILD_AGE":
            continue
        seen.add(detail.kind)
        people *= detail.share
    return Assessment(tuple(details), people)


def bits(assessment: Assessment) -> float:
    """The same estimate as information: log2(France / people)."""
    return math.log2(FRANCE / max(assessment.people, 1e-9))
