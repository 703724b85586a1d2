"""Basemap builders: area labels, railways, stations and town names (no Streamlit here).

Area names are drawn as non-interactive label markers at points computed once in
:mod:`geo.label_points` — never as permanent tooltips, which the browser centres on a polygon's
clipped on-screen outline and so puts far outside small counties at a wide view (issue 9, §1).

Each reference layer is a toggleable :class:`folium.FeatureGroup` with a zh/en name. Which layers
show at first follows their licence (README "Basemap layers and their licences"): town names
(GeoNames, CC BY 4.0) are on; railways and stations (licence unknown) ship switched off and say so
in their layer name. ``opts`` is the map's options (``views.maps.MapOptions``: ``lang`` and
``shift``, the GCJ-02 shift for Gaode tiles); every text is escaped with :func:`geo.markup.html_text`.

Labels and stations are drawn by one short loop per layer (:class:`PointGroup`) rather than one
folium element each: the script stays small (st_folium sends it on every rerun), and they live
in their own pane below the site markers, with no pointer events, so they never catch a click
meant for a site and are not counted as site markers (``.leaflet-marker-pane``, ``L.marker(``).
"""

from __future__ import annotations

import json

import folium
from folium.map import CustomPane
from folium.template import Template
from shapely.geometry import Point

from geo.label_points import area_label_points
from geo.markup import html_text
from views.i18n import name, tr
from views.offline import page_header

AREA_LABEL_CLASS = "lanbai-area-label"
TOWN_LABEL_CLASS = "lanbai-town-label"
LABEL_PANE = "lanbaiLabels"  # above areas and lines (overlayPane 400), below markers (600)
LABEL_LEVELS = ("county",)  # the levels labelled by default: cities and the province are outlines only

LABELS: dict[str, tuple[str, str]] = {
    "layer_area_labels": ("行政区名称", "Area names"),
    "layer_towns": ("地名（© GeoNames, CC BY 4.0）", "Place names (© GeoNames, CC BY 4.0)"),
    "layer_railways": ("铁路（许可未知）", "Railways (licence unknown)"),
    "layer_stations": ("火车站（许可未知）", "Railway stations (licence unknown)"),
    "station": ("{name}站", "{name} station"),
}
# Each basemap layer, its layer-name key, and whether it shows when a map opens (its licence decides).
BASEMAP_LAYERS = (
    ("railways", "layer_railways", False),
    ("stations", "layer_stations", False),
    ("towns", "layer_towns", True),
)

# A label is centred on its point by CSS (the icon is 0×0 at the point), so the label's centre is
# the computed point at any zoom. A town label starts with its dot, the name to its right.
_LABEL_CSS = (
    "<style>"
    ".leaflet-marker-icon.lanbai-label-icon{background:none;border:0}"
    f".{AREA_LABEL_CLASS},.{TOWN_LABEL_CLASS}{{position:absolute;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff}"
    f".{AREA_LABEL_CLASS}{{transform:translate(-50%,-50%);color:#666;font-size:11px;font-weight:600}}"
    f".{TOWN_LABEL_CLASS}{{transform:translate(-3px,-50%);color:#444;font-size:10px}}"
    ".lanbai-town-dot{display:inline-block;width:5px;height:5px;margin-right:3px;border-radius:50%;"
    "background:#444;vertical-align:middle}"
    "</style>"
)


class PointGroup(folium.FeatureGroup):
    """A toggleable group of points drawn by one JS loop: label markers or station dots.

    Parameters
    ----------
    name : str
        The layer's name in the layer control (plain text; the control escapes it).
    items : list of (lat, lon, text)
        ``text`` is HTML already escaped: the label's markup, or the station's tooltip.
    kind : {"label", "station"}
        ``label``: a non-interactive marker with a ``DivIcon`` holding ``text``, in
        :data:`LABEL_PANE`; ``station``: a small circle with ``text`` as its tooltip.
    show : bool
        Whether the layer is on when the map opens.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup({{ this.options|tojavascript }});
            {{ this.items_json }}.forEach(function (item) {
            {% if this.kind == "label" %}
                new L.Marker([item[0], item[1]], {interactive: false, keyboard: false, pane: {{ this.pane|tojson }},
                    icon: L.divIcon({html: item[2], className: "lanbai-label-icon", iconSize: [0, 0], iconAnchor: [0, 0]})
                }).addTo({{ this.get_name() }});
            {% else %}
                new L.CircleMarker([item[0], item[1]], {radius: 4, color: "#333", weight: 1.5, fill: true,
                    fillColor: "#fff", fillOpacity: 1}).bindTooltip(item[2]).addTo({{ this.get_name() }});
            {% endif %}
            });
        {% endmacro %}
        """)

    def __init__(self, name: str, items: list[tuple[float, float, str]], kind: str = "label", show: bool = True):
        if kind not in ("label", "station"):
            raise ValueError(f"kind must be 'label' or 'station', not {kind!r}")
        super().__init__(name=name, show=show)
        self.items = [(float(lat), float(lon), str(text)) for lat, lon, text in items]
        self.kind = kind
        self.pane = LABEL_PANE

    @property
    def items_json(self) -> str:
        # "<", ">" and "&" as \u escapes: a value can never close the <script> element.
        return (
            json.dumps(self.items, ensure_ascii=False)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )


def add_area_labels(m: folium.Map, cat, opts, levels: tuple[str, ...] = LABEL_LEVELS) -> PointGroup:
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
    PointGroup
        The toggleable group, already added to ``m``; each label's HTML carries ``data-area-code``.
    """
    unknown = set(levels) - set(cat.areas["level"])
    if unknown:
        raise ValueError(f"no area level(s) {sorted(unknown)}; levels are {sorted(set(cat.areas['level']))}")
    points = area_label_points(cat)
    items = []
    for row in points[points["level"].isin(levels)].itertuples(index=False):
        html = (
            f'<div class="{AREA_LABEL_CLASS} {AREA_LABEL_CLASS}-{html_text(row.level)}" '
            f'data-area-code="{html_text(row.code)}">{html_text(name(row, opts.lang))}</div>'
        )
        items.append((*_shifted(row.lat, row.lon, opts), html))
    return _add(m, PointGroup(tr(LABELS, "layer_area_labels", opts.lang), items))


def add_towns(m: folium.Map, cat, opts, show: bool = True) -> PointGroup | None:
    """Town and district names from GeoNames: a dot and a non-interactive label each."""
    towns = getattr(cat, "towns", None)
    if towns is None or towns.empty:
        return None
    items = []
    for row in towns.itertuples(index=False):
        html = (
            f'<div class="{TOWN_LABEL_CLASS}" data-geonameid="{html_text(row.geonameid)}">'
            f'<span class="lanbai-town-dot"></span>{html_text(name(row, opts.lang))}</div>'
        )
        items.append((*_shifted(row.geometry.y, row.geometry.x, opts), html))
    return _add(m, PointGroup(tr(LABELS, "layer_towns", opts.lang), items, show=show))


def add_railways(m: folium.Map, cat, opts, show: bool = False) -> folium.FeatureGroup | None:
    """Railway lines as one GeoJSON layer (grey with white dashes); off by default (licence unknown)."""
    railways = getattr(cat, "railways", None)
    if railways is None or railways.empty:
        return None
    group = folium.FeatureGroup(name=tr(LABELS, "layer_railways", opts.lang), show=show)
    lines = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": opts.shift(geom).__geo_interface__}
            for geom in railways.geometry
        ],
    }
    for style in (dict(color="#555", weight=3, opacity=0.8), dict(color="#fff", weight=1.5, dashArray="4 6")):
        folium.GeoJson(lines, style_function=lambda _f, s=style: s, interactive=False).add_to(group)
    group.add_to(m)
    return group


def add_stations(m: folium.Map, cat, opts, show: bool = False) -> PointGroup | None:
    """Railway stations as small white dots with their name as tooltip; off by default (licence unknown)."""
    stations = getattr(cat, "stations", None)
    if stations is None or stations.empty:
        return None
    items = [
        (*_shifted(row.geometry.y, row.geometry.x, opts), html_text(tr(LABELS, "station", opts.lang, name=row.name_zh)))
        for row in stations.itertuples(index=False)
    ]
    return _add(m, PointGroup(tr(LABELS, "layer_stations", opts.lang), items, kind="station", show=show))


def add_basemap_layers(m: folium.Map, cat, opts) -> None:
    """The reference layers every map gets, in drawing order, each with its default visibility."""
    shown = {table: on for table, _key, on in BASEMAP_LAYERS}
    add_railways(m, cat, opts, show=shown["railways"])
    add_stations(m, cat, opts, show=shown["stations"])
    add_towns(m, cat, opts, show=shown["towns"])
    add_area_labels(m, cat, opts)


def _shifted(lat: float, lon: float, opts) -> tuple[float, float]:
    point = opts.shift(Point(lon, lat))
    return point.y, point.x


def _add(m: folium.Map, group: PointGroup) -> PointGroup:
    """Add ``group`` to ``m``, with the label pane and the label CSS once per map (before any group)."""
    if not any(isinstance(child, CustomPane) and child.name == LABEL_PANE for child in m._children.values()):
        CustomPane(LABEL_PANE, z_index=450, pointer_events=False).add_to(m)
        page_header(m).add_child(folium.Element(_LABEL_CSS), name="lanbai_label_css")
    group.add_to(m)
    return group
