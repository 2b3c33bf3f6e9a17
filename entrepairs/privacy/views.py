"""The composer's live check (issue 5).

While a member writes, the composer posts its text fields here (htmx, debounced) and shows what the
network's policy would do with each finding, with a one-click replacement. It is advice, not the
gate: on submit the server evaluates the text again with the same `policy.evaluate`.

The text is the member's own and goes back only to them. It is never logged, cached or stored:
no logging call here, `sensitive_post_parameters` keeps it out of error reports, the response is
`no-store`, and the rate-limit key holds only the account id.
"""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from entrepairs import throttles
from entrepairs.privacy import policy, quasi, services
from entrepairs.privacy.explain import explain
from entrepairs.web.gates import member_fragment

# A clinical case has five text fields, a thread two or three: eight leaves room and bounds the work.
MAX_FIELDS = 8
# Longer than any composer accepts (a post: 20,000 characters), short enough to scan in a few ms.
MAX_CHARS = 25_000
# Typing with pauses sends a check every second or two at most; a script sending hundreds gets 429.
CHECKS_PER_MINUTE = 120
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
NOT_TEXT = frozenset({"csrfmiddlewaretoken"})


@sensitive_post_parameters()
@never_cache
@require_POST
@member_fragment
def check(request, member, slug):
    """Findings in the posted fields (name -> text) for `?context=text|case`, as an HTML fragment.

    Non-members get 404 like everywhere inside a network. Refusals (too fast, too long, malformed)
    are fragments too, with a 4xx status, so the panel can say why it stopped checking."""
    verdict = throttles.hit("privacy-check", request.user.pk, limit=CHECKS_PER_MINUTE, seconds=60)
    if not verdict.allowed:
        refused = _refused(
            request, 429, _("Checking paused for a moment: you will see the results again shortly.")
        )
        refused["Retry-After"] = str(verdict.retry_after)
        return refused
    context = request.GET.get("context", policy.TEXT)
    fields = {
        name: value.replace("\r\n", "\n").replace("\r", "\n")
        for name, value in request.POST.items()
        if name not in NOT_TEXT
    }
    if context not in policy.CONTEXTS or len(fields) > MAX_FIELDS or not all(map(FIELD_NAME.match, fields)):
        return _refused(request, 400, _("This text cannot be checked here."))
    length = sum(len(text) for text in fields.values())
    if length > MAX_CHARS:
        return _refused(
            request,
            413,
            _(
                "This text is too long to check as you type (%(length)d characters, at most %(max)d). "
                "It will be checked when you publish."
            )
            % {"length": length, "max": MAX_CHARS},
        )
    verdict = policy.evaluate(
        fields, member.network, context=context, member_names=services.mention_names(member, fields)
    )
    shown = explain(verdict, fields, context=context)
    to_check = len(verdict.blocked) + len(verdict.to_confirm)
    return render(
        request,
        "privacy/check_results.html",
        {
            "findings": shown,
            "to_check": to_check,
            "blocked": len(verdict.blocked),
            "several_fields": len(fields) > 1,
            "combination": combination(fields, member.network),
        },
    )


DETAIL_LABELS = {
    "AGE": gettext_lazy("exact age"),
    "BIRTH_YEAR": gettext_lazy("year of birth"),
    "TOWN": gettext_lazy("small town"),
    "CONDITION": gettext_lazy("rare condition"),
    "PROFESSION": gettext_lazy("profession"),
    "EVENT_DATE": gettext_lazy("precise date"),
    "CHILD_AGE": gettext_lazy("children's ages"),
}


def combination(fields: dict[str, str], network) -> list[dict] | None:
    """The details that together could identify the author (privacy/quasi.py), each with what to say
    instead, when they could describe fewer people than the network's threshold; else None. Advice
    only: the check on submit does not look at combinations."""
    threshold = getattr(network, "combination_threshold", 0)
    if not threshold:
        return None
    text = "\n".join(fields.values())
    assessment = quasi.assess(text, getattr(network, "language", None) or "fr")
    if not assessment.identifying(threshold):
        return None
    return [
        {"label": DETAIL_LABELS[detail.kind], "kind": detail.kind, "text": text[detail.start : detail.end],
         "suggestion": detail.suggestion}
        for detail in assessment.details
        if detail.kind != "TOWN" or detail.population < quasi.SMALL_TOWN
    ]  # fmt: skip


def _refused(request, status: int, message: str):
    return render(request, "privacy/check_refused.html", {"message": message}, status=status)
