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

from entrepairs.privacy import labels
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
