"""Charts drawn in Python as inline SVG: bars, lines and a scatter with quadrants. No JavaScript draws them.

Every text that reaches the SVG (customer names, criteria, reps) passes through `html_inline`, the same escaping
as the page text; links are site-relative paths the builder made, written as `<a href>` around the marks and
prefixed with the page's way back to the root when the page renders (`Chart.svg(root)`). Each mark carries a
`<title>` (the tooltip); colours of text, grid and halo come from Material's CSS variables, so the charts follow
the light and dark schemes, and the `viewBox` lets them shrink to a phone's width.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.core.i18n import Language
from generator.site.escaping import html_inline

BLUE = "#1f6fb2"
LIGHT_BLUE = "#8cb8dc"
RED = "#c0392b"
GREEN = "#2e7d32"
GREY = "#7f8c8d"
PALETTE = (BLUE, "#e67e22", GREEN, "#8e44ad", RED, "#16a085")

WIDTH = 720  # viewBox width: the SVG scales to the column, so this only fixes the proportions
FONT = 12  # px of chart text at full width
LABEL_TOP = 12  # matrix points labelled by name (the largest amounts); the rest are dots with a tooltip
LABEL_CHARS = 26  # longer labels end in "…" (the tooltip keeps the whole text)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in viewBox units


@dataclass(frozen=True)
class Chart:
    """One chart: an id unique on its page, a text alternative, the plotted data and the drawn SVG.

    `figure` is the plotted data as plain values ({"data": [{"name", "x", "y", ...}]}) for tests and
    readers; `pieces` is the SVG split at its links: (svg text, site-relative link that follows it or "").
    """

    chart_id: str
    alt: str
    figure: dict[str, Any] = field(default_factory=dict)
    height: int = 320
    pieces: tuple[tuple[str, str], ...] = ()

    def svg(self, root: str = "") -> Markup:
        """The SVG element for a page whose way back to the site root is `root` ("" or "../")."""
        return Markup("".join(text + (root + link if link else "") for text, link in self.pieces))


# ---------------------------------------------------------------- text, numbers and axes


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of `text`'s rendered width: wide (CJK) characters 1 em, others 0.62 em."""
    return _ems(text) * size


@functools.lru_cache(maxsize=16384)
def _ems(text: str) -> float:
    return sum(1.05 if unicodedata.east_asian_width(ch) in "WF" else 0.62 for ch in text)


def shorten(text: str, chars: int = LABEL_CHARS) -> str:
    """`text` on one line, cut to about `chars` narrow characters with an ellipsis."""
    flat = " ".join(str(text).split())
    budget = chars * FONT * 0.62
    if text_width(flat) <= budget:
        return flat
    out = ""
    for ch in flat:
        if text_width(out + ch + "…") > budget:
            break
        out += ch
    return out.rstrip() + "…"


def short_number(value: float, lang: Language = "en") -> str:
    """An axis number people read at a glance: 1.2M / 350k in English, 1.2亿 / 120万 in Chinese."""
    sign = "-" if value < 0 else ""
    size = abs(value)
    units = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    for step, unit in units:
        if size >= step:
            return f"{sign}{_trim(size / step)}{unit}"
    return f"{sign}{_trim(size)}"


def full_number(value: float) -> str:
    """The exact value for a tooltip: 1,234,500 or 7.5."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.2f}".rstrip("0")


def _trim(value: float) -> str:
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (0 always included when in range), e.g. 0, 500k, 1M, 1.5M."""
    if high <= low:
        high = low + 1.0
    rough = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    return [round(first + i * step, 10) for i in range(round((last - first) / step) + 1)]


class _Svg:
    """Collects SVG text; `link` starts an `<a>` whose href is completed when the page renders."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []
        self.buffer: list[str] = []

    def add(self, text: str) -> None:
        self.buffer.append(text)

    def open_link(self, link: str) -> None:
        self.buffer.append('<a href="')
        self.pieces.append(("".join(self.buffer), str(html_inline(link))))
        self.buffer = ['">']

    def close_link(self) -> None:
        self.add("</a>")

    def done(self) -> tuple[tuple[str, str], ...]:
        return (*self.pieces, ("".join(self.buffer), ""))


@functools.lru_cache(maxsize=16384)  # axis words, ticks and category names repeat on every page
def _escaped(text: str) -> str:
    return str(html_inline(text))


def _e(text: object) -> str:
    return _escaped(str(text))


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, *, cls: str = "", anchor: str = "middle", extra: str = "") -> str:
    css = f' class="{cls}"' if cls else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{css}{extra}>{_e(text)}</text>')


def _open_svg(svg: _Svg, kind: str, alt: str, height: float, linked: bool) -> None:
    # A chart with links is a group (its links stay reachable); one without is a single image.
    role = "group" if linked else "img"
    svg.add(f'<svg class="wp-svg wp-svg-{kind}" viewBox="0 0 {WIDTH} {_n(height)}" role="{role}" '
            f'aria-label="{_e(alt)}" preserveAspectRatio="xMidYMid meet" font-size="{FONT}">')


def _legend(svg: _Svg, names: Sequence[tuple[str, str]], top: float) -> float:
    """Draw swatches and names in rows from `top`, below the axis labels; return the height used."""
    if len(names) < 2:
        return 0.0
    x, y, row = 16.0, top + 14, 20.0
    for name, colour in names:
        label = shorten(name, 30)
        width = 18 + text_width(label) + 16
        if x + width > WIDTH - 8 and x > 16:
            x, y = 16.0, y + row
        svg.add(f'<rect class="wp-swatch" x="{_n(x)}" y="{_n(y - 9)}" width="12" height="12" rx="2" '
                f'fill="{_e(colour)}"/>')
        svg.add(_text(x + 18, y + 1, label, cls="wp-legend", anchor="start"))
        x += width
    return y - top + 10


def _value_axis(svg: _Svg, ticks: list[float], left: float, right: float, y_of: Any, lang: Language,
                labels: Sequence[tuple[float, str]] | None = None) -> None:
    marks = labels if labels is not None else [(t, short_number(t, lang)) for t in ticks]
    for value, label in marks:
        y = y_of(value)
        cls = "wp-axis" if value == 0 else "wp-grid"
        svg.add(f'<line class="{cls}" x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}"/>')
        svg.add(_text(left - 6, y + 4, label, cls="wp-tick", anchor="end"))


SLANT = math.radians(35)


def _category_labels(categories: Sequence[str], slot: float) -> tuple[list[str], bool, float]:
    """Labels as shown, whether they are slanted (when they do not fit their slot), and their height."""
    shown = [shorten(c, 22) for c in categories]
    if max((text_width(s) for s in shown), default=0.0) <= slot * 0.92:
        return shown, False, 22.0
    shown = [shorten(c, 18) for c in categories]
    widest = max(text_width(s) for s in shown)
    return shown, True, widest * math.sin(SLANT) + FONT + 10


# ---------------------------------------------------------------- bars


def bars(chart_id: str, alt: str, categories: list[str], series: list[tuple[str, list[float], str]],
         links: list[str], *, x_title: str = "", y_title: str = "", stacked: bool = False,
         lang: Language = "en") -> Chart:
    """A bar chart: one bar group per category, one series per (name, values, colour); bars link to `links`.

    The value axis starts at 0 (negative values go below it), `y_title` (e.g. the currency) sits above it and
    the legend below the category labels; `links[i]` ("" for none) is where category i's bars lead.
    """
    plot_h = 220.0
    top = 26.0
    values = [v for _, vals, _ in series for v in vals]
    if stacked:
        sums = [(sum(max(vals[i], 0) for _, vals, _ in series), sum(min(vals[i], 0) for _, vals, _ in series))
                for i in range(len(categories))]
        high, low = max((s[0] for s in sums), default=0.0), min((s[1] for s in sums), default=0.0)
    else:
        high, low = max([*values, 0.0]), min([*values, 0.0])
    ticks = nice_ticks(low, high)
    tick_width = max(text_width(short_number(t, lang)) for t in ticks)
    left = max(44.0, tick_width + 14)
    right = WIDTH - 12
    slot = (right - left) / max(len(categories), 1)
    shown, slanted, label_h = _category_labels(categories, slot)
    if slanted and shown:  # the first slanted label must not start left of the picture
        left = max(left, text_width(shown[0]) * math.cos(SLANT) - slot / 2 + 8)
        slot = (right - left) / len(categories)
    bottom = top + plot_h
    legend_names = [(name, colour) for name, _, colour in series]
    legend_h = _legend(_Svg(), legend_names, bottom + label_h)  # measured first, drawn below
    height = math.ceil(bottom + label_h + legend_h + (18 if x_title else 0) + 6)
    span = ticks[-1] - ticks[0]

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / span * plot_h

    svg = _Svg()
    _open_svg(svg, "bars", alt, height, any(links))
    if y_title:
        svg.add(_text(left, 14, y_title, cls="wp-axis-title", anchor="start"))
    _value_axis(svg, ticks, left, right, y_of, lang)
    width = min(slot * 0.72 if stacked else slot * 0.72 / max(len(series), 1), 44.0)
    group = width if stacked else width * len(series)
    zero = y_of(0.0)
    for i, category in enumerate(categories):
        x0 = left + slot * i + (slot - group) / 2
        link = links[i] if i < len(links) else ""
        if link:
            svg.open_link(link)
        above, below = 0.0, 0.0  # running totals of a stacked bar, up from 0 and down from 0
        for j, (name, vals, colour) in enumerate(series):
            value = vals[i] if i < len(vals) else 0.0
            if stacked:
                x = x0
                start = above if value >= 0 else below
                y1, y2 = sorted((y_of(start), y_of(start + value)))
                if value >= 0:
                    above += value
                else:
                    below += value
            else:
                x = x0 + j * width
                y1, y2 = sorted((y_of(value), zero))
            svg.add(f'<rect class="wp-bar" x="{_n(x)}" y="{_n(y1)}" width="{_n(max(width - 1, 1))}" '
                    f'height="{_n(y2 - y1)}" fill="{_e(colour)}"><title>{_e(category)} · {_e(name)}: '
                    f'{_e(full_number(value))}</title></rect>')
        if link:
            svg.close_link()
        cx = left + slot * (i + 0.5)
        if slanted:
            svg.add(_text(cx, bottom + 14, shown[i], cls="wp-tick", anchor="end",
                          extra=f' transform="rotate(-{math.degrees(SLANT):.0f} {_n(cx)} {_n(bottom + 14)})"'))
        else:
            svg.add(_text(cx, bottom + 16, shown[i], cls="wp-tick"))
    _legend(svg, legend_names, bottom + label_h)
    if x_title:
        svg.add(_text((left + right) / 2, height - 8, x_title, cls="wp-axis-title"))
    svg.add("</svg>")
    figure = {"data": [{"name": name, "x": list(categories), "y": list(vals), "colour": colour}
                       for name, vals, colour in series], "links": list(links)}
    return Chart(chart_id, alt, figure, int(height), svg.done())


# ---------------------------------------------------------------- lines


def lines(chart_id: str, alt: str, x: list[str], series: list[tuple[str, list[float | None], str]], *,
          y_title: str = "", y_range: tuple[float, float] | None = None, lang: Language = "en") -> Chart:
    """A line chart over harvests; the axis spans `y_range` (a score: 0–100) or 0 to the largest value."""
    plot_h = 180.0
    top = 26.0
    values = [v for _, vals, _ in series for v in vals if v is not None]
    ticks = nice_ticks(*y_range) if y_range else nice_ticks(min([*values, 0.0]), max([*values, 0.0]))
    left = max(44.0, max(text_width(short_number(t, lang)) for t in ticks) + 14)
    right = WIDTH - 24
    bottom = top + plot_h
    step = (right - left) / max(len(x) - 1, 1)
    every = max(1, math.ceil(len(x) / max(int((right - left) // 90), 1)))  # a date label per ~90 units
    legend_names = [(name, colour) for name, _, colour in series]
    legend_h = _legend(_Svg(), legend_names, bottom + 22)
    height = math.ceil(bottom + 22 + legend_h + 6)
    span = ticks[-1] - ticks[0]

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / span * plot_h

    def x_of(i: int) -> float:
        return left + step * i if len(x) > 1 else (left + right) / 2

    svg = _Svg()
    _open_svg(svg, "lines", alt, height, False)
    if y_title:
        svg.add(_text(left, 14, y_title, cls="wp-axis-title", anchor="start"))
    _value_axis(svg, ticks, left, right, y_of, lang)
    for i, label in enumerate(x):
        if (i % every == 0 and not 0 < len(x) - 1 - i < every) or i == len(x) - 1:  # first and last inside
            anchor = "start" if i == 0 and len(x) > 1 else "end" if i == len(x) - 1 and len(x) > 1 else "middle"
            svg.add(_text(x_of(i), bottom + 16, label, cls="wp-tick", anchor=anchor))
    for name, vals, colour in series:
        runs: list[list[str]] = [[]]
        for i, value in enumerate(vals):
            if value is None:
                runs.append([])
            else:
                runs[-1].append(f"{_n(x_of(i))},{_n(y_of(value))}")
        for run in runs:
            if len(run) > 1:
                svg.add(f'<polyline class="wp-line" fill="none" stroke="{_e(colour)}" points="{" ".join(run)}"/>')
        for i, value in enumerate(vals):
            if value is not None:
                svg.add(f'<circle class="wp-point" cx="{_n(x_of(i))}" cy="{_n(y_of(value))}" r="4" '
                        f'fill="{_e(colour)}"><title>{_e(x[i])} · {_e(name)}: {_e(full_number(value))}'
                        f'</title></circle>')
    _legend(svg, legend_names, bottom + 22)
    svg.add("</svg>")
    figure = {"data": [{"name": name, "x": list(x), "y": list(vals), "colour": colour}
                       for name, vals, colour in series]}
    return Chart(chart_id, alt, figure, int(height), svg.done())


# ---------------------------------------------------------------- scatter


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(x: float, y: float, text: str, anchor: str, size: float = FONT) -> Box:
    """The box a label drawn at baseline (x, y) with `anchor` covers (with a little air around it)."""
    width = text_width(text, size)
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (x0 - 2, y - size * 0.9 - 1, x0 + width + 2, y + size * 0.3 + 1)


def _place_label(px: float, py: float, r: float, text: str, taken: list[Box], area: Box) -> tuple[
        float, float, str, Box] | None:
    """The first spot beside the point (right, left, above, below, diagonals) clear of every taken box."""
    gap = r + 3
    candidates = (
        (px + gap, py + 4, "start"), (px - gap, py + 4, "end"), (px, py - gap - 2, "middle"),
        (px, py + gap + FONT, "middle"), (px + gap, py - gap, "start"), (px - gap, py - gap, "end"),
        (px + gap, py + gap + FONT - 4, "start"), (px - gap, py + gap + FONT - 4, "end"),
    )
    for x, y, anchor in candidates:
        box = label_box(x, y, text, anchor)
        inside = box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]
        if inside and not any(overlaps(box, other) for other in taken):
            return x, y, anchor, box
    return None


def scatter(chart_id: str, alt: str, points: list[tuple[float, float, str, str]], *, x_title: str,
            y_title: str, x_range: tuple[float, float], y_range: tuple[float, float],
            sizes: list[float] | None = None, split: tuple[float, float] | None = None,
            quadrant_names: tuple[str, str, str, str] | None = None,
            y_ticks: list[tuple[float, str]] | None = None, label_top: int = LABEL_TOP,
            x_ticks: list[tuple[float, str]] | None = None) -> Chart:
    """A scatter of (x, y, label, link) points, optionally with quadrant lines at `split` (x, y).

    The `label_top` points with the largest `sizes` (or the first ones, without sizes) are drawn larger and
    named, each label beside its point where it covers no other label, corner name or named point; the rest
    are small dots. Every point has a tooltip and links to its page. Quadrant names sit in the corners:
    (top right, bottom right, top left, bottom left).
    """
    top, left, right = 12.0, 56.0, WIDTH - 16
    plot_h = 360.0
    bottom = top + plot_h
    height = bottom + 46
    area: Box = (left, top, right, bottom)

    def x_of(value: float) -> float:
        return left + (value - x_range[0]) / (x_range[1] - x_range[0]) * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - y_range[0]) / (y_range[1] - y_range[0]) * plot_h

    svg = _Svg()
    _open_svg(svg, "scatter", alt, height, any(p[3] for p in points))
    y_marks = y_ticks if y_ticks is not None else [(t, _n(t)) for t in nice_ticks(*y_range)
                                                   if y_range[0] <= t <= y_range[1]]
    x_marks = x_ticks if x_ticks is not None else [(t, _n(t)) for t in nice_ticks(*x_range)
                                                   if x_range[0] <= t <= x_range[1]]
    for value, label in y_marks:
        y = y_of(value)
        svg.add(f'<line class="wp-grid" x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}"/>')
        svg.add(_text(left - 6, y + 4, label, cls="wp-tick", anchor="end"))
    for value, label in x_marks:
        x = x_of(value)
        svg.add(f'<line class="wp-grid" x1="{_n(x)}" x2="{_n(x)}" y1="{_n(top)}" y2="{_n(bottom)}"/>')
        svg.add(_text(x, bottom + 16, label, cls="wp-tick"))
    svg.add(f'<rect class="wp-frame" x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
            f'height="{_n(plot_h)}" fill="none"/>')
    svg.add(_text((left + right) / 2, height - 8, x_title, cls="wp-axis-title"))
    svg.add(_text(14, (top + bottom) / 2, y_title, cls="wp-axis-title",
                  extra=f' transform="rotate(-90 14 {_n((top + bottom) / 2)})"'))
    taken: list[Box] = []
    if split:
        svg.add(f'<line class="wp-split" x1="{_n(x_of(split[0]))}" x2="{_n(x_of(split[0]))}" y1="{_n(top)}" '
                f'y2="{_n(bottom)}"/><line class="wp-split" x1="{_n(left)}" x2="{_n(right)}" '
                f'y1="{_n(y_of(split[1]))}" y2="{_n(y_of(split[1]))}"/>')
        if quadrant_names:
            corners = ((right - 6, top + 16, "end"), (right - 6, bottom - 6, "end"),
                       (left + 6, top + 16, "start"), (left + 6, bottom - 6, "start"))
            for (x, y, anchor), name in zip(corners, quadrant_names, strict=True):
                label = shorten(name, 24)
                svg.add(_text(x, y, label, cls="wp-quadrant", anchor=anchor))
                taken.append(label_box(x, y, label, anchor))
    order = sorted(range(len(points)), key=lambda i: -(sizes[i] if sizes else 0.0))  # stable without sizes
    named = set(order[:label_top])
    biggest = max(sizes or [0.0]) or 1.0

    def radius(i: int) -> float:
        if i not in named:
            return 3.5
        return 5 + 9 * math.sqrt(max(sizes[i], 0.0) / biggest) if sizes else 6.0

    # Small dots first, the named points above them, then their labels on top of everything.
    for i in sorted(range(len(points)), key=lambda i: (i in named, -radius(i))):
        px, py, label, link = points[i]
        cls = "wp-dot wp-dot-named" if i in named else "wp-dot"
        if link:
            svg.open_link(link)
        svg.add(f'<circle class="{cls}" cx="{_n(x_of(px))}" cy="{_n(y_of(py))}" r="{_n(radius(i))}" '
                f'fill="{BLUE}"><title>{_e(label)} · {_e(x_title)} {_e(_n(px))} · {_e(y_title)} '
                f'{_e(_n(py))}</title></circle>')
        if link:
            svg.close_link()
    for i in order[:label_top]:
        px, py, label, _link = points[i]
        cx, cy, r = x_of(px), y_of(py), radius(i)
        taken.append((cx - r, cy - r, cx + r, cy + r))  # no label covers a named point
    for i in order[:label_top]:
        px, py, label, _link = points[i]
        text = shorten(label)
        spot = _place_label(x_of(px), y_of(py), radius(i), text, taken, area)
        if spot:
            x, y, anchor, box = spot
            taken.append(box)
            svg.add(_text(x, y, text, cls="wp-label", anchor=anchor))
    svg.add("</svg>")
    figure = {"data": [{"x": [p[0] for p in points], "y": [p[1] for p in points], "text": [p[2] for p in points],
                        "links": [p[3] for p in points], "sizes": list(sizes or [])}]}
    return Chart(chart_id, alt, figure, int(height), svg.done())

