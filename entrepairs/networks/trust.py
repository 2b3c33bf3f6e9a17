"""Trust levels: what a member may do depends on how long they have been in the network and how they
have taken part there. New accounts are where spam and raids come from (Discourse's trust level 0),
and a scraper or a spammer is most often a fresh account; a member of long standing is not slowed.

Three levels, per membership (a member new in one network may be trusted in another):

- **new**: joined less than TRUST_LEVELS["new_days"] ago, or fewer than ["new_posts"] posts there;
- **trusted**: joined at least ["trusted_days"] ago with at least ["trusted_posts"] posts, and never
  removed or banned from the network before (good standing); moderators and admins always;
- **member**: everyone else.

Each level has limits (settings.TRUST_LIMITS): posts an hour, links in one post, images a day (case
photos and message attachments), new conversations a day. A network may tighten them
(`Network.trust_limits`, the operator sets it in the administration site), never loosen them.

A refusal is ActionRefused with a code saying which limit, 429 and `retry_after` for the counted
ones (the window's end), 400 for too many links in one post; the form keeps what was typed.

The number of posts comes from the features (discussions registers `count_contributions`): the
foundation imports no feature (docs/architecture.md)."""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs import throttles
from entrepairs.errors import ActionRefused

NEW, MEMBER, TRUSTED = "new", "member", "trusted"
LEVELS = (NEW, MEMBER, TRUSTED)
LIMIT_NAMES = ("posts_per_hour", "links_per_post", "images_per_day", "conversations_per_day")
HOUR, DAY = 3600, 86400
# A link is an address a reader can follow: http(s)://..., www.... (what the Markdown renderer links).
LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

_contribution_counters: list[Callable] = []


def count_contributions(counter: Callable) -> None:
    """Registers `counter(member) -> int`, the member's posts in their network (from AppConfig.ready)."""
    _contribution_counters.append(counter)


def level(member) -> str:
    if member.role in ("moderator", "admin"):
        return TRUSTED
    rules = settings.TRUST_LEVELS
    joined = member.joined_at or member.requested_at
    days = (timezone.now() - joined).total_seconds() / DAY if joined else 0
    if days < rules["new_days"]:
        return NEW
    in_good_standing = member.ended_by_id is None and member.banned_until is None
    may_be_trusted = days >= rules["trusted_days"] and in_good_standing
    # Counted only when the answer depends on it (one query).
    needs_posts = rules["new_posts"] > 0 or (may_be_trusted and rules["trusted_posts"] > 0)
    posts = sum(counter(member) for counter in _contribution_counters) if needs_posts else 0
    if posts < rules["new_posts"]:
        return NEW
    if may_be_trusted and posts >= rules["trusted_posts"]:
        return TRUSTED
    return MEMBER


def limits_for(member) -> dict[str, int]:
    """The member's limits: their level's, tightened by their network's setting where it is lower."""
    chosen = level(member)
    limits = dict(settings.TRUST_LIMITS[chosen])
    for name, value in (member.network.trust_limits or {}).get(chosen, {}).items():
        if name in limits:
            limits[name] = min(limits[name], value)
    return limits


def check_post(member, body: str) -> None:
    """Before a post (thread, reply, case, poll) is stored: links in it, then posts this hour."""
    limits = limits_for(member)
    check_links(member, body, limits)
    _count(member, "posts_per_hour", HOUR, limits,
           _("You have reached your posts for this hour (%(max)d). Your text is kept: publish it in "
             "%(minutes)d minutes. The limit relaxes as you take part."))  # fmt: skip


def check_links(member, body: str, limits: dict | None = None) -> None:
    """Links in one post (or an edited one): a spammer's first post is mostly links."""
    limits = limits or limits_for(member)
    links = len(LINK.findall(body or ""))
    if links > limits["links_per_post"]:
        raise ActionRefused(
            "too_many_links",
            ngettext(
                "For now you may put at most %(max)d link in a post (this one has %(count)d). Remove "
                "some; your text is kept. The limit relaxes as you take part.",
                "For now you may put at most %(max)d links in a post (this one has %(count)d). Remove "
                "some; your text is kept. The limit relaxes as you take part.",
                limits["links_per_post"],
            )
            % {"max": limits["links_per_post"], "count": links},
            field="body",
        )


def check_images(member, count: int, *, field: str = "attachment") -> None:
    """Before `count` images (case photos, a message attachment) are stored."""
    if count:
        _count(member, "images_per_day", DAY, limits_for(member),
               _("You have reached your images for today (%(max)d). Your text is kept; try again in "
                 "%(minutes)d minutes. The limit relaxes as you take part."), cost=count, field=field)  # fmt: skip


def check_new_conversation(member) -> None:
    """Before a new conversation (direct or group) is created."""
    _count(member, "conversations_per_day", DAY, limits_for(member),
           _("You have started the most new conversations allowed today (%(max)d). Try again in "
             "%(minutes)d minutes, or write in a conversation you already have."), field="member")  # fmt: skip


def _count(member, name: str, seconds: int, limits: dict, message: str, *, cost: int = 1, field=None) -> None:
    verdict = throttles.hit(f"trust-{name}", member.pk, limit=limits[name], seconds=seconds, cost=cost)
    if not verdict.allowed:
        raise ActionRefused(
            f"limit_{name}",
            message % {"max": limits[name], "minutes": max(verdict.retry_after // 60, 1)},
            field=field,
            status=429,
            retry_after=verdict.retry_after,
        )


def validate_trust_limits(value) -> None:
    """Model-field validator for `Network.trust_limits`: {level: {limit: positive integer}}."""
    if not isinstance(value, dict) or not all(
        level_name in LEVELS
        and isinstance(limits, dict)
        and all(
            name in LIMIT_NAMES and isinstance(number, int) and number >= 0 for name, number in limits.items()
        )
        for level_name, limits in value.items()
    ):
        raise ValidationError(
            'Expected {"new": {"posts_per_hour": 5, ...}, ...}: levels new, member, trusted; limits '
            + ", ".join(LIMIT_NAMES)
            + " (whole numbers, at least 0). They can only tighten the site's limits.",
            code="invalid_trust_limits",
        )
