"""The legend drawing of the static map: legend box, north arrow, scale bar and attribution line.

What :mod:`geo.reports.staticmap` draws around its points, and the marker style of each role
(which the legend shows and the map draws).
"""

from __future__ import annotations

from typing import Any

from ..i18n import field_text, tr
from ..load import Catalogue
from . import labels as L

ROLE_STYLE: dict[str, dict[str, Any]] = {  # drawn bottom to top
    "unit": dict(marker="^", color="#2e8b57", size=42, label="leg_unit", font=7),
    "related": dict(marker="o", color="#1f6fb4", size=70, label="leg_related", font=8),
    "host": dict(marker="o", color="#d62728", size=80, label="leg_host", font=8.5),
    "parent": dict(marker="s", color="#8b0000", size=90, label="leg_parent", font=8.5),
    "focus": dict(marker="*", color="#d62728", size=320, label="leg_focus", font=10),
}


def attribution(cat: Catalogue, lang: str) -> str:
    """The line naming the sources of the boundaries and the river drawn."""

    def title(source_ids) -> str:
        ids = sorted(set(source_ids))
        rows = cat.sources[cat.sources["id"].isin(ids)]
        return ("、" if lang == "zh" else "; ").join(field_text(r, "title", lang) for _, r in rows.iterrows())

    return tr(
        L.LABELS,
        "map_attribution",
        lang,
        areas=title(cat.areas["source_id"]) or "—",
        river=title(cat.rivers["source_id"]) or "—",
    )


def decorate(ax, cat, points, view, lang, prop, extra_handles=()) -> list:
    """Legend, scale bar, north arrow and the attribution line; returns them, for labels to avoid."""
    from matplotlib.lines import Line2D

    roles = [r for r in ROLE_STYLE if any(p.role == r for p in points)][::-1]
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=ROLE_STYLE[r]["marker"],
            color=ROLE_STYLE[r]["color"],
            markersize=9 if r == "focus" else 6,
            label=tr(L.LABELS, ROLE_STYLE[r]["label"], lang),
        )
        for r in roles
    ]
    if any(p.error_km for p in points):
        handles.append(
            Line2D([], [], color="#555555", linestyle=(0, (4, 3)), lw=0.9, label=tr(L.LABELS, "leg_error", lang))
        )
    handles += list(extra_handles)  # e.g. the site outlines (geo/reports/outline_drawing.py)
    handles.append(Line2D([], [], color="#3b8bd0", lw=1.8, label=tr(L.LABELS, "leg_river", lang)))
    small = prop.copy()
    small.set_size(7.5)
    legend = ax.legend(handles=handles, loc="upper right", prop=small, framealpha=0.85)
    legend.set_zorder(22)
    w, h = view[2] - view[0], view[3] - view[1]
    north = ax.annotate(
        tr(L.LABELS, "north", lang),
        xy=(view[0] + 0.04 * w, view[3] - 0.05 * h),
        xytext=(view[0] + 0.04 * w, view[3] - 0.13 * h),
        ha="center",
        va="center",
        fontproperties=prop,
        fontsize=9,
        arrowprops=dict(arrowstyle="-|>", color="#333333", lw=1.2),
        zorder=21,
    )
    credit = ax.text(
        view[0] + 0.01 * w,
        view[1] + 0.01 * h,
        attribution(cat, lang),
        fontproperties=prop,
        fontsize=5.5,
        color="#555555",
        ha="left",
        va="bottom",
        wrap=True,
        zorder=21,
        bbox=dict(boxstyle="square,pad=0.2", fc="white", ec="none", alpha=0.7),
    )
    return [legend, north, credit, *_scale_bar(ax, view, prop)]


def _scale_bar(ax, view, prop) -> list:
    w, h = view[2] - view[0], view[3] - view[1]
    km = next((k for k in (1, 2, 5, 10, 20, 25, 50, 100, 200) if k * 1000 >= w / 6), 200)
    x0, y0 = view[0] + 0.04 * w, view[1] + 0.08 * h
    bar = ax.plot([x0, x0 + km * 1000], [y0, y0], color="#222222", lw=2.5, solid_capstyle="butt", zorder=21)
    for x in (x0, x0 + km * 1000):
        ax.plot([x, x], [y0, y0 + 0.008 * h], color="#222222", lw=1, zorder=21)
    label = ax.text(
        x0 + km * 500, y0 + 0.012 * h, f"{km} km", fontproperties=prop, fontsize=7, ha="center", va="bottom", zorder=21
    )
    return bar + [label]
