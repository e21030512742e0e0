"""Chart figures for plotly.js, as plain data: the page embeds them as JSON and winplan.js draws them.

Labels pass through `chart_label` because plotly reads a subset of HTML in text; links in `customdata` are
site-relative paths the builder made, followed on click by winplan.js.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.site.escaping import chart_label

BLUE = "#1f6fb2"
LIGHT_BLUE = "#8cb8dc"
RED = "#c0392b"
GREEN = "#2e7d32"
GREY = "#7f8c8d"
PALETTE = (BLUE, "#e67e22", GREEN, "#8e44ad", RED, "#16a085")


@dataclass(frozen=True)
class Chart:
    """One chart: an id unique on its page, a text alternative, and the plotly figure."""

    chart_id: str
    alt: str
    figure: dict[str, Any] = field(default_factory=dict)
    height: int = 320


def _layout(x_title: str = "", y_title: str = "", **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "xaxis": {"title": {"text": chart_label(x_title)}, "automargin": True},
        "yaxis": {"title": {"text": chart_label(y_title)}, "automargin": True},
        "legend": {"orientation": "h", "y": -0.25},
        "hoverlabel": {"align": "left"},
    }
    layout.update(extra)
    return layout


def bars(chart_id: str, alt: str, categories: list[str], series: list[tuple[str, list[float], str]],
         links: list[str], *, x_title: str = "", y_title: str = "", stacked: bool = False) -> Chart:
    """A bar chart: one bar group per category, one series per (name, values, colour); bars link to `links`."""
    data = [
        {
            "type": "bar", "name": chart_label(name), "x": [chart_label(c) for c in categories], "y": values,
            "marker": {"color": colour}, "customdata": links,
            "hovertemplate": "%{x}<br>" + chart_label(name) + ": %{y:,.0f}<extra></extra>",
        }
        for name, values, colour in series
    ]
    layout = _layout(x_title, y_title, barmode="stack" if stacked else "group")
    return Chart(chart_id, alt, {"data": data, "layout": layout})


def scatter(chart_id: str, alt: str, points: list[tuple[float, float, str, str]], *, x_title: str,
            y_title: str, x_range: tuple[float, float], y_range: tuple[float, float],
            sizes: list[float] | None = None, split: tuple[float, float] | None = None,
            quadrant_names: tuple[str, str, str, str] | None = None,
            y_ticks: list[tuple[float, str]] | None = None) -> Chart:
    """A scatter of (x, y, label, link) points, optionally with quadrant lines at `split` (x, y)."""
    marker: dict[str, Any] = {"color": BLUE, "opacity": 0.75, "line": {"width": 1, "color": "#ffffff"}}
    if sizes:
        biggest = max(sizes) or 1.0
        marker["size"] = [12 + 28 * (size / biggest) ** 0.5 for size in sizes]
    else:
        marker["size"] = 14
    data = [{
        "type": "scatter", "mode": "markers", "x": [p[0] for p in points], "y": [p[1] for p in points],
        "text": [chart_label(p[2]) for p in points], "customdata": [p[3] for p in points],
        "marker": marker,
        "hovertemplate": "%{text}<br>" + chart_label(x_title) + ": %{x:.0f}<br>" + chart_label(y_title)
        + ": %{y:.1f}<extra></extra>",
    }]
    layout = _layout(x_title, y_title, showlegend=False)
    layout["xaxis"]["range"] = list(x_range)
    layout["yaxis"]["range"] = list(y_range)
    if y_ticks:
        layout["yaxis"].update(tickmode="array", tickvals=[t[0] for t in y_ticks],
                               ticktext=[chart_label(t[1]) for t in y_ticks])
    if split:
        line = {"color": GREY, "width": 1, "dash": "dot"}
        layout["shapes"] = [
            {"type": "line", "x0": split[0], "x1": split[0], "y0": y_range[0], "y1": y_range[1], "line": line},
            {"type": "line", "x0": x_range[0], "x1": x_range[1], "y0": split[1], "y1": split[1], "line": line},
        ]
    if split and quadrant_names:
        corners = (
            (x_range[1], y_range[1], "right", "top"), (x_range[1], y_range[0], "right", "bottom"),
            (x_range[0], y_range[1], "left", "top"), (x_range[0], y_range[0], "left", "bottom"),
        )
        layout["annotations"] = [
            {"x": x, "y": y, "xanchor": xa, "yanchor": ya, "text": chart_label(name), "showarrow": False,
             "font": {"color": GREY, "size": 12}}
            for (x, y, xa, ya), name in zip(corners, quadrant_names, strict=True)
        ]
    return Chart(chart_id, alt, {"data": data, "layout": layout}, height=380)


def lines(chart_id: str, alt: str, x: list[str], series: list[tuple[str, list[float | None], str]], *,
          y_title: str = "") -> Chart:
    """A line chart over harvests."""
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": chart_label(name), "x": x, "y": values,
         "line": {"color": colour}, "hovertemplate": "%{x}<br>" + chart_label(name) + ": %{y:,.0f}<extra></extra>"}
        for name, values, colour in series
    ]
    return Chart(chart_id, alt, {"data": data, "layout": _layout("", y_title)}, height=280)
