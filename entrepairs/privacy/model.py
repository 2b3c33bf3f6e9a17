"""spaCy-assisted names: the statistical NER of `fr_core_news_sm` finds names that no rule knows
(a surname after an uncommon first name: "Aïcha Diallo", "Émile Durand").

The pipeline is loaded once per process, lazily (about 3 s and 60 MB), with only the components NER
needs. English has no official small model on the package registry: English texts use the rules
alone unless `en_core_web_sm` happens to be installed (the name is in MODEL_BY_LANGUAGE).

The model's PER entities are filtered with the same evidence as the rules, because on health talk it
also tags drugs and eponyms ("Crohn", "Lévothyrox"): a single word is kept only when it is a known
first name, and any entity inside an eponym or an institution name, or that is a hospital named after
someone ("Gustave Roussy"), is dropped.
"""

import re
import threading

from entrepairs.memory import freeze_long_lived

from . import first_names, not_people
from . import wordlists as words
from .findings import Candidate
from .names import _DOSE_AFTER, _EPONYM_AFTER, _EPONYM_BEFORE, _NAME_WORD, _before, _starts_an_institution

MODEL_BY_LANGUAGE = {"fr": "fr_core_news_sm", "en": "en_core_web_sm"}
_KEEP = ("tok2vec", "ner")
_PERSON_LABELS = frozenset({"PER", "PERSON"})
_EPONYM_INSIDE = re.compile(rf"\b(?i:{words.EPONYM_BEFORE}|{words.EPONYM_AFTER})\b")
_LEADING_TITLE = re.compile(rf"^(?:(?i:{words.TITLES})\.?|M\.)\s+")

_lock = threading.Lock()
_pipelines: dict[str, object] = {}


def pipeline(lang: str):
    """The spaCy pipeline for `lang`, loaded on first use; None when no model is installed for it."""
    if lang in _pipelines:
        return _pipelines[lang]
    with _lock:
        if lang not in _pipelines:
            _pipelines[lang] = _load(MODEL_BY_LANGUAGE.get(lang))
    return _pipelines[lang]


def _load(name: str | None):
    if name is None:
        return None
    try:
        import spacy  # heavy import: only when the model path is used
    except ImportError:
        return None
    try:
        nlp = spacy.load(name)
    except OSError:  # model package not installed
        return None
    for component in list(nlp.pipe_names):
        if component not in _KEEP:
            nlp.remove_pipe(component)
    freeze_long_lived()  # the model's hundreds of thousands of objects live as long as the process
    return nlp


def find_names_with_model(text: str, lang: str, doc=None) -> list[Candidate]:
    """PER entities of the model, filtered; `doc` may be given when the caller batched with nlp.pipe."""
    if doc is None:
        nlp = pipeline(lang)
        if nlp is None:
            return []
        doc = nlp(text)
    return _person_candidates(text, doc)


def _person_candidates(text: str, doc) -> list[Candidate]:
    found = []
    for entity in doc.ents:
        if entity.label_ not in _PERSON_LABELS:
            continue
        start, end = entity.start_char, entity.end_char
        title = _LEADING_TITLE.match(text[start:end])
        if title:
            start += title.end()
        name_words = _NAME_WORD.findall(text, start, end)
        if not name_words or not text[start].isupper():
            continue
        if _EPONYM_BEFORE.search(_before(text, start)) or _EPONYM_AFTER.match(text, end):
            continue
        # "Maladie d'Addison", "Centre Léon Bérard": the eponym's head word is inside the entity.
        if _EPONYM_INSIDE.search(text, start, end):
            continue
        if len(name_words) == 1 and (
            name_words[0] not in first_names.FIRST_NAMES or _DOSE_AFTER.match(text, end)  # "Diane 35"
        ):
            continue
        if any(word in words.NOT_SURNAMES or word in not_people.MEDICINES for word in name_words):
            continue
        # "Gustave Roussy", "Robert Debré": hospitals named after people are places (not_people.py).
        if _starts_an_institution(text, start, name_words[0]) or name_words[-1] in not_people.PLACES:
            continue
        found.append(Candidate(start, end, "PERSON", 0.75))
    return found
