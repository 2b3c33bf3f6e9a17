"""The analytics' daily roll-up: each network's figures of each past day, computed once, the night
after, into one `NetworkDay` row (and `ActiveDay` rows for the distinct active counts), so that the
analytics pages read a few hundred small rows plus today's part, computed live over today only.

- `roll_up(now)`: the days not rolled up yet, up to yesterday, for every active network, grouped by
  the first day each network misses (the nightly run: one group, yesterday). The first run
  back-fills from the network's creation, at most BACKFILL_DAYS, in chunks of CHUNK_DAYS. Idempotent:
  a day already rolled is overwritten with the same figures (upsert), a second run finds nothing to
  do. Celery beat in production (`magazine.tasks.roll_up_analytics`), `manage.py rollup_analytics`
  in the embedded default.
- `figures(ids, first, end)`: the same figures over [first, end) from the features' own sources
  (networks.bridges); the analytics call it for today (live, bounded by today's rows).
- `catch_up(ids, today)`: a page finding at most CATCH_UP_DAYS missing rolls them itself (a missed
  night); more than that waits for the task (the page says until when the figures are rolled up).

Distinct members: `ActiveMember`, the last day each persona wrote (never shown; dropped after
ACTIVE_KEEP_DAYS without activity): what counts the members active over 7 and 30 days and the
cohorts' "active" column exactly, in one index range each. The distinct active count of each past
day is computed when the day is rolled and kept in its `NetworkDay`."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from entrepairs.magazine.models import ActiveMember, DigestSend, NetworkDay
from entrepairs.networks import bridges
from entrepairs.networks.models import Membership, Network

BACKFILL_DAYS = 400  # 90 days of charts, and room to lengthen them
CHUNK_DAYS = 31  # a back-fill reads a month at a time (bounded memory, short transactions)
ACTIVE_KEEP_DAYS = 35  # more than the 30 days of "active this month"
CATCH_UP_DAYS = 3
FIGURES = [
    "new_members", "active_members", "threads", "replies", "questions_asked", "questions_answered",
    "answer_hours", "messages", "digests_sent", "digests_opened", "digests_clicked", "spaces",
]  # fmt: skip


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_day(queryset, field: str) -> dict:
    rows = (
        queryset.annotate(day=TruncDate(field))
        .values("network_id", "day")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["network_id"], row["day"]): row["count"] for row in rows}


def figures(network_ids: list[int], first: date, end: date) -> tuple[dict, set]:
    """({(network_id, day): unsaved NetworkDay}, {(network_id, day, member_id) active}) over the
    days [first, end): eleven grouped queries bounded by the range, whatever its length."""
    start, stop = midnight(first), midnight(end)
    posts = bridges.analytics("posts_by_day", network_ids, start, stop, default={})
    asked = bridges.analytics("questions_by_day", network_ids, start, stop, default={})
    answers = bridges.analytics("first_answers_by_day", network_ids, start, stop, default={})
    spaces = bridges.analytics("spaces_by_day", network_ids, start, stop, default={})
    messages = bridges.analytics("messages_by_day", network_ids, start, stop, default={})
    joined = _by_day(
        Membership.objects.filter(network_id__in=network_ids, joined_at__gte=start, joined_at__lt=stop),
        "joined_at",
    )
    sends = DigestSend.objects.filter(network_id__in=network_ids)
    sent = _by_day(sends.filter(created_at__gte=start, created_at__lt=stop), "created_at")
    opened = _by_day(sends.filter(opened_at__gte=start, opened_at__lt=stop), "opened_at")
    clicked = _by_day(sends.filter(clicked_at__gte=start, clicked_at__lt=stop), "clicked_at")
    active: set = set()
    for source in ("contributors_by_day", "senders_by_day"):
        found = bridges.analytics(source, network_ids, start, stop)
        if found is not None:
            active.update(found)
    per_day: dict = {}
    for network_id, day, _member in active:
        per_day[(network_id, day)] = per_day.get((network_id, day), 0) + 1
    days: dict = {}
    day = first
    while day < end:
        for network_id in network_ids:
            key = (network_id, day)
            threads, replies = posts.get(key, (0, 0))
            delays = answers.get(key, [])
            days[key] = NetworkDay(
                network_id=network_id,
                day=day,
                new_members=joined.get(key, 0),
                active_members=per_day.get(key, 0),
                threads=threads,
                replies=replies,
                questions_asked=asked.get(key, 0),
                questions_answered=len(delays),
                answer_hours=delays,
                messages=messages.get(key, 0),
                digests_sent=sent.get(key, 0),
                digests_opened=opened.get(key, 0),
                digests_clicked=clicked.get(key, 0),
                spaces=spaces.get(key, {}),
            )
        day += timedelta(days=1)
    return days, active


def _roll(network_ids: list[int], first: date, end: date, today: date) -> None:
    days, active = figures(network_ids, first, end)
    keep_from = today - timedelta(days=ACTIVE_KEEP_DAYS)
    last: dict[int, tuple[int, date]] = {}
    for network_id, day, member_id in active:
        if day >= keep_from and (member_id not in last or last[member_id][1] < day):
            last[member_id] = (network_id, day)
    with transaction.atomic():
        NetworkDay.objects.bulk_create(
            list(days.values()),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["network", "day"],
            update_fields=[*FIGURES, "rolled_at"],
        )
        # A day rolled again (or out of order) never moves a persona's last day back.
        known = dict(
            ActiveMember.objects.filter(member_id__in=list(last), last_day__gte=keep_from).values_list(
                "member_id", "last_day"
            )
        )
        ActiveMember.objects.bulk_create(
            [
                ActiveMember(network_id=network_id, member_id=member_id, last_day=day)
                for member_id, (network_id, day) in last.items()
                if known.get(member_id, keep_from) <= day
            ],
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["member"],
            update_fields=["last_day"],
        )


def _first_missing(networks, today: date, *, look_for_older_content: bool = True) -> dict[date, list[int]]:
    """{first day to roll: [network ids]} for the networks with days missing before today."""
    last = dict(
        NetworkDay.objects.filter(network__in=[network.pk for network in networks])
        .values_list("network_id")
        .annotate(last=Max("day"))
        .order_by()
    )
    groups: dict[date, list[int]] = {}
    floor = today - timedelta(days=BACKFILL_DAYS)
    never = [network.pk for network in networks if network.pk not in last]
    # A network rolled up for the first time starts at its creation, or at its first post or message
    # when older (imports, demo data): two index lookups, only for such networks.
    earliest: dict[int, list] = {}
    if never and look_for_older_content:
        for source in ("first_post_at", "first_message_at"):
            for network_id, moment in bridges.analytics(source, never, default={}).items():
                earliest.setdefault(network_id, []).append(timezone.localdate(moment))
    for network in networks:
        if network.pk in last:
            first = last[network.pk] + timedelta(days=1)
        else:
            first = max(floor, min([timezone.localdate(network.created_at), *earliest.get(network.pk, [])]))
        if first < today:
            groups.setdefault(first, []).append(network.pk)
    return groups


def _roll_groups(groups: dict[date, list[int]], today: date) -> int:
    rolled = 0
    for first, network_ids in sorted(groups.items()):
        day = first
        while day < today:
            end = min(day + timedelta(days=CHUNK_DAYS), today)
            _roll(network_ids, day, end, today)
            rolled += (end - day).days * len(network_ids)
            day = end
    return rolled


def roll_up(now: datetime | None = None, networks=None) -> int:
    """Roll up every day not rolled yet, up to yesterday; prune old activity days. Returns the
    number of (network, day) rows written. Safe to run at any time, as often as wanted."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    networks = list(
        networks if networks is not None else Network.objects.filter(is_active=True).only("pk", "created_at")
    )
    rolled = _roll_groups(_first_missing(networks, today), today)
    ActiveMember.objects.filter(last_day__lt=today - timedelta(days=ACTIVE_KEEP_DAYS)).delete()
    return rolled


def roll_up_for_demo(network) -> int:
    """After the demo content (discussions and messaging seed theirs first, then the magazine): its
    analytics rolled up, so that the demo shows past weeks, not only today."""
    return roll_up(networks=[network])


def catch_up(networks, today: date) -> date | None:
    """Roll the missing days of these networks when they are few (a night the task did not run);
    returns the last day rolled for all of them. A network never rolled up starts at its creation
    here (content older than its record is the task's first run: imports, demo data)."""
    groups = _first_missing(networks, today, look_for_older_content=False)
    if groups and all((today - first).days <= CATCH_UP_DAYS for first in groups):
        _roll_groups(groups, today)
        return today - timedelta(days=1)
    if not groups:
        return today - timedelta(days=1)
    return min(groups) - timedelta(days=1)
