"""A static map image for print and slides, drawn with matplotlib and no online tiles.

Drawn in UTM 48N (EPSG:32648), so error circles are round and the scale bar is true: county and
city boundaries and the Yellow River from the catalogue, then the points (the site or the chain's
hosting sites, parents and members, organizations) with dashed circles of their location error,
and Chinese or English labels placed so they do not overlap. Every character drawn is checked
against the font first (:class:`geo.reports.fonts.MissingGlyphsError`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
from shapely.geometry import Point, box

from ..i18n import name, tr
from ..load import Catalogue
from ..schema import CRS, PROJECTED_CRS
from . import labels as L
from .fonts import CjkFont, find_cjk_font, matplotlib_font
from .map_legend import ROLE_STYLE, attribution, decorate
from .outline_drawing import draw_outlines, legend_handle, projected_outlines

MIN_SPAN_M = 30_000  # never zoom closer than 30 km across: a lone park needs its surroundings
PAD = 0.12
PRIORITY = ("focus", "host", "parent", "related", "unit")
# Label positions tried in turn, in points from the marker: right, left, above, below, then further out.
OFFSETS = [
    (7, 3, "left", "bottom"),
    (7, -3, "left", "top"),
    (-7, 3, "right", "bottom"),
    (-7, -3, "right", "top"),
    (0, 9, "center", "bottom"),
    (0, -9, "center", "top"),
    (18, 12, "left", "bottom"),
    (-18, -12, "right", "top"),
    (18, -12, "left", "top"),
    (-18, 12, "right", "bottom"),
    (0, 22, "center", "bottom"),
    (0, -22, "center", "top"),
    (30, 0, "left", "center"),
    (-30, 0, "right", "center"),
]


@dataclass(frozen=True)
class MapPoint:
    """One thing to draw: where, its label, its role (a key of ROLE_STYLE) and its error in km."""

    lon: float
    lat: float
    label: str
    role: str
    error_km: float | None = None
    site_id: str = ""  # a site's id: its outline is drawn when it has one


def points_from(gdf, role: str, lang: str, with_error: bool = True) -> list[MapPoint]:
    """MapPoints for the located rows of a sites or organizations frame."""
    out = []
    for _, row in gdf[gdf.geometry.notna()].iterrows():
        err = (
            None
            if (not with_error or L.blank(row.get("error_km")) or row.get("geometry_quality") != "approximate")
            else float(row["error_km"])
        )
        out.append(MapPoint(row.geometry.x, row.geometry.y, name(row, lang), role, err, str(row.get("id", ""))))
    return out


def render_map(
    cat: Catalogue,
    points: list[MapPoint],
    lang: str = "zh",
    *,
    font: CjkFont | None = None,
    size: tuple[float, float] = (8.0, 6.0),
    dpi: int = 200,
) -> bytes:
    """The map as PNG bytes.

    Parameters
    ----------
    cat : Catalogue
        Supplies the boundaries (``cat.areas``), the river and their sources.
    points : list of MapPoint
        What to draw; the view fits them and their error circles.
    lang : 'zh' or 'en'
        Language of labels, legend and attribution.
    font : CjkFont, optional
        Defaults to :func:`geo.reports.fonts.find_cjk_font`.

    Raises
    ------
    FontNotFoundError, MissingGlyphsError
        No Chinese font, or a label with a character the font cannot draw.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = font or find_cjk_font()
    points = _unique(points)
    areas = cat.areas.to_crs(PROJECTED_CRS)
    rivers = cat.rivers.to_crs(PROJECTED_CRS)
    xy = _project(points)
    outlines = projected_outlines(cat, [p.site_id for p in points if p.role != "unit"])
    view = _view(points, xy, size, tuple(outlines.total_bounds) if len(outlines) else None)
    texts = _texts_drawn(cat, points, areas, rivers, view, lang) + [tr(L.LABELS, "leg_outline", lang)]
    font.check(texts, "the map")

    fig = Figure(figsize=size, dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_facecolor("white")
    prop = matplotlib_font(font)
    _draw_base(ax, areas, rivers)
    draw_outlines(ax, outlines)
    _draw_points(ax, points, xy)
    renderer = canvas.get_renderer()
    decorations = decorate(ax, cat, points, view, lang, prop, [legend_handle(lang)] if len(outlines) else [])
    placed = _marker_boxes(ax, xy, renderer) + [a.get_window_extent(renderer) for a in decorations]
    _label_points(ax, points, xy, prop, renderer, placed)
    _label_areas(ax, areas, rivers, view, lang, prop, renderer, placed)
    out = io.BytesIO()
    canvas.print_png(out)
    return out.getvalue()


def _unique(points: list[MapPoint]) -> list[MapPoint]:
    """One point per label and place, keeping the most important role."""
    rank = {role: i for i, role in enumerate(PRIORITY)}
    best: dict[tuple, MapPoint] = {}
    for p in points:
        key = (p.label, round(p.lon, 5), round(p.lat, 5))
        if key not in best or rank.get(p.role, 9) < rank.get(best[key].role, 9):
            best[key] = p
    return sorted(best.values(), key=lambda p: rank.get(p.role, 9))


def _project(points: list[MapPoint]) -> list[tuple[float, float]]:
    if not points:
        return []
    series = gpd.GeoSeries([Point(p.lon, p.lat) for p in points], crs=CRS).to_crs(PROJECTED_CRS)
    return [(g.x, g.y) for g in series]


def _view(points, xy, size, outline_bounds=None) -> tuple[float, float, float, float]:
    """The bounds to show: every point, its error circle and the outlines, padded, at the figure's aspect."""
    minx = min(x - (p.error_km or 0) * 1000 for p, (x, _) in zip(points, xy, strict=False))
    maxx = max(x + (p.error_km or 0) * 1000 for p, (x, _) in zip(points, xy, strict=False))
    miny = min(y - (p.error_km or 0) * 1000 for p, (_, y) in zip(points, xy, strict=False))
    maxy = max(y + (p.error_km or 0) * 1000 for p, (_, y) in zip(points, xy, strict=False))
    if outline_bounds is not None:
        minx, miny = min(minx, outline_bounds[0]), min(miny, outline_bounds[1])
        maxx, maxy = max(maxx, outline_bounds[2]), max(maxy, outline_bounds[3])
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    w = max(maxx - minx, MIN_SPAN_M) * (1 + 2 * PAD)
    h = max(maxy - miny, MIN_SPAN_M) * (1 + 2 * PAD)
    aspect = size[0] / size[1]
    w, h = max(w, h * aspect), max(h, w / aspect)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _in_view(areas: gpd.GeoDataFrame, view) -> gpd.GeoDataFrame:
    frame = box(*view)
    inner = box(*_shrink(view, 0.06))
    picked = areas[areas.intersects(frame)].copy()
    picked["anchor"] = picked.geometry.intersection(inner).representative_point()
    return picked[~picked["anchor"].is_empty]


def _shrink(view, by: float):
    dx, dy = (view[2] - view[0]) * by, (view[3] - view[1]) * by
    return view[0] + dx, view[1] + dy, view[2] - dx, view[3] - dy


def _texts_drawn(cat, points, areas, rivers, view, lang) -> list[str]:
    shown = _in_view(areas[areas["level"] != "province"], view)
    legend = [tr(L.LABELS, ROLE_STYLE[p.role]["label"], lang) for p in points]
    return (
        [p.label for p in points]
        + [name(r, lang) for _, r in shown.iterrows()]
        + [name(r, lang) for _, r in rivers.iterrows()]
        + legend
        + [tr(L.LABELS, k, lang) for k in ("leg_error", "leg_river", "north")]
        + [attribution(cat, lang), "0123456789 km"]
    )


def _draw_base(ax, areas: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame) -> None:
    province = areas[areas["level"] == "province"]
    province.plot(ax=ax, facecolor="#f6f3ea", edgecolor="#8c8c8c", linewidth=1.4, zorder=1)
    areas[areas["level"] == "county"].boundary.plot(ax=ax, color="#b3b3b3", linewidth=0.5, zorder=2)
    areas[areas["level"] == "city"].boundary.plot(
        ax=ax, color="#5f5f5f", linewidth=1.1, linestyle=(0, (6, 3)), zorder=2
    )
    rivers.plot(ax=ax, color="#3b8bd0", linewidth=1.8, zorder=3)


def _draw_points(ax, points, xy) -> None:
    from matplotlib.patches import Circle

    for p, (x, y) in zip(points, xy, strict=False):
        style = ROLE_STYLE.get(p.role, ROLE_STYLE["related"])
        if p.error_km:
            ax.add_patch(Circle((x, y), p.error_km * 1000, facecolor=style["color"], alpha=0.06, zorder=4))
            ax.add_patch(
                Circle(
                    (x, y),
                    p.error_km * 1000,
                    fill=False,
                    edgecolor=style["color"],
                    linewidth=0.8,
                    linestyle=(0, (4, 3)),
                    alpha=0.8,
                    zorder=4,
                )
            )
    for role in ROLE_STYLE:  # draw order: units first, the site itself last (on top)
        mine = [(x, y) for p, (x, y) in zip(points, xy, strict=False) if p.role == role]
        if mine:
            style = ROLE_STYLE[role]
            ax.scatter(
                [x for x, _ in mine],
                [y for _, y in mine],
                s=style["size"],
                marker=style["marker"],
                c=style["color"],
                edgecolors="white",
                linewidths=0.8,
                zorder=6 + list(ROLE_STYLE).index(role),
            )


def _marker_boxes(ax, xy, renderer) -> list:
    """Small boxes around every marker, so labels avoid covering them."""
    from matplotlib.transforms import Bbox

    boxes = []
    for x, y in xy:
        px, py = ax.transData.transform((x, y))
        boxes.append(Bbox.from_extents(px - 5, py - 5, px + 5, py + 5))
    return boxes


def _fits(bbox, placed, frame) -> bool:
    inside = bbox.x0 >= frame.x0 and bbox.x1 <= frame.x1 and bbox.y0 >= frame.y0 and bbox.y1 <= frame.y1
    return inside and not any(bbox.overlaps(other) for other in placed)


def _label_points(ax, points, xy, prop, renderer, placed) -> None:
    """Place the labels greedily.

    Greedy placement: each label takes the first position that overlaps nothing placed before.
    The site, hosts, parent and members are always labelled (at the first position if none is
    free); an organization's label is left out when there is no room (the table lists it).
    """
    frame = ax.get_window_extent(renderer)
    for p, (x, y) in zip(points, xy, strict=False):
        style = ROLE_STYLE.get(p.role, ROLE_STYLE["related"])
        weight = "bold" if p.role in ("focus", "host") else "normal"
        for i, (dx, dy, ha, va) in enumerate(OFFSETS):
            text = ax.annotate(
                p.label,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontproperties=prop,
                fontsize=style["font"],
                fontweight=weight,
                color="#222222",
                zorder=20,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75),
                arrowprops=dict(arrowstyle="-", color="#777777", lw=0.5) if i >= 6 else None,
            )
            bbox = text.get_window_extent(renderer).expanded(1.02, 1.05)
            if _fits(bbox, placed, frame):
                placed.append(bbox)
                break
            text.remove()
        else:
            if p.role != "unit":
                ax.annotate(
                    p.label,
                    (x, y),
                    xytext=OFFSETS[0][:2],
                    textcoords="offset points",
                    ha="left",
                    va="bottom",
                    fontproperties=prop,
                    fontsize=style["font"],
                    zorder=20,
                    color="#222222",
                )


def _label_areas(ax, areas, rivers, view, lang, prop, renderer, placed) -> None:
    """County and city names where there is room; the river's name once, inside the view."""
    frame = ax.get_window_extent(renderer)
    for level, size, colour in (("city", 10, "#555555"), ("county", 7.5, "#8a8a8a")):
        for _, row in _in_view(areas[areas["level"] == level], view).iterrows():
            text = ax.text(
                row["anchor"].x,
                row["anchor"].y,
                name(row, lang),
                fontproperties=prop,
                fontsize=size,
                color=colour,
                ha="center",
                va="center",
                zorder=5,
                fontweight="bold" if level == "city" else "normal",
            )
            bbox = text.get_window_extent(renderer)
            if _fits(bbox, placed, frame):
                placed.append(bbox)
            else:
                text.remove()
    inner = box(*_shrink(view, 0.1))
    for _, river in rivers.iterrows():
        part = river.geometry.intersection(inner)
        if part.is_empty:
            continue
        anchor = part.interpolate(0.5, normalized=True) if hasattr(part, "interpolate") else part.representative_point()
        text = ax.text(
            anchor.x,
            anchor.y,
            name(river, lang),
            fontproperties=prop,
            fontsize=8,
            color="#2a6fb0",
            style="italic",
            ha="center",
            va="bottom",
            zorder=5,
        )
        bbox = text.get_window_extent(renderer)
        if _fits(bbox, placed, frame):
            placed.append(bbox)
        else:
            text.remove()
