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

Every query is bounded by its window and reads an index on (network, date) (bench/analytics.py)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from entrepairs.magazine.models import DigestSend
from entrepairs.networks import bridges
from entrepairs.networks.models import Membership, Network

K = 5
DAYS = 90
COHORT_MONTHS = 12


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


def _active_pairs(network_ids, since) -> set[tuple[int, int]]:
    """(network, member) pairs that contributed since `since`: posts and messages, one UNION."""
    posts = bridges.analytics("post_contributors", network_ids, since)
    messages = bridges.analytics("message_senders", network_ids, since)
    found = [query for query in (posts, messages) if query is not None]
    if not found:
        return set()
    # order_by(): a UNION cannot sort by the model's default ordering (a column it does not select).
    union = (found[0].union(*found[1:]) if len(found) > 1 else found[0].distinct()).order_by()
    return set(union)


def _active_counts(network_ids, now) -> dict[int, tuple[int, int, int]]:
    pairs_30 = _active_pairs(network_ids, now - timedelta(days=30))
    pairs_7 = _active_pairs(network_ids, now - timedelta(days=7))
    pairs_1 = _active_pairs(network_ids, now - timedelta(days=1))
    counts: dict[int, list[int]] = {network_id: [0, 0, 0] for network_id in network_ids}
    for index, pairs in enumerate((pairs_1, pairs_7, pairs_30)):
        for network_id, _member in pairs:
            counts.setdefault(network_id, [0, 0, 0])[index] += 1
    return {network_id: tuple(values) for network_id, values in counts.items()}, pairs_30


def member_totals(network_ids, now) -> dict[int, tuple[int, int]]:
    rows = (
        Membership.objects.filter(network_id__in=network_ids, status=Membership.Status.ACTIVE)
        .values("network_id")
        .annotate(total=Count("id"), new=Count("id", filter=Q(joined_at__gte=now - timedelta(days=30))))
        .order_by()
    )
    return {row["network_id"]: (row["total"], row["new"]) for row in rows}


def digest_rates(network_ids, start) -> dict[int, dict]:
    rows = (
        DigestSend.objects.filter(network_id__in=network_ids, created_at__gte=start)
        .values("network_id")
        .annotate(
            sent=Count("id"),
            opened=Count("id", filter=Q(opened_at__isnull=False)),
            clicked=Count("id", filter=Q(clicked_at__isnull=False)),
        )
        .order_by()
    )
    return {
        row["network_id"]: {
            "sent": row["sent"],
            "opened": row["opened"],
            "clicked": row["clicked"],
            "open_rate": round(100 * row["opened"] / row["sent"]) if row["sent"] else None,
            "click_rate": round(100 * row["clicked"] / row["sent"]) if row["sent"] else None,
        }
        for row in rows
    }


def network_report(network: Network, now: datetime | None = None) -> Report:
    now = now or timezone.now()
    start = now - timedelta(days=DAYS)
    ids = [network.pk]
    report = Report(network=network, start=timezone.localdate(start))
    report.members, report.new_30 = member_totals(ids, now).get(network.pk, (0, 0))
    active, pairs_30 = _active_counts(ids, now)
    report.dau, report.wau, report.mau = active.get(network.pk, (0, 0, 0))
    posts = bridges.analytics("posts_per_day", ids, start, default={})
    messages = bridges.analytics("messages_per_day", ids, start, default={})
    joined = dict(
        Membership.objects.filter(network=network, joined_at__gte=start)
        .annotate(day=TruncDate("joined_at"))
        .values_list("day")
        .annotate(count=Count("id"))
        .order_by()
    )
    sends = {
        row["day"]: row
        for row in DigestSend.objects.filter(network=network, created_at__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            sent=Count("id"),
            opened=Count("id", filter=Q(opened_at__isnull=False)),
            clicked=Count("id", filter=Q(clicked_at__isnull=False)),
        )
        .order_by()
    }
    for offset in range(DAYS + 1):
        day = report.start + timedelta(days=offset)
        threads, replies = posts.get((network.pk, day), (0, 0))
        send = sends.get(day, {})
        report.days.append(
            {
                "day": day,
                "new_members": joined.get(day, 0),
                "threads": threads,
                "replies": replies,
                "messages": messages.get((network.pk, day), 0),
                "digests_sent": send.get("sent", 0),
                "digests_opened": send.get("opened", 0),
                "digests_clicked": send.get("clicked", 0),
            }
        )
    # Cohorts: members who joined in each of the last 12 months.
    active_ids = {member for _network, member in pairs_30}
    cohort_start = (now - timedelta(days=31 * COHORT_MONTHS)).replace(day=1)
    cohorts: dict = {}
    for month, member_id, status in (
        Membership.objects.filter(network=network, joined_at__gte=cohort_start)
        .annotate(month=TruncMonth("joined_at"))
        .values_list("month", "id", "status")
        .order_by()
    ):
        entry = cohorts.setdefault(
            timezone.localdate(month) if isinstance(month, datetime) else month, [0, 0, 0]
        )
        entry[0] += 1
        entry[1] += status == Membership.Status.ACTIVE
        entry[2] += member_id in active_ids
    report.cohorts = [
        {"month": month, "joined": values[0], "still": values[1], "active": values[2]}
        for month, values in sorted(cohorts.items())
    ]
    report.questions = bridges.analytics("questions", ids, start, default={}).get(
        network.pk, {"asked": 0, "answered": 0, "median_hours": None}
    )
    report.top_spaces = bridges.analytics("top_spaces", ids, start, default={}).get(network.pk, [])
    report.digests = digest_rates(ids, start).get(network.pk, {"sent": 0, "opened": 0, "clicked": 0})
    return report


def side_by_side(networks: list[Network], now: datetime | None = None) -> list[dict]:
    """One row per network, for the operators: a handful of grouped queries whatever the number."""
    now = now or timezone.now()
    ids = [network.pk for network in networks]
    start_30 = now - timedelta(days=30)
    totals = member_totals(ids, now)
    active, _pairs = _active_counts(ids, now)
    posts = bridges.analytics("posts_per_day", ids, start_30, default={})
    questions = bridges.analytics("questions", ids, start_30, default={})
    rates = digest_rates(ids, start_30)
    posted: dict[int, int] = {}
    for (network_id, _day), (threads, replies) in posts.items():
        posted[network_id] = posted.get(network_id, 0) + threads + replies
    rows = []
    for network in networks:
        total, new = totals.get(network.pk, (0, 0))
        asked = questions.get(network.pk, {})
        rows.append(
            {
                "network": network,
                "members": total,
                "new_30": new,
                "mau": active.get(network.pk, (0, 0, 0))[2],
                "stickiness": round(100 * active.get(network.pk, (0, 0, 0))[2] / total) if total else 0,
                "posts_30": posted.get(network.pk, 0),
                "answered": round(100 * asked["answered"] / asked["asked"]) if asked.get("asked") else None,
                "median_hours": asked.get("median_hours"),
                "open_rate": rates.get(network.pk, {}).get("open_rate"),
            }
        )
    return rows
