"""Basemap builders: area labels, railways, stations and town names (no Streamlit here).

Area names are drawn as non-interactive label markers at points computed once in
:mod:`geo.label_points` — never as permanent tooltips, which the browser centres on a polygon's
clipped on-screen outline and so puts far outside small counties at a wide view (issue 9, §1).

Each reference layer is a toggleable :class:`folium.FeatureGroup` with a zh/en name. Which layers
show at first follows their licence (README "Basemap layers and their licences"): town names
(GeoNames, CC BY 4.0) are on; railways and stations (licence unknown) ship switched off and say so
in their layer name. ``opts`` is the map's options (``views.maps.MapOptions``: ``lang`` and
``shift``, the GCJ-02 shift for Gaode tiles); every text is escaped with :func:`geo.markup.html_text`.
"""
from __future__ import annotations

import folium
from shapely.geometry import Point

from geo.label_points import area_label_points
from geo.markup import html_text
from views.i18n import name, tr

AREA_LABEL_CLASS = "lanbai-area-label"
TOWN_LABEL_CLASS = "lanbai-town-label"
LABEL_LEVELS = ("county",)  # the levels labelled by default: cities and the province are outlines only

LABELS: dict[str, tuple[str, str]] = {
    "layer_area_labels": ("行政区名称", "Area names"),
    "layer_towns": ("地名（© GeoNames, CC BY 4.0）", "Place names (© GeoNames, CC BY 4.0)"),
    "layer_railways": ("铁路（许可未知）", "Railways (licence unknown)"),
    "layer_stations": ("火车站（许可未知）", "Railway stations (licence unknown)"),
    "station": ("{name}站", "{name} station"),
}

# Labels are centred on their point by CSS (the marker icon is 0×0 at the point), so the label's
# centre is the computed point at any zoom; pointer-events:none keeps clicks on what lies below.
_LABEL_CSS = (
    "<style>"
    f".leaflet-marker-icon.lanbai-label-icon{{background:none;border:0;pointer-events:none}}"
    f".{AREA_LABEL_CLASS},.{TOWN_LABEL_CLASS}{{position:absolute;transform:translate(-50%,-50%);"
    "white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none}"
    f".{AREA_LABEL_CLASS}{{color:#666;font-size:11px;font-weight:600}}"
    f".{TOWN_LABEL_CLASS}{{color:#444;font-size:10px;transform:translate(4px,-50%)}}"
    "</style>"
)


def add_area_labels(m: folium.Map, cat, opts, levels: tuple[str, ...] = LABEL_LEVELS) -> folium.FeatureGroup:
    """Label every area of ``levels`` at its point from :func:`geo.label_points.area_label_points`.

    Parameters
    ----------
    m : folium.Map
    cat : geo.load.Catalogue
    opts : views.maps.MapOptions
        ``lang`` picks the name; ``shift`` moves the point onto GCJ-02 tiles when those are shown.
    levels : tuple of str
        Area levels to label (``county``, ``city``, ``province``).

    Returns
    -------
    folium.FeatureGroup
        The toggleable group, already added to ``m``.
    """
    unknown = set(levels) - set(cat.areas["level"])
    if unknown:
        raise ValueError(f"no area level(s) {sorted(unknown)}; levels are {sorted(set(cat.areas['level']))}")
    points = area_label_points(cat)
    group = folium.FeatureGroup(name=tr(LABELS, "layer_area_labels", opts.lang))
    for row in points[points["level"].isin(levels)].itertuples(index=False):
        html = (f'<div class="{AREA_LABEL_CLASS} {AREA_LABEL_CLASS}-{html_text(row.level)}" '
                f'data-area-code="{html_text(row.code)}">{html_text(name(row, opts.lang))}</div>')
        _label_marker(row.lat, row.lon, html, opts).add_to(group)
    _add_css(m)
    group.add_to(m)
    return group


def add_towns(m: folium.Map, cat, opts, show: bool = True) -> folium.FeatureGroup | None:
    """Town and district names from GeoNames: a small dot and a non-interactive label each."""
    towns = getattr(cat, "towns", None)
    if towns is None or towns.empty:
        return None
    group = folium.FeatureGroup(name=tr(LABELS, "layer_towns", opts.lang), show=show)
    for row in towns.itertuples(index=False):
        point = opts.shift(row.geometry)
        folium.CircleMarker([point.y, point.x], radius=2, color="#444", weight=1, fill=True,
                            fill_opacity=0.9, interactive=False).add_to(group)
        html = (f'<div class="{TOWN_LABEL_CLASS}" data-geonameid="{html_text(row.geonameid)}">'
                f"{html_text(name(row, opts.lang))}</div>")
        _label_marker(row.geometry.y, row.geometry.x, html, opts).add_to(group)
    _add_css(m)
    group.add_to(m)
    return group


def add_railways(m: folium.Map, cat, opts, show: bool = False) -> folium.FeatureGroup | None:
    """Railway lines, drawn as a grey line with white ties; off by default (licence unknown)."""
    railways = getattr(cat, "railways", None)
    if railways is None or railways.empty:
        return None
    group = folium.FeatureGroup(name=tr(LABELS, "layer_railways", opts.lang), show=show)
    for geom in railways.geometry:
        coords = [(y, x) for x, y in opts.shift(geom).coords]
        folium.PolyLine(coords, color="#555", weight=3, opacity=0.8, interactive=False).add_to(group)
        folium.PolyLine(coords, color="#fff", weight=1.5, dash_array="4 6", interactive=False).add_to(group)
    group.add_to(m)
    return group


def add_stations(m: folium.Map, cat, opts, show: bool = False) -> folium.FeatureGroup | None:
    """Railway stations as small squares-ish dots with their name as tooltip; off by default."""
    stations = getattr(cat, "stations", None)
    if stations is None or stations.empty:
        return None
    group = folium.FeatureGroup(name=tr(LABELS, "layer_stations", opts.lang), show=show)
    for row in stations.itertuples(index=False):
        point = opts.shift(row.geometry)
        folium.CircleMarker([point.y, point.x], radius=4, color="#333", weight=1.5, fill=True,
                            fill_color="#fff", fill_opacity=1,
                            tooltip=html_text(tr(LABELS, "station", opts.lang, name=row.name_zh))).add_to(group)
    group.add_to(m)
    return group


def add_basemap_layers(m: folium.Map, cat, opts) -> None:
    """The reference layers every map gets, in drawing order, each with its default visibility."""
    add_railways(m, cat, opts)
    add_stations(m, cat, opts)
    add_towns(m, cat, opts)
    add_area_labels(m, cat, opts)


def _label_marker(lat: float, lon: float, html: str, opts) -> folium.Marker:
    point = opts.shift(Point(lon, lat))
    icon = folium.DivIcon(html=html, icon_size=(0, 0), icon_anchor=(0, 0), class_name="lanbai-label-icon")
    return folium.Marker([point.y, point.x], icon=icon, interactive=False, keyboard=False)


def _add_css(m: folium.Map) -> None:
    header = m.get_root().header
    if "lanbai_label_css" not in header._children:
        header.add_child(folium.Element(_LABEL_CSS), name="lanbai_label_css")
