"""How findings are explained to the member who wrote them: what was found (named as in labels.py),
why it matters, what the network's policy will do, and the excerpt of their own text around it.

Plain functions over a `policy.Verdict`: the composer's live check renders them, and the check on
submit can use the same labels so that both speak alike."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import labels
from .policy import ALLOW, BLOCK, CASE, CONFIRM, Verdict

KIND_REASONS = {
    "PERSON": _("people could recognise who you are talking about"),
    "PHONE": _("people outside could call you"),
    "EMAIL": _("people outside could write to you"),
    "NIR": _("it identifies a person for life and cannot be changed"),
    "IBAN": _("it could be misused to take money or to find you"),
    "RPPS": _("it identifies a health professional"),
    "ADELI": _("it identifies a health professional"),
    "NPI": _("it identifies a health professional"),
    "ADDRESS": _("people could find where someone lives"),
    "BIRTHDATE": _("with a few other details, it identifies a person"),
    "RECORD_ID": _("it leads to a patient's medical file"),
}

# A clinical case is about a patient: what identifies someone there identifies the patient.
CASE_REASONS = {
    "PERSON": _("it could identify the patient"),
    "ADDRESS": _("it could identify the patient"),
    "BIRTHDATE": _("it could identify the patient"),
}

ACTION_LABELS = {
    BLOCK: _("Blocked: remove it to publish"),
    CONFIRM: _("You will be asked to confirm before publishing"),
    ALLOW: _("Allowed in this network"),
}

# Characters of the member's text shown on each side of a finding.
EXCERPT_CONTEXT = 32


@dataclass(frozen=True)
class ShownFinding:
    """One finding as the composer shows it. `start` and `end` count UTF-16 code units, as
    JavaScript's string indexes do (an emoji is one Python character but two JavaScript units);
    `flagged` lets the page check that the text still holds the value there before replacing it."""

    field: str
    kind: str
    label: str
    reason: str
    action: str
    action_label: str
    before: str
    flagged: str
    after: str
    replacement: str
    start: int
    end: int


def utf16_index(text: str, index: int) -> int:
    """The JavaScript index of the Python index `index` in `text`."""
    return len(text[:index].encode("utf-16-le")) // 2


def excerpt(text: str, start: int, end: int, width: int = EXCERPT_CONTEXT) -> tuple[str, str]:
    """The text before and after `text[start:end]`, about `width` characters each, cut at a space
    when one is near, on one line, with an ellipsis where it was cut."""
    before = text[max(0, start - width) : start]
    if start > width:
        space = before.find(" ")
        if 0 <= space < width // 2:
            before = before[space + 1 :]
        before = "…" + before
    after = text[end : end + width]
    if end + width < len(text):
        space = after.rfind(" ")
        if space > width // 2:
            after = after[:space]
        after = after + "…"
    return before.replace("\n", " "), after.replace("\n", " ")


def explain(verdict: Verdict, fields: dict[str, str], *, context: str) -> list[ShownFinding]:
    """The verdict's findings in field order, then text order, ready for the composer's panel."""
    shown = []
    for item in verdict.findings:
        text = fields[item.field]
        finding = item.finding
        before, after = excerpt(text, finding.start, finding.end)
        reason = CASE_REASONS.get(finding.kind) if context == CASE else None
        shown.append(
            ShownFinding(
                field=item.field,
                kind=finding.kind,
                label=labels.title(finding.kind),
                reason=reason or KIND_REASONS[finding.kind],
                action=item.action,
                action_label=ACTION_LABELS[item.action],
                before=before,
                flagged=text[finding.start : finding.end],
                after=after,
                replacement=finding.replacement,
                start=utf16_index(text, finding.start),
                end=utf16_index(text, finding.end),
            )
        )
    return shown
