"""The privacy part of every composer form: the `confirm_privacy` field and how a PrivacyRefused is
shown on the form.

Every form that publishes text declares `confirm_privacy = ConfirmPrivacyField()`. It is hidden and
empty until the server asks for a confirmation; then it becomes one checkbox per kind found, under
"I know this will be visible to N members", next to the member's draft, which is never lost. The
live composer (htmx) may fill the same field: the name is the contract."""

from collections import defaultdict

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from entrepairs.privacy import labels, policy
from entrepairs.privacy.findings import KINDS
from entrepairs.privacy.policy import BLOCK, CONFIRM
from entrepairs.privacy.services import PrivacyRefused, blocked_message

FIELD = "confirm_privacy"


class ConfirmPrivacyField(forms.MultipleChoiceField):
    """The kinds the author confirms for this submission (PHONE, PERSON...). Hidden until needed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Personal data I confirm"))
        super().__init__(
            choices=[(kind, kind) for kind in KINDS],
            required=False,
            widget=forms.MultipleHiddenInput,
            **kwargs,
        )


def confirmed(form: forms.Form) -> list[str]:
    """What the member ticked, from a valid form (an empty list when the form has no such field)."""
    return list(form.cleaned_data.get(FIELD) or [])


def show_refusal(form: forms.Form, refusal: PrivacyRefused) -> None:
    """Errors on the fields where something was found (their values are the member's own draft and
    stay in the form), and the confirmation checkboxes when kinds need confirming."""
    by_field: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in refusal.findings:
        by_field[item.field][item.action].add(item.finding.kind)
    for name, actions in by_field.items():
        target = name if name in form.fields else None
        for item in refusal.blocked:
            if item.field == name and item.finding.kind in actions[BLOCK]:
                actions[BLOCK].discard(item.finding.kind)  # one message per kind and field
                form.add_error(target, blocked_message(item))
        if actions[CONFIRM] and refusal.audience is not None:
            form.add_error(
                target,
                ngettext(
                    "Contains %(kinds)s, which will be visible to %(count)d member: check it, then confirm "
                    "below to publish.",
                    "Contains %(kinds)s, which will be visible to %(count)d members: check it, then confirm "
                    "below to publish.",
                    refusal.audience,
                )
                % {"kinds": labels.phrases(actions[CONFIRM]), "count": refusal.audience},
            )
    field = form.fields.get(FIELD)
    if field is None or not refusal.confirm_kinds or refusal.audience is None:
        return
    field.choices = [(kind, labels.title(kind)) for kind in refusal.confirm_kinds]
    field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
    field.label = ngettext(
        "I know this will be visible to %(count)d member. Publish it with:",
        "I know this will be visible to %(count)d members. Publish it with:",
        refusal.audience,
    ) % {"count": refusal.audience}
    field.help_text = _("Tick each kind of personal data you choose to publish.")
    # A bound field made before this change would still render the hidden widget.
    form._bound_fields_cache.pop(FIELD, None)


ACTION_LABELS = {
    policy.BLOCK: gettext_lazy("Block"),
    policy.CONFIRM: gettext_lazy("Ask to confirm"),
    policy.ALLOW: gettext_lazy("Allow"),
}
CONTEXT_LABELS = {
    policy.TEXT: gettext_lazy("Posts, messages and profiles"),
    policy.CASE: gettext_lazy("Clinical cases"),
}


class PolicyForm(forms.Form):
    """Block, confirm or allow, for each kind of personal data and each context (clinical cases only
    in professional networks, the only ones that have them). One radio field per cell, named
    "<context>-<KIND>", starting from the network's current policy."""

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.contexts = [policy.TEXT] + ([policy.CASE] if network.kind == "professionals" else [])
        self.headings = [CONTEXT_LABELS[context] for context in self.contexts]
        self.defaults = {context: policy.default_policy(network.kind, context) for context in self.contexts}
        for context in self.contexts:
            current = policy.policy_for(network, context)
            for kind in KINDS:
                self.fields[f"{context}-{kind}"] = forms.ChoiceField(
                    label=f"{labels.title(kind)} · {CONTEXT_LABELS[context]}",
                    choices=[(action, ACTION_LABELS[action]) for action in policy.ACTIONS],
                    initial=current[kind],
                    widget=forms.RadioSelect,
                )

    def choices(self) -> dict[str, dict[str, str]]:
        """{context: {KIND: action}} from a valid form, for privacy.services.set_policy."""
        return {
            context: {kind: self.cleaned_data[f"{context}-{kind}"] for kind in KINDS}
            for context in self.contexts
        }

    def table(self) -> list[dict]:
        """Rows (one per kind) of cells (one per context) of choices, each marked when it is the
        default of the network's kind, for the settings page's table."""
        rows = []
        for kind in KINDS:
            cells = []
            for context in self.contexts:
                bound = self[f"{context}-{kind}"]
                value = bound.value()
                cells.append({
                    "name": bound.html_name,
                    "legend": bound.label,
                    "choices": [
                        {"value": action, "label": ACTION_LABELS[action], "checked": action == value,
                         "default": action == self.defaults[context][kind], "id": f"{bound.auto_id}_{action}"}
                        for action in policy.ACTIONS
                    ],
                    "errors": bound.errors,
                })  # fmt: skip
            rows.append({"kind": kind, "label": labels.title(kind), "cells": cells})
        return rows
