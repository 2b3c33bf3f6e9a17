"""Charts drawn on the server as SVG (no script, no third party): a bar chart of values by day.
Labels are escaped; the SVG carries a title and a description for screen readers, and each page
shows the same figures in a table and a CSV export."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 180, 36, 22, 10


def bar_chart(values: list[tuple[str, int]], *, title: str, color: str = "#1d6f8c") -> SafeString:
    top = max((value for _label, value in values), default=0) or 1
    count = max(len(values), 1)
    inner_width, inner_height = WIDTH - PAD_LEFT - 4, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = inner_width / count
    bars = []
    for index, (label, value) in enumerate(values):
        height = inner_height * value / top
        x = PAD_LEFT + index * step
        y = PAD_TOP + inner_height - height
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 1, 1):.1f}" height="{height:.1f}" fill="{color}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
    first = escape(values[0][0]) if values else ""
    last = escape(values[-1][0]) if values else ""
    total = sum(value for _label, value in values)
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="t-{id(values)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none">'
        f'<title id="t-{id(values)}">{escape(title)} ({first} – {last}: {total})</title>'
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + inner_height}" x2="{WIDTH}" y2="{PAD_TOP + inner_height}" stroke="#9aa7ad"/>'
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 8}" font-size="11" text-anchor="end" fill="#5b6b73">{top}</text>'
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + inner_height}" font-size="11" text-anchor="end" fill="#5b6b73">0</text>'
        + "".join(bars)
        + f'<text x="{PAD_LEFT}" y="{HEIGHT - 6}" font-size="11" fill="#5b6b73">{first}</text>'
        f'<text x="{WIDTH - 2}" y="{HEIGHT - 6}" font-size="11" text-anchor="end" fill="#5b6b73">{last}</text>'
        "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every label is escaped above, numbers are ours
