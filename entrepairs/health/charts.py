"""The symptom timeline, drawn on the server as SVG: severity (0–4) over time, one line per symptom,
with treatment periods as bands. No script and no chart library: the picture is part of the page,
reads on a 390 px phone (a 400-unit view box, 13-unit text), and carries a title and a description
for screen readers (the template adds the same numbers as a table)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, LEFT, RIGHT, LANE = 400, 26, 8, 18
PLOT_HEIGHT = 150
# Colours that stay apart for the common colour blindnesses (Okabe–Ito), each with its own marker.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle"]
BAND_COLOURS = ["#E8D9F0", "#D6EAF5", "#F7E3C8", "#DDEFD9", "#F5D5DD"]
MAX_SERIES = 5
MAX_BANDS = 6


@dataclass
class Band:
    label: str
    start: datetime.date
    end: datetime.date | None


def _x(day: datetime.date, start: datetime.date, days: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / max(days, 1)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 4:.1f}l4 4-4 4-4-4z" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 4:.1f}l4 7h-8z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def daily_series(logs) -> dict[str, list[tuple[datetime.date, float]]]:
    """{symptom label: [(day, mean severity that day)]}, the most logged symptoms first."""
    from entrepairs.health.symptoms import symptom_label

    by_symptom: dict[str, dict[datetime.date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for log in logs:
        by_symptom[symptom_label(log.symptom)][log.logged_on].append(log.severity)
    ordered = sorted(by_symptom.items(), key=lambda item: -sum(len(v) for v in item[1].values()))
    return {
        name: sorted((day, sum(values) / len(values)) for day, values in days.items())
        for name, days in ordered[:MAX_SERIES]
    }


def timeline(series: dict, bands: list[Band], *, end: datetime.date, days: int = 90) -> SafeString:
    start = end - datetime.timedelta(days=days)
    bands = [band for band in bands if (band.end is None or band.end >= start) and band.start <= end][
        :MAX_BANDS
    ]
    lanes = len(bands)
    top = 8 + lanes * LANE
    bottom = top + PLOT_HEIGHT
    legend_rows = (len(series) + 1) // 2
    height = bottom + 26 + legend_rows * 18 + 6
    y_of = lambda severity: bottom - PLOT_HEIGHT * severity / 4  # noqa: E731
    title = _("Symptom severity over the last %(days)d days") % {"days": days}
    description = _("%(symptoms)d symptoms, %(treatments)d treatments shown as bands.") % {
        "symptoms": len(series),
        "treatments": lanes,
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="health-chart" '
        f'role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>',
    ]
    for index, band in enumerate(bands):
        x1 = _x(max(band.start, start), start, days)
        x2 = _x(min(band.end or end, end), start, days)
        colour = BAND_COLOURS[index % len(BAND_COLOURS)]
        lane_y = 8 + index * LANE
        parts.append(
            f'<rect x="{x1:.1f}" y="{top}" width="{max(x2 - x1, 2):.1f}" height="{PLOT_HEIGHT}" fill="{colour}" opacity="0.55"/>'
            f'<rect x="{x1:.1f}" y="{lane_y}" width="{max(x2 - x1, 2):.1f}" height="{LANE - 3}" rx="3" fill="{colour}"/>'
            f'<text x="{x1 + 4:.1f}" y="{lane_y + 11}" font-size="11" fill="#222">{escape(band.label[:40])}</text>'
        )
    for severity in range(5):
        y = y_of(severity)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{severity}</text>'
        )
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            x = _x(month, start, days)
            label = escape(date_format(month, "M"))
            # A month starting near the right edge is labelled leftwards, or its name would be cut.
            near_edge = x > WIDTH - RIGHT - 30
            anchor = f'x="{WIDTH - RIGHT}" text-anchor="end"' if near_edge else f'x="{x + 2:.1f}"'
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="#ddd" stroke-width="0.6"/>'
                f'<text {anchor} y="{bottom + 15}" fill="#555">{label}</text>'
            )
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for index, (name, points) in enumerate(series.items()):
        colour, marker = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        visible = [(day, value) for day, value in points if start <= day <= end]
        if len(visible) > 1:
            path = " ".join(f"{_x(day, start, days):.1f},{y_of(value):.1f}" for day, value in visible)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>'
            )
        parts += [_marker(marker, _x(day, start, days), y_of(value), colour) for day, value in visible]
        legend_x = LEFT + (index % 2) * 180
        legend_y = bottom + 34 + (index // 2) * 18
        parts.append(
            _marker(marker, legend_x, legend_y - 4, colour)
            + f'<text x={quoteattr(str(legend_x + 8))} y={quoteattr(str(legend_y))} fill="#222">{escape(name[:30])}</text>'
        )
    if not series:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{top + PLOT_HEIGHT / 2}" text-anchor="middle" fill="#555">'
            f"{escape(_('No symptom recorded in this period.'))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def bands_of(treatments) -> list[Band]:
    return [Band(treatment.name, treatment.started_on, treatment.stopped_on) for treatment in treatments]
