"""Does a text suggest suicidal intent or self-harm? French and English, rules over a small lexicon.

Used when a member publishes a post, a reply or a message: nothing is blocked. The author at once sees
the support resources of the network's country (network_settings.support_resources) and the network's
moderators get a priority item in their queue. No automated call to anyone.

Why rules and not a model: the decision must be explainable to moderators, run in microseconds on every
message, work without downloading anything, and be tuned by reading a list. The price is recall on
phrasings nobody wrote down; the labeled list (tests/data/crisis_sentences.tsv) and bench/crisis.py
measure it, and moderators' reports ("someone in distress") catch what rules miss.

How it reads a text:
1. Normalise: lower case, accents folded (members type "envie de mourir" and "envie de mourir" alike),
   typographic apostrophes made plain, spaces collapsed.
2. Split into clauses (sentence punctuation, "mais", "but"): a negation in one clause never cancels
   a signal in the next ("je ne dors plus, je veux mourir").
3. Look for signals: phrases of wanting to die, of ending one's life, of self-harm, of having no
   reason to live, of means (pills saved, a bridge). Idioms are not signals because the phrases are
   specific: "ce traitement me tue", "je suis mort de rire", "dying to try it", "to die for" match
   nothing ("me tuer" and "kill myself" do).
4. Negation: for the signals that can be negated ("envie de mourir", "kill myself", "suicidal"), a
   negation among the few words before it in the same clause ("je n'ai pas envie de mourir", "I would
   never kill myself", "not suicidal", "asked me if ...") cancels it. Signals whose meaning is itself
   a negation ("plus envie de vivre", "don't want to live") are never cancelled.
5. Discounted contexts: information about risk or prevention ("le risque suicidaire de ce
   médicament", "suicide prevention"), and jokes ("I wanted to die, haha").

This module imports nothing of Django or the site: the bench and the tests call it directly."""

import re
import unicodedata
from dataclasses import dataclass

NEGATION_WINDOW = 6  # words before a signal, in its clause, where a negation cancels it


@dataclass(frozen=True)
class Signal:
    pattern: re.Pattern
    negatable: bool = True
    name: str = ""


def _signals(*specs) -> list[Signal]:
    return [Signal(re.compile(pattern), negatable, name) for name, pattern, negatable in specs]


# On the normalised text (lower case, no accents, plain apostrophes).
SIGNALS = _signals(
    # --- French ---
    (
        "fr_want_to_die",
        r"\b(envie|veux|voudrais|voulais|aimerais|souhaite|prefererais)\s+(de\s+)?mourir\b",
        True,
    ),
    ("fr_suicide_self", r"\b(me|se|m'|s')\s*suicider\b", True),
    ("fr_suicidal_thoughts", r"\b(idees?|pensees?)\s+suicidaires?\b", True),
    ("fr_suicidal", r"\bsuicidaires?\b", True),
    ("fr_end_my_days", r"\bmettre\s+fin\s+a\s+(mes|ses|ma)\s+(jours|vie)\b", True),
    ("fr_end_it", r"\ben\s+finir\b\s*(?:[.,;!?]|$|avec\s+(tout|la\s+vie)\b)", True),
    (
        "fr_no_will_to_live",
        r"\b(plus|pas)\s+(aucune\s+|la\s+|de\s+)?(envie|raison|force)\s+de\s+vivre\b",
        False,
    ),
    ("fr_no_longer_live", r"\bne\s+veux\s+plus\s+vivre\b", False),
    ("fr_tired_of_living", r"\b(marre|ras\s+le\s+bol)\s+de\s+vivre\b", False),
    ("fr_pointless", r"\b(sert\s+a\s+rien|a\s+quoi\s+bon)\s+(de\s+)?(continuer\s+a\s+)?vivre\b", False),
    ("fr_self_harm", r"\b(me|se|m')\s*(scarifi|mutil)\w*", True),
    ("fr_self_harm_noun", r"\b(scarifications?|automutilations?)\b", True),
    ("fr_cut_body", r"\bme\s+(suis\s+)?coupee?s?\s+(les\s+|le\s+)?(bras|poignets?|veines|cuisses)\b", True),
    ("fr_hurt_myself", r"\bme\s+(fais|faire|fait)\s+du\s+mal\b", True),
    ("fr_burn_myself", r"\bme\s+brule\w*\s+(avec|les|la|le)\b", True),
    (
        "fr_nobody_would_miss",
        r"\b(personne\s+ne\s+me\s+regretter\w*|mieux\s+sans\s+moi|personne\s+ne\s+le\s+remarquer\w*)",
        False,
    ),
    (
        "fr_pills",
        r"\b(avaler|prendre)\s+(toutes?|tous)\s+(mes|les)\s+(pilules|cachets|medicaments|comprimes)\b",
        True,
    ),
    ("fr_pills_saved", r"\b(mes|les)\s+(cachets|pilules|medicaments|comprimes)\s+de\s+cote\b", True),
    ("fr_overdose", r"\boverdose\b", True),
    ("fr_kill_myself", r"\bme\s+tuer\b|\bje\s+me\s+tue\b(?!\s+a\b)", True),
    (
        "fr_think_suicide",
        r"\b(pense|songe|pensais|songeais|penser|songer)\w*\s+(\w+\s+){0,2}au\s+suicide\b",
        True,
    ),
    ("fr_attempt", r"\btentatives?\s+de\s+suicide\b", False),
    ("fr_never_wake", r"\b(m'endormir|dormir)\s+et\s+ne\s+(jamais|plus)\s+(me\s+)?reveiller\b", False),
    ("fr_goodbye_letter", r"\blettres?\s+d'adieu\b", False),
    (
        "fr_jump",
        r"\b(me\s+jeter|sauter)\s+(sous\s+un\s+(train|metro|bus)|du\s+pont|d'un\s+pont|par\s+la\s+fenetre|du\s+haut)",
        True,
    ),
    ("fr_hang", r"\bme\s+pendre\b", True),
    ("fr_disappear", r"\bdisparaitre\s+pour\s+(toujours|de\s+bon)\b", True),
    ("fr_blow_away", r"\b(me|se)\s+foutre\s+en\s+l'air\b", True),
    ("fr_rather_dead", r"\b(prefererais|aimerais|voudrais|voulais)\s+etre\s+morte?s?\b", True),
    ("fr_stop_for_good", r"\btout\s+s'arrete,?\s+(definitivement|pour\s+toujours)\b", False),
    (
        "fr_leave_for_good",
        r"\b(partir|en\s+finir)\s+pour\s+de\s+bon\b|\bplus\s+rien\s+ne\s+me\s+retient\b",
        False,
    ),
    # --- English ---
    ("en_kill_self", r"\b(kill|killing|hang|hanging)\s+(myself|herself|himself|themselves)\b", True),
    ("en_want_to_die", r"\b(want|wants|wanna|wanted)\s+(to\s+)?die\b", True),
    ("en_end_life", r"\b(end|ending|take|taking)\s+(my|his|her|their)\s+(own\s+)?life\b", True),
    ("en_suicidal", r"\bsuicidal\b", True),
    (
        "en_suicide",
        r"\b(suicide\s+note|attempted\s+suicide|commit\s+suicide|(thinking|thought|think)\s+(\w+\s+){0,2}(about|of)\s+suicide)\b",
        True,
    ),
    (
        "en_not_live",
        r"\b(don't|do\s+not|no\s+longer|doesn't|does\s+not)\s+want\s+to\s+(live|be\s+alive)\b",
        False,
    ),
    (
        "en_no_reason",
        r"\bno\s+(reason|point)\s+(to|in)\s+liv(e|ing)\b|\bsee\s+the\s+point\s+in\s+living\b",
        False,
    ),
    (
        "en_not_worth",
        r"\b(isn't|is\s+not|not)\s+worth\s+living\b|\bcan't\s+go\s+on\s+living\b|\bdone\s+with\s+life\b",
        False,
    ),
    ("en_without_me", r"\bbetter\s+off\s+without\s+me\b|\b(nobody|no\s+one)\s+would\s+miss\s+me\b", False),
    (
        "en_self_harm",
        r"\b(cut|cutting|burn|burning|hurt|hurting|harm|harming)\s+myself\b(?!\s+(shaving|cooking|while|by\s+accident|accidentally))",
        True,
    ),
    ("en_self_harm_noun", r"\bself[- ]?harm(ing|ed)?\b", True),
    (
        "en_overdose",
        r"\boverdos(e|ing)\s+on\b|\b(take|taking)\s+them\s+all\s+at\s+once\b|\bsaving\s+(up\s+)?my\s+pills\b",
        True,
    ),
    ("en_end_it", r"\bend\s+it\s+all\b|\bending\s+it\b(?!\s+with)", True),
    ("en_wish_dead", r"\bwish\s+i\s+(was|were)\s+dead\b|\brather\s+be\s+dead\b", True),
    ("en_never_wake", r"\b(go\s+to\s+sleep|fall\s+asleep)\s+and\s+never\s+wake\s+up\b", False),
    ("en_jump", r"\bjump\s+off\s+(the|a)\s+(bridge|building|roof|cliff)\b", True),
)

NEGATIONS = re.compile(
    r"\b(ne|n'|pas|jamais|aucun|aucune|not|never|don't|do\s+not|didn't|won't|wouldn't|no|isn't|i'm\s+not|"
    r"asked\s+(me\s+)?if|demande\s+si|m'a\s+demande)\b|n'"
)
# Information about risk and prevention, not a person's state.
DISCOUNTED_BEFORE = re.compile(r"\b(risque|risk|prevention|taux|rate|warning|leaflet|notice)\b")
JOKE_AFTER = re.compile(r"\b(haha+|lol|mdr|ptdr|xd)\b|😂|🤣")
EMBARRASSED = re.compile(r"\b(embarrass\w*|honte|gene)\b")
CLAUSES = re.compile(r"[.;!?\n]+|,\s+(?:mais|but)\b|\s+(?:mais|but)\s+")


def normalise(text: str) -> str:
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", folded).strip()


def _negated(before: str) -> bool:
    # Within the phrase: "la vie n'a plus de sens, je veux disparaître" is not negated by the "n'".
    words = before.split(",")[-1].split()[-NEGATION_WINDOW:]
    return bool(NEGATIONS.search(" ".join(words)))


def signals_in(text: str) -> list[str]:
    """The names of the signals found (empty: nothing suggests a crisis)."""
    found = []
    for clause in CLAUSES.split(normalise(text)):
        for signal in SIGNALS:
            for match in signal.pattern.finditer(clause):
                before, after = clause[: match.start()], clause[match.end() :]
                if signal.negatable and _negated(before):
                    continue
                if DISCOUNTED_BEFORE.search(" ".join(before.split()[-4:])):
                    continue
                if JOKE_AFTER.search(after[:20]) or (
                    EMBARRASSED.search(clause) and JOKE_AFTER.search(text.lower())
                ):
                    continue
                found.append(signal.name)
                break
    return found


def suggests_crisis(text: str) -> bool:
    return bool(signals_in(text))
