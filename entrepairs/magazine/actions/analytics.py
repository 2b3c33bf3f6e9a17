"""Network analytics: aggregates only, over bounded windows, for a network's administrators, the
operators (every network side by side) and, where the administrators allow it, the network's sponsor.

- Members: total (active), new over 30 days, active over 1/7/30 days. "Active" means contributing:
  a post, a reply or a private message (the platform records no page views per persona).
- Retention cohorts by join month (12 months): joined, still members, active over the last 30 days.
- Per day over 90 days: threads started, replies, private messages, new members, digests sent,
  opened, clicked (opens and clicks only where first-party counting is on).
- Questions over 90 days: asked, answered, median hours to the first answer. Top spaces.

k-anonymity: a count between 1 and K-1 is shown as "< K" wherever it could single out people in a
health network (patient networks' cohorts and spaces) and always on the sponsor's view.

Past days are read from the daily roll-up (actions/rollup.py: one row per network and day, and the
activity days of the last 35 days for the distinct counts); only today is computed live, over today's
rows. So the page costs a fixed number of small queries whatever the network's size or age
(bench/analytics.py; tests/magazine/test_rollup.py counts them)."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from entrepairs.magazine.actions import rollup
from entrepairs.magazine.models import ActiveMember, NetworkDay
from entrepairs.networks.models import Membership, Network

K = 5
DAYS = 90
COHORT_MONTHS = 12
TOP_SPACES = 5


def kanon(value: int | None, *, on: bool) -> str:
    if value is None:
        return "—"
    if on and 0 < value < K:
        return f"< {K}"
    return str(value)


@dataclass
class Report:
    network: Network
    start: date
    members: int = 0
    new_30: int = 0
    dau: int = 0
    wau: int = 0
    mau: int = 0
    days: list[dict] = field(default_factory=list)
    cohorts: list[dict] = field(default_factory=list)
    questions: dict = field(default_factory=dict)
    top_spaces: list = field(default_factory=list)
    digests: dict = field(default_factory=dict)
    rolled_until: date | None = None  # the last day rolled up (None: not yet)


def member_totals(network_ids, now) -> dict[int, tuple[int, int]]:
    rows = (
        Membership.objects.filter(network_id__in=network_ids, status=Membership.Status.ACTIVE)
        .values("network_id")
        .annotate(total=Count("id"), new=Count("id", filter=Q(joined_at__gte=now - timedelta(days=30))))
        .order_by()
    )
    return {row["network_id"]: (row["total"], row["new"]) for row in rows}


# Today's live part reads today's rows (tens of ms for a network writing thousands of posts a day,
# bench/analytics.py): computed at most once a minute per set of networks, so that the page's
# figures are at most a minute behind and a reload costs only the rolled-up reads.
LIVE_SECONDS = 60


def today_key(network_ids: list[int], today: date) -> str:
    ids = ",".join(str(pk) for pk in sorted(network_ids))
    return f"magazine:analytics:today:{today.isoformat()}:{hashlib.sha256(ids.encode()).hexdigest()[:32]}"


def _today(network_ids: list[int], today: date) -> tuple[dict, set]:
    key = today_key(network_ids, today)
    found = cache.get(key)
    if found is None:
        found = rollup.figures(network_ids, today, today + timedelta(days=1))
        cache.set(key, found, LIVE_SECONDS)
    return found


def _rates(sent: int, opened: int, clicked: int) -> dict:
    return {
        "sent": sent,
        "opened": opened,
        "clicked": clicked,
        "open_rate": round(100 * opened / sent) if sent else None,
        "click_rate": round(100 * clicked / sent) if sent else None,
    }


def _active_counts(network_ids, today: date, live_active: set) -> dict[int, tuple[int, int, int]]:
    """{network: (today, 7 days, 30 days)} distinct members who wrote: the members' last rolled-up
    day, and today's writers not counted already, in one grouped query over an index range."""
    week, month = today - timedelta(days=6), today - timedelta(days=29)
    writers = {(network_id, member_id) for network_id, _day, member_id in live_active}
    today_ids = [member_id for _network, member_id in writers]
    rows = {
        row["network_id"]: row
        for row in ActiveMember.objects.filter(
            network_id__in=network_ids, last_day__gte=month, last_day__lt=today
        )
        .values("network_id")
        .annotate(
            wau=Count("id", filter=Q(last_day__gte=week)),
            mau=Count("id"),
            # Today's writers already counted over the week, the month.
            seen_week=Count("id", filter=Q(last_day__gte=week, member_id__in=today_ids)),
            seen_month=Count("id", filter=Q(member_id__in=today_ids)),
        )
        .order_by()
    }
    counts = {}
    for network_id in network_ids:
        row = rows.get(network_id, {"wau": 0, "mau": 0, "seen_week": 0, "seen_month": 0})
        written = sum(1 for network, _member in writers if network == network_id)
        counts[network_id] = (
            written,
            row["wau"] + written - row["seen_week"],
            row["mau"] + written - row["seen_month"],
        )
    return counts


def _answered_in_window(rows, start: date) -> list[float]:
    """The delays of the first answers given in the window to questions asked in it (a first
    answer is counted on its day, with its delay: the question's day is that day minus it)."""
    delays = []
    for day, hours in rows:
        delays.extend(delay for delay in hours if delay / 24 <= (day - start).days + 1)
    return delays


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def network_report(network: Network, now: datetime | None = None) -> Report:
    """The rolled-up days of the window (one query) and today's live part (bounded by today), the
    members' totals, the distinct active counts and the cohorts: a fixed number of small queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - timedelta(days=DAYS)
    ids = [network.pk]
    report = Report(network=network, start=start)
    report.rolled_until = rollup.catch_up([network], today)
    rolled = {
        row.day: row for row in NetworkDay.objects.filter(network=network, day__gte=start, day__lt=today)
    }
    live, live_active = _today(ids, today)
    rolled[today] = live[(network.pk, today)]
    report.members, report.new_30 = member_totals(ids, now).get(network.pk, (0, 0))
    report.dau, report.wau, report.mau = _active_counts(ids, today, live_active)[network.pk]
    spaces: dict[str, int] = {}
    asked, answer_rows, sent, opened, clicked = 0, [], 0, 0, 0
    for offset in range(DAYS + 1):
        day = start + timedelta(days=offset)
        row = rolled.get(day) or NetworkDay(network=network, day=day)
        report.days.append(
            {
                "day": day,
                "new_members": row.new_members,
                "threads": row.threads,
                "replies": row.replies,
                "messages": row.messages,
                "digests_sent": row.digests_sent,
                "digests_opened": row.digests_opened,
                "digests_clicked": row.digests_clicked,
            }
        )
        asked += row.questions_asked
        answer_rows.append((day, row.answer_hours))
        sent, opened, clicked = (
            sent + row.digests_sent,
            opened + row.digests_opened,
            clicked + row.digests_clicked,
        )
        for name, posts in row.spaces.items():
            spaces[name] = spaces.get(name, 0) + posts
    delays = _answered_in_window(answer_rows, start)
    report.questions = {"asked": asked, "answered": min(len(delays), asked), "median_hours": _median(delays)}
    report.top_spaces = sorted(spaces.items(), key=lambda item: (-item[1], item[0]))[:TOP_SPACES]
    report.digests = _rates(sent, opened, clicked)
    # Kept a minute like today's part (one grouped query over the network's memberships).
    report.cohorts = cache.get_or_set(
        f"{today_key(ids, today)}:cohorts",
        lambda: _cohorts(network, now, today, {member for _n, _d, member in live_active}),
        LIVE_SECONDS,
    )
    return report


def _cohorts(network: Network, now: datetime, today: date, active_today: set) -> list[dict]:
    """Members who joined in each of the last 12 months: joined, still members, active over 30
    days (a rolled-up activity day, or a contribution today). One grouped query."""
    cohort_start = (now - timedelta(days=31 * COHORT_MONTHS)).replace(day=1)
    recent = ActiveMember.objects.filter(network=network, last_day__gte=today - timedelta(days=29)).values(
        "member_id"
    )
    active = Q(pk__in=recent) | Q(pk__in=active_today) if active_today else Q(pk__in=recent)
    rows = (
        Membership.objects.filter(network=network, joined_at__gte=cohort_start)
        .annotate(month=TruncMonth("joined_at"))
        .values("month")
        .annotate(
            joined=Count("id"),
            still=Count("id", filter=Q(status=Membership.Status.ACTIVE)),
            active=Count("id", filter=active),
        )
        .order_by("month")
    )
    return [
        {
            "month": timezone.localdate(row["month"]) if isinstance(row["month"], datetime) else row["month"],
            "joined": row["joined"],
            "still": row["still"],
            "active": row["active"],
        }
        for row in rows
    ]


def side_by_side(networks: list[Network], now: datetime | None = None) -> list[dict]:
    """One row per network, for the operators: the rolled-up 30 days of a page of networks (one
    query over at most 30 rows each), today's live part, the totals: a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = [network.pk for network in networks]
    start = today - timedelta(days=29)
    rollup.catch_up(networks, today)
    totals = member_totals(ids, now)
    live, live_active = _today(ids, today)
    active = _active_counts(ids, today, live_active)
    sums: dict[int, dict] = {
        network_id: {"posts": 0, "asked": 0, "answers": [], "sent": 0, "opened": 0} for network_id in ids
    }
    rows = NetworkDay.objects.filter(network_id__in=ids, day__gte=start, day__lt=today).values_list(
        "network_id",
        "day",
        "threads",
        "replies",
        "questions_asked",
        "answer_hours",
        "digests_sent",
        "digests_opened",
    )
    today_rows = [
        (
            key[0],
            key[1],
            row.threads,
            row.replies,
            row.questions_asked,
            row.answer_hours,
            row.digests_sent,
            row.digests_opened,
        )
        for key, row in live.items()
    ]
    for network_id, day, threads, replies, asked, hours, sent, opened in [*rows, *today_rows]:
        entry = sums[network_id]
        entry["posts"] += threads + replies
        entry["asked"] += asked
        entry["answers"].append((day, hours))
        entry["sent"] += sent
        entry["opened"] += opened
    result = []
    for network in networks:
        total, new = totals.get(network.pk, (0, 0))
        entry = sums[network.pk]
        delays = _answered_in_window(entry["answers"], start)
        mau = active[network.pk][2]
        result.append(
            {
                "network": network,
                "members": total,
                "new_30": new,
                "mau": mau,
                "stickiness": round(100 * mau / total) if total else 0,
                "posts_30": entry["posts"],
                "answered": round(100 * min(len(delays), entry["asked"]) / entry["asked"])
                if entry["asked"]
                else None,
                "median_hours": _median(delays),
                "open_rate": _rates(entry["sent"], entry["opened"], 0)["open_rate"],
            }
        )
    return result
