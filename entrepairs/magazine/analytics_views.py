"""Analytics pages: a network's administrators (admin gate), the operators (every network side by
side), and the sponsor's account where the network's administrators allow it. Aggregates only."""

import csv
from datetime import timedelta

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from entrepairs.magazine import charts, queries
from entrepairs.magazine.actions import analytics
from entrepairs.networks import access
from entrepairs.networks.models import Network
from entrepairs.web.gates import admin_page, operator_page


def _report(network):
    # Not cached: past days come from the daily roll-up and only today is computed live, a fixed
    # number of small queries (bench/analytics.py), so the figures are always current.
    return analytics.network_report(network)


CSV_COLUMNS = [
    "day", "new_members", "threads", "replies", "messages", "digests_sent", "digests_opened", "digests_clicked",
]  # fmt: skip


def _charts(report) -> list:
    days = report.days
    label = lambda row: row["day"].isoformat()  # noqa: E731
    return [
        charts.bar_chart([(label(row), row["new_members"]) for row in days], title=_("New members per day")),
        charts.bar_chart([(label(row), row["threads"] + row["replies"]) for row in days], title=_("Posts and replies per day")),
        charts.bar_chart([(label(row), row["messages"]) for row in days], title=_("Private messages per day"), color="#7a4fa0"),
    ]  # fmt: skip


def _csv(report, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in report.days:
        writer.writerow([row["day"].isoformat()] + [row[column] for column in CSV_COLUMNS[1:]])
    return response


def _render_report(request, report, *, member=None, sponsor=False, template="magazine/analytics.html"):
    health = report.network.kind == Network.Kind.PATIENTS
    hide_small = sponsor or health
    return render(
        request,
        template,
        {
            "network": report.network if member else None,
            "network_public": report.network,
            "member": member,
            "report": report,
            "charts": _charts(report),
            "cohorts": [
                {
                    "month": row["month"],
                    "joined": analytics.kanon(row["joined"], on=hide_small),
                    "still": analytics.kanon(row["still"], on=hide_small),
                    "active": analytics.kanon(row["active"], on=hide_small),
                }
                for row in report.cohorts
            ],
            "spaces": [(name, analytics.kanon(posts, on=hide_small)) for name, posts in report.top_spaces],
            "sponsor": sponsor,
            "k": analytics.K,
            "hide_small": hide_small,
            # Days missing from the roll-up (the nightly task did not run for more than a few days).
            "behind": report.rolled_until is None
            or report.rolled_until < report.days[-1]["day"] - timedelta(days=1),
        },
    )


@admin_page
def network_analytics(request, member, slug):
    report = _report(member.network)
    if request.GET.get("format") == "csv":
        return _csv(report, f"{slug}-analytics.csv")
    return _render_report(request, report, member=member)


@operator_page
def operator_analytics(request):
    """Every network side by side (50 a page), to judge which ones thrive."""
    page = Paginator(access.operator_networks(request.user, request.GET.get("q", "")), 50).get_page(
        request.GET.get("page")
    )
    rows = analytics.side_by_side(list(page.object_list))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="networks-analytics.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "network",
                "members",
                "new_30",
                "mau",
                "stickiness_pct",
                "posts_30",
                "answered_pct",
                "median_hours",
                "digest_open_pct",
            ]
        )
        for row in rows:
            writer.writerow([row["network"].slug, row["members"], row["new_30"], row["mau"], row["stickiness"], row["posts_30"], row["answered"], row["median_hours"], row["open_rate"]])  # fmt: skip
        return response
    return render(
        request,
        "magazine/operator_analytics.html",
        {"rows": rows, "page": page, "query": request.GET.get("q", "")},
    )


def sponsor_analytics(request, network_slug):
    """The sponsor's account: the k-anonymous aggregates, if the network's administrators allow it;
    404 for anyone else. Never a member, a message, a post's author or a health field."""
    network = queries.get_sponsored_network_or_404(request.user, network_slug)
    report = _report(network)
    return _render_report(request, report, sponsor=True, template="magazine/sponsor_analytics.html")
