"""The privacy check on submit, shared by every text path (threads, replies, edits, clinical cases,
polls, private messages, personas) whether it comes from a page, the API or the websocket.

    clearance = services.check(member, {"title": title, "body": body}, confirmed=confirm_privacy)
    ... create the post ...
    services.record(member, clearance, post)  # in the same transaction

`check` scans again whatever the composer showed while typing: it raises PrivacyRefused (an
ActionRefused, status 422) when the network blocks a kind found, or when a kind to confirm was not
confirmed for this submission; otherwise it returns the kinds the author confirmed, which `record`
keeps with what was published. Never the values: neither the refusal nor the record holds any text.

The rule path of `scan` runs here, not the model path: about 1 ms per post against 11 ms (and about
7 s to load spaCy in each new process), and it is the path the live composer uses, so the server
enforces exactly what the member was shown (docs/privacy.md, "The check on submit").
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.audit import services as audit
from entrepairs.errors import ActionRefused
from entrepairs.networks.access import active_member_count, mentioned_members
from entrepairs.privacy import labels, policy
from entrepairs.privacy.models import Confirmation

USE_MODEL_ON_SUBMIT = False

BLOCKED = "privacy_blocked"
CONFIRM_REQUIRED = "privacy_confirm_required"


@dataclass(frozen=True)
class Clearance:
    """A submission that passed the check; `kinds` are those its author confirmed (maybe none)."""

    kinds: tuple[str, ...] = ()
    context: str = policy.TEXT


class PrivacyRefused(ActionRefused):
    """Not published: something is blocked, or kinds to confirm were not confirmed.

    `findings` are the FieldFindings that stop publishing or need confirming (allowed ones are left
    out); `confirm_kinds` what to tick (or send as `confirm_privacy`); `audience` how many people will
    see the text (None when nothing needs confirming)."""

    def __init__(self, verdict: policy.Verdict, *, audience: int | None):
        self.blocked = verdict.blocked
        self.findings = [item for item in verdict.findings if item.action != policy.ALLOW]
        self.confirm_kinds = verdict.confirm_kinds
        self.audience = audience
        if self.blocked:
            code, first, message = BLOCKED, self.blocked[0], blocked_message(self.blocked[0])
            kinds = labels.in_order(item.finding.kind for item in self.blocked)
        else:
            code, first, message = (
                CONFIRM_REQUIRED,
                verdict.to_confirm[0],
                confirm_message(self.confirm_kinds, audience or 0),
            )
            kinds = self.confirm_kinds
        super().__init__(
            code,
            message,
            field=first.field,
            status=422,
            client_data={
                "kinds": kinds,
                "confirm_kinds": self.confirm_kinds,
                "audience": audience,
                # Where, not what: offsets (Python string indexes, i.e. characters) into each field.
                "findings": [
                    {
                        "field": item.field,
                        "kind": item.finding.kind,
                        "action": item.action,
                        "start": item.finding.start,
                        "end": item.finding.end,
                    }
                    for item in self.findings
                ],  # fmt: skip
            },
        )


def blocked_message(item: policy.FieldFinding) -> str:
    kind = item.finding.kind
    if kind == "PERSON":
        # A name's replacement is its initials: derived from the value, so not repeated here.
        text = _("%(kind)s cannot be published in this network; replace it with initials or remove it.")
        return capfirst(text % {"kind": labels.WITH_ARTICLE[kind]})
    text = _("%(kind)s cannot be published in this network; replace it with “%(replacement)s” or remove it.")
    return capfirst(text % {"kind": labels.WITH_ARTICLE[kind], "replacement": item.finding.replacement})


def confirm_message(kinds: Iterable[str], audience: int) -> str:
    return ngettext(
        "Your text contains %(kinds)s and will be visible to %(count)d member: confirm to publish it.",
        "Your text contains %(kinds)s and will be visible to %(count)d members: confirm to publish it.",
        audience,
    ) % {"kinds": labels.phrases(kinds), "count": audience}


def network_audience(member) -> Callable[[], int]:
    return lambda: active_member_count(member.network)


def mention_names(member, fields: dict[str, str]) -> list[str]:
    """The pseudonyms of the members the fields mention (none and no query when no "@"): a
    member's pseudonym is never personal data to flag (policy.evaluate)."""
    return [person.display_name for person in mentioned_members(member, fields.values())]


def check(
    member,
    fields: dict[str, str],
    *,
    confirmed: Iterable[str] = (),
    context: str = policy.TEXT,
    audience: Callable[[], int] | None = None,
) -> Clearance:
    """Scan `fields` (name -> text) under the member's network policy for `context`.

    `confirmed`: the kinds the author ticked for this submission (unknown values are ignored).
    `audience`: how many people will see the text, called only when something needs confirming
    (default: the network's active members).

    Every field is checked alike, a display name too: a real name there ("Sophie Martin") gets the
    action the network gives names, so what the live check asked to confirm must be confirmed."""
    return check_in_network(
        member.network,
        fields,
        confirmed=confirmed,
        context=context,
        audience=audience or network_audience(member),
        member_names=mention_names(member, fields),
    )


def check_in_network(
    network,
    fields: dict[str, str],
    *,
    confirmed: Iterable[str] = (),
    context: str = policy.TEXT,
    audience: Callable[[], int] | None = None,
    member_names: Iterable[str] = (),
) -> Clearance:
    """`check` for someone who is not a member yet (a join request: its display name and its note).
    `member_names`: pseudonyms of members the text mentions (nothing inside their mention is reported)."""
    verdict = policy.evaluate(
        fields, network, context=context, use_model=USE_MODEL_ON_SUBMIT, member_names=member_names
    )
    confirmed = {kind for kind in confirmed or () if kind in policy.KINDS}
    if verdict.may_publish(confirmed):
        return Clearance(tuple(verdict.confirm_kinds), context)
    count = (audience or (lambda: active_member_count(network)))() if verdict.confirm_kinds else None
    raise PrivacyRefused(verdict, audience=count)


def check_place_name(member, fields: dict[str, str]) -> None:
    """Names of shared places (a space, a group conversation) and their descriptions: shown in lists,
    notifications and e-mails to everyone who sees the place, they never need personal data, so what
    the network would ask to confirm in a post is refused here with the same message as a block."""
    verdict = policy.evaluate(fields, member.network, use_model=USE_MODEL_ON_SUBMIT)
    strict = policy.Verdict(
        [
            policy.FieldFinding(item.field, item.finding, policy.BLOCK)
            for item in verdict.findings
            if item.action != policy.ALLOW
        ]
    )
    if strict.findings:
        raise PrivacyRefused(strict, audience=None)


def record(member, clearance: Clearance, target) -> Confirmation | None:
    """Keep the confirmed kinds with what was published (nothing when none were needed). Call it in
    the transaction that saves `target`, so that one is never kept without the other."""
    if not clearance.kinds:
        return None
    return Confirmation.objects.create(
        network_id=member.network_id,
        member=member,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        kinds=list(clearance.kinds),
        context=clearance.context,
    )


def set_policy(admin, choices: dict[str, dict[str, str]]):
    """Network administrators choose block, confirm or allow per kind and context. Only what differs
    from the defaults of the network's kind is stored (see policy.overrides_between); the change is
    written to the audit log (who, which network, the stored choices)."""
    if not admin.is_admin:
        raise ActionRefused(
            "forbidden", _("Only administrators of this network change its privacy policy."), status=403
        )
    require_mfa_for_role(admin)
    network = admin.network
    stored = policy.overrides_between(network.kind, choices)
    policy.validate_overrides(stored)
    network.privacy_overrides = stored
    with transaction.atomic():
        network.save(update_fields=["privacy_overrides"])
        summary = " ".join(
            f"{context}.{kind}={action}" for context in stored for kind, action in stored[context].items()
        )
        audit.record(admin.user, "network.privacy_policy", network, detail=summary or "defaults")
    return network


def set_anonymity_threshold(admin, k: int) -> int:
    """An administrator sets the network's k (privacy/kanon.py). Refuses below 3 or above 50."""
    from django.utils import timezone

    from entrepairs.privacy import kanon
    from entrepairs.privacy.models import AnonymityThreshold

    if not admin.is_admin:
        raise ActionRefused("forbidden", _("Only the network's administrators change this."), status=403)
    require_mfa_for_role(admin)
    if not isinstance(k, int) or not kanon.MINIMUM_K <= k <= kanon.MAXIMUM_K:
        raise ActionRefused(
            "invalid_threshold",
            _("Choose a number between %(low)d and %(high)d.")
            % {"low": kanon.MINIMUM_K, "high": kanon.MAXIMUM_K},
            field="k",
        )
    AnonymityThreshold.objects.update_or_create(
        network_id=admin.network_id, defaults={"k": k, "updated_at": timezone.now()}
    )
    audit.record(admin.user, "privacy.threshold", admin.network, detail=f"k={k}")
    return k


MAX_COMBINATION_THRESHOLD = 100_000


def set_combination_threshold(admin, threshold: int):
    """Network administrators choose below how many people a post's details warn the author
    (privacy/quasi.py; 0: never). Audited like the policy."""
    if not admin.is_admin:
        raise ActionRefused(
            "forbidden", _("Only administrators of this network change its privacy policy."), status=403
        )
    require_mfa_for_role(admin)
    if not 0 <= threshold <= MAX_COMBINATION_THRESHOLD:
        raise ActionRefused(
            "invalid_threshold",
            _("Choose a number between 0 and %(max)d.") % {"max": MAX_COMBINATION_THRESHOLD},
            field="combination_threshold",
        )
    network = admin.network
    network.combination_threshold = threshold
    with transaction.atomic():
        network.save(update_fields=["combination_threshold"])
        audit.record(admin.user, "network.combination_threshold", network, detail=str(threshold))
    return network
