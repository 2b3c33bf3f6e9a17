"""Watched words: what a network's administrators want done when a text contains a word or phrase.

- block: the text is refused with a message naming the word (the form keeps the draft);
- approve: it is published but waits for a moderator's approval (only its author sees it meanwhile);
- flag: it is published and an item goes into the moderators' queue;
- replace: it is published with the word replaced.

Matching ignores case and accents and respects word boundaries ("arnaque" does not match
"arnaques-tu" partially, but a phrase matches across spaces). Called by the features before they
save; one query for the network's words."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused
from entrepairs.moderation import queries
from entrepairs.moderation.crisis import normalise
from entrepairs.moderation.models import WatchedWord


@dataclass
class Screening:
    fields: dict[str, str]  # the texts, words replaced
    needs_approval: bool = False
    flagged: list[str] = field(default_factory=list)


def _pattern(word: str) -> re.Pattern:
    return re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(part) for part in normalise(word).split()) + r"(?!\w)"
    )


def _replace(text: str, word: str, replacement: str) -> str:
    """Replace in the original text (accents and case kept elsewhere): positions are found on the
    normalised text, whose characters map one to one once accents are folded per character."""
    folded = "".join(normalise(ch) or ch for ch in text.lower())
    if len(folded) != len(text):  # a character folded to several: fall back to a case-insensitive search
        return re.sub(re.escape(word), replacement, text, flags=re.IGNORECASE)
    pieces, last = [], 0
    for match in _pattern(word).finditer(folded):
        pieces += [text[last : match.start()], replacement]
        last = match.end()
    return "".join(pieces) + text[last:]


def screen(
    member, texts: dict[str, str], *, approval_possible: bool = True, any_words: bool = True
) -> Screening:
    """The texts as they will be published, or ActionRefused `watched_word_blocked` on the first field
    holding a blocked word. `approval_possible`: False for private messages, where a word that asks
    for approval flags instead (a message is not held back). `any_words`: False when the caller
    already knows the network watches none (no query then)."""
    words = list(queries.network_watched_words(member.network_id)) if any_words else []
    result = Screening(fields=dict(texts))
    if not words:
        return result
    for word in words:
        pattern = _pattern(word.word)
        for name, text in result.fields.items():
            if not pattern.search(normalise(text)):
                continue
            if word.action == WatchedWord.Action.BLOCK:
                raise ActionRefused(
                    "watched_word_blocked",
                    _(
                        "This network does not accept “%(word)s”. Change it and publish again: your text is kept."
                    )
                    % {"word": word.word},
                    field=name,
                )
            if word.action == WatchedWord.Action.REPLACE:
                result.fields[name] = _replace(text, word.word, word.replacement)
            elif word.action == WatchedWord.Action.APPROVE and approval_possible:
                result.needs_approval = True
            else:
                result.flagged.append(word.word)
    return result
