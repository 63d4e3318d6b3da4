"""Charts as server-side SVG: no script and no CDN. Every chart has a title, labelled axes with units,
and the page shows the same numbers in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 760
LABEL_WIDTH = 240
ROW = 26
PAD = 40


@dataclass(frozen=True)
class Bar:
    label: str
    link: str | None = None


TICKS = 5
STEPS = (1, 2, 5, 10, 12, 20, 24, 25, 50, 60, 100, 120, 200, 250, 500, 1000, 2000, 5000, 10000)


def _nice_max(value: float) -> float:
    """The smallest round axis end at or above `value`, in TICKS round steps."""
    for step in STEPS:
        if value <= step * TICKS:
            return float(step * TICKS)
    return float(value)


def _ticks(maximum: float, count: int = TICKS) -> list[float]:
    return [maximum * i / count for i in range(count + 1)]


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


def _open(height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="casebook-chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="t d">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>',
        "<style>text{font:12px sans-serif;fill:#333}.axis{stroke:#999}.box{fill:#79aec8;stroke:#264b5d}"
        ".median{stroke:#ba2121;stroke-width:3}.whisker{stroke:#264b5d}.bar{fill:#79aec8}"
        "a:hover .box,a:hover .bar{fill:#417690}</style>",
    ]


def box_plot(rows: list[dict], bars: list[Bar], *, unit: str = "months", title: str) -> str:
    """Horizontal box plot per group: whiskers from min to max, a box from the 25th to the 75th
    percentile, the median as a line. Groups without a numeric prison term are listed without a box."""
    numeric = [r for r in rows if r.get("prison_median") is not None]
    maximum = _nice_max(max((float(r["prison_max"]) for r in numeric), default=1))
    height = PAD * 2 + ROW * max(len(rows), 1) + 20
    plot = WIDTH - LABEL_WIDTH - 30
    x = lambda v: LABEL_WIDTH + plot * float(v) / maximum  # noqa: E731
    parts = _open(height, title, f"Prison terms in {unit} per group: minimum, quartiles, median and maximum.")
    for tick in _ticks(maximum):
        parts.append(f'<line class="axis" x1="{x(tick):.1f}" y1="{PAD - 10}" x2="{x(tick):.1f}" y2="{height - PAD}"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{height - PAD + 16}" text-anchor="middle">{_number(tick)}</text>')
    parts.append(f'<text x="{LABEL_WIDTH + plot / 2:.0f}" y="{height - 6}" text-anchor="middle">Prison ({unit})</text>')
    for index, (row, bar) in enumerate(zip(rows, bars, strict=True)):
        y = PAD + index * ROW
        mid = y + ROW / 2
        label = f'<text x="{LABEL_WIDTH - 8}" y="{mid + 4:.0f}" text-anchor="end">{escape(_short(bar.label))}</text>'
        shapes = [label]
        if row.get("prison_median") is not None:
            lo, hi = float(row["prison_min"]), float(row["prison_max"])
            q1, q3, median = float(row["prison_p25"]), float(row["prison_p75"]), float(row["prison_median"])
            shapes += [
                f'<line class="whisker" x1="{x(lo):.1f}" y1="{mid}" x2="{x(hi):.1f}" y2="{mid}"/>',
                f'<rect class="box" x="{x(q1):.1f}" y="{y + 5}" width="{max(x(q3) - x(q1), 2):.1f}" '
                f'height="{ROW - 10}"/>',
                f'<line class="median" x1="{x(median):.1f}" y1="{y + 3}" x2="{x(median):.1f}" y2="{y + ROW - 3}"/>',
                f"<title>{escape(bar.label)}: median {escape(str(row['prison_median']))} {unit}, "
                f"{row['with_prison']} of {row['sentenced']} with a numeric term</title>",
            ]
        else:
            shapes.append(f'<text x="{LABEL_WIDTH + 6}" y="{mid + 4:.0f}">no numeric prison term</text>')
        body = "".join(shapes)
        if bar.link:
            parts.append(f'<a href="{escape(bar.link)}" class="group-link">{body}</a>')
        else:
            parts.append(body)
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(items: list[tuple[str, int]], *, title: str, x_label: str, y_label: str, links=None) -> str:
    """Vertical bars (a timeline when the labels are years)."""
    count = max(len(items), 1)
    height = 260
    maximum = _nice_max(max((value for _, value in items), default=1))
    left, bottom, top = 60, height - 50, 20
    step = (WIDTH - left - 20) / count
    y = lambda v: bottom - (bottom - top) * float(v) / maximum  # noqa: E731
    parts = _open(height, title, f"{y_label} per {x_label.lower()}.")
    for tick in _ticks(maximum):
        parts.append(f'<line class="axis" x1="{left}" y1="{y(tick):.1f}" x2="{WIDTH - 20}" y2="{y(tick):.1f}"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_number(tick)}</text>')
    for index, (label, value) in enumerate(items):
        x0 = left + index * step
        rect = (
            f'<rect class="bar" x="{x0 + step * 0.15:.1f}" y="{y(value):.1f}" width="{step * 0.7:.1f}" '
            f'height="{bottom - y(value):.1f}"><title>{escape(label)}: {value}</title></rect>'
        )
        link = (links or {}).get(label)
        parts.append(f'<a href="{escape(link)}">{rect}</a>' if link else rect)
        if count <= 30 or index % max(1, count // 15) == 0:
            parts.append(f'<text x="{x0 + step / 2:.1f}" y="{bottom + 14}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<text x="{(WIDTH + left) / 2:.0f}" y="{height - 8}" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(
        f'<text x="14" y="{(top + bottom) / 2:.0f}" transform="rotate(-90 14 {(top + bottom) / 2:.0f})" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def shade(count: int, maximum: int) -> str:
    """Background colour of a count-matrix cell: darker for more."""
    if not count or not maximum:
        return "#fff"
    level = 0.15 + 0.75 * count / maximum
    red, green, blue = (int(255 - (255 - c) * level) for c in (38, 75, 93))
    return f"#{red:02x}{green:02x}{blue:02x}"
