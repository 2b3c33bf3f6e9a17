"""What a network does with each kind of finding: block it, ask the author to confirm it, or allow it.

The policy depends on the network's kind and on where the text goes: a clinical case describes a
patient, so a name there is the patient's (or identifies them) and professional networks block it,
while elsewhere in a professional network names are colleagues' and are allowed.

Plain functions over plain data: the composer's live check and the server's check on submit both call
`evaluate`, so what the member sees while typing is exactly what the server enforces.
"""

import re
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from .findings import KINDS, Finding
from .identifiers import names_another_network
from .scanner import scan

BLOCK = "block"
CONFIRM = "confirm"
ALLOW = "allow"
ACTIONS = (BLOCK, CONFIRM, ALLOW)

# Where the text is published. "case" is a clinical case (its fields and its conclusion); "text" is
# everything else a member writes: threads, replies, polls, messages, profile fields.
TEXT = "text"
CASE = "case"
CONTEXTS = (TEXT, CASE)


def default_policy(network_kind: str, context: str) -> dict[str, str]:
    """The defaults of issue 5: patient communities block NIR, IBAN and record numbers and ask to
    confirm the rest; professional networks block NIR and record numbers, block names in clinical
    cases, allow colleagues' names elsewhere and ask to confirm the rest."""
    if network_kind == "professionals":
        rules = dict.fromkeys(KINDS, CONFIRM)
        rules.update(NIR=BLOCK, RECORD_ID=BLOCK)
        rules["PERSON"] = BLOCK if context == CASE else ALLOW
        return rules
    rules = dict.fromkeys(KINDS, CONFIRM)
    rules.update(NIR=BLOCK, IBAN=BLOCK, RECORD_ID=BLOCK)
    return rules


def policy_for(network, context: str = TEXT) -> dict[str, str]:
    """The network's rules for `context`: its stored overrides (see `overrides_for`) on top of the
    defaults of its kind. Always a complete mapping kind -> action."""
    rules = default_policy(network.kind, context)
    rules.update(overrides_for(network, context))
    return rules


class StoredOverrides(BaseModel):
    """The shape of `Network.privacy_overrides`, checked strictly before it is stored (admin, settings
    page): an unknown kind, action or context is refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", strict=True)
    text: dict[Literal[KINDS], Literal[ACTIONS]] = {}
    case: dict[Literal[KINDS], Literal[ACTIONS]] = {}


def validate_overrides(value) -> None:
    """Model-field validator for `Network.privacy_overrides` (used by forms and the admin)."""
    try:
        StoredOverrides.model_validate(value)
    except SchemaError as invalid:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'value'}: {error['msg']}"
            for error in invalid.errors()
        )
        raise ValidationError(
            'Expected {"text": {KIND: action}, "case": {KIND: action}} with actions block, confirm or '
            f"allow: {problems}",
            code="invalid_privacy_overrides",
        ) from None


def overrides_between(network_kind: str, choices: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """What to store for a complete choice {context: {kind: action}}: only what differs from the
    defaults, so that networks which never changed a kind follow later improvements of the defaults."""
    stored = {}
    for context in CONTEXTS:
        defaults = default_policy(network_kind, context)
        changed = {
            kind: action
            for kind, action in (choices.get(context) or {}).items()
            if kind in KINDS and action in ACTIONS and defaults[kind] != action
        }
        if changed:
            stored[context] = changed
    return stored


def overrides_for(network, context: str) -> dict[str, str]:
    """A network's own choices, stored by its admins; none until they change something.

    Reads `network.privacy_overrides` when present: {"text": {"PHONE": "allow"}, "case": {...}}."""
    stored = getattr(network, "privacy_overrides", None) or {}
    chosen = stored.get(context) or {}
    return {kind: action for kind, action in chosen.items() if kind in KINDS and action in ACTIONS}


@dataclass(frozen=True)
class FieldFinding:
    """A finding in one field of a form, with the action the network's policy gives its kind."""

    field: str
    finding: Finding
    action: str


@dataclass
class Verdict:
    """The result of checking what a member is about to publish.

    `blocked`: findings that must be removed before publishing. `to_confirm`: findings the author must
    confirm once (the set of their kinds is what gets recorded, never the values). `allowed`: shown to
    the author as information only."""

    findings: list[FieldFinding] = field(default_factory=list)

    @property
    def blocked(self) -> list[FieldFinding]:
        return [f for f in self.findings if f.action == BLOCK]

    @property
    def to_confirm(self) -> list[FieldFinding]:
        return [f for f in self.findings if f.action == CONFIRM]

    @property
    def allowed(self) -> list[FieldFinding]:
        return [f for f in self.findings if f.action == ALLOW]

    @property
    def confirm_kinds(self) -> list[str]:
        return sorted({f.finding.kind for f in self.to_confirm})

    def may_publish(self, confirmed_kinds=()) -> bool:
        """True when nothing is blocked and every kind that needs confirming has been confirmed."""
        return not self.blocked and set(self.confirm_kinds) <= set(confirmed_kinds)


# A mention names a member by their display name in this network ("@[Rose des Vents]", "@Rose"): the
# same pattern as discussions.actions.notifications.MENTION (a test keeps them equal).
MENTION = re.compile(r"@\[([^\]\n]{3,40})\]|@([\w'\-]{3,40})")


def _mentions(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in MENTION.finditer(text)] if "@" in text else []


# The first word of a mention, for looking members up: "@Loutre Paisible 12" and "@[Loutre Paisible 12]"
# both start with "Loutre" (a pseudonym starts with a letter).
MENTION_HEAD = re.compile(r"(?<![\w@])@\[?([^\W\d_][\w'\-]{0,39})")
MAX_MENTION = 40


def mention_words(texts) -> set[str]:
    """The lowercased first words of the mentions in `texts` (at most 20: a text naming more is not a
    message but a list, and looking all of them up would cost for nothing)."""
    words = set()
    for text in texts:
        if text and "@" in text:
            words.update(match.group(1).lower() for match in MENTION_HEAD.finditer(text))
    return set(sorted(words)[:20])


def mention_spans(text: str, names) -> list[tuple[int, int, str | None]]:
    """Each mention in `text` as (start, end, name): `name` is the member's display name, from
    `names` (the pseudonyms of the network's members the text may mention), or None for a bracketed
    `@[...]` that names nobody. "@Loutre Paisible 12" (no brackets) is a mention only when a member
    is called so, the longest such pseudonym winning ("@Loutre Paisible 12" over "@Loutre")."""
    if not text or "@" not in text:
        return []
    lowered = {" ".join(name.split()).lower(): name for name in names}
    longest_first = sorted(lowered, key=len, reverse=True)
    spans: list[tuple[int, int, str | None]] = []
    position = text.find("@")
    while position != -1:
        end = position + 1
        if position > 0 and (text[position - 1].isalnum() or text[position - 1] in "_@"):
            pass  # an email address, not a mention
        elif text.startswith("[", position + 1):
            close = text.find("]", position + 2)
            inner = text[position + 2 : close] if close != -1 else ""
            if inner.strip() and len(inner) <= MAX_MENTION and "\n" not in inner:
                spans.append((position, close + 1, lowered.get(" ".join(inner.split()).lower())))
                end = close + 1
        else:
            for key in longest_first:
                stop = position + 1 + len(key)
                if text[position + 1 : stop].lower() == key and not (
                    stop < len(text) and text[stop].isalnum()
                ):
                    spans.append((position, stop, lowered[key]))
                    end = stop
                    break
        position = text.find("@", end)
    return spans


def _inside(finding: Finding, spans) -> bool:
    return any(start <= finding.start and finding.end <= end for start, end in spans)


def evaluate(
    fields: dict[str, str], network, *, context: str = TEXT, lang=None, use_model=False, member_names=()
) -> Verdict:
    """Scan every field of a form (name -> text) and give each finding its network's action.

    A person's name inside a mention is not reported: it is a member's display name, which members
    already see (a real name there is refused when the persona is saved). `member_names`: the
    pseudonyms of members the text mentions (networks.access.mentioned_members): nothing inside
    "@Loutre Paisible 12" is reported when a member is called "Loutre Paisible 12", brackets or not."""
    rules = policy_for(network, context)
    lang = lang or getattr(network, "language", None)
    verdict = Verdict()
    for name, text in fields.items():
        mentions = _mentions(text or "")
        members = [(start, end) for start, end, who in mention_spans(text or "", member_names) if who]
        for finding in scan(text or "", lang, use_model=use_model):
            if _inside(finding, members) or (
                finding.kind == "PERSON"
                and _inside(finding, mentions)
                # "insta @lupus_et_moi" is a handle on another network, not a mention of a member.
                and not names_another_network(text or "", finding.start)
            ):
                continue
            verdict.findings.append(FieldFinding(name, finding, rules[finding.kind]))
    return verdict
