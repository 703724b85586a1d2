"""The map factory: options, the built map, the basemap and the finishing touches (no Streamlit here).

Every builder returns a :class:`BuiltMap`: the map and the index that turns a clicked
marker's tooltip back into a site id. The default basemap needs no tiles (boundaries,
river and labels are vector layers); online tiles are options. With Gaode tiles every
overlay is shifted to GCJ-02 so it lines up. Every name and quote is HTML-escaped.

:func:`new_map` draws the basemap and marks what it drew as static (the same for every filter),
so the map glue can send it once and update only the layers a builder adds afterwards. The site
and organization layers are in :mod:`views.map_layers`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.map import FitBounds, Layer
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.coords import geometry_to_gcj02
from geo.markup import html_text
from geo.settings import settings
from views.basemap import add_basemap_layers
from views.i18n import name, t
from views.legends import SWATCH_SHAPES as SWATCH_SHAPES  # re-exported: pages and builders import them from here
from views.legends import Legend as Legend
from views.legends import swatch as swatch
from views.map_parts import mark_static
from views.offline import localise, page_header
from views.outline_layer import attach_outlines

LANZHOU_BAIYIN_BOUNDS = ((35.55, 102.9), (37.45, 105.3))  # south-west, north-east

SITE_STYLE = {  # kind -> (marker colour, Font Awesome icon); no kind is red: red means "highlighted"
    "zone": ("darkred", "industry"),
    "park": ("blue", "building"),
    "platform": ("purple", "flask"),
    "center": ("orange", "star"),
    "cluster": ("green", "cubes"),
    "program": ("gray", "circle"),
}
ORG_STYLE = {
    "university": ("darkblue", "graduation-cap"),
    "institute": ("darkgreen", "microscope"),
    "enterprise": ("cadetblue", "briefcase"),
}
CATEGORY_COLOURS = {"traditional": "#a0522d", "emerging": "#1f77b4", "future": "#8e44ad"}
HIGHLIGHT_COLOUR = "red"
HIGHLIGHT_SWATCH = "#d63e2a"  # the fill of a "red" marker icon, for legends
DIM_COLOUR = "#9e9e9e"  # sites drawn as grey dots beside the highlighted ones
ERROR_RING = "#555"  # legend swatch of the dashed location-error circles
LINK_COLOUR = "#c0392b"  # the dashed lines of add_links


@dataclass(frozen=True)
class MapOptions:
    lang: str = "zh"
    basemap: str = "vector"  # vector | osm | tianditu | gaode
    tianditu_key: str = ""

    @property
    def effective_basemap(self) -> str:
        """Tianditu without a key falls back to the offline basemap."""
        return "vector" if self.basemap == "tianditu" and not self.tianditu_key else self.basemap

    def shift(self, geom: BaseGeometry) -> BaseGeometry:
        return geometry_to_gcj02(geom) if self.effective_basemap == "gaode" else geom


@dataclass
class BuiltMap:
    """A map and its click index (a marker's label, the first line of its tooltip -> site id).

    The map owns its click index: a builder makes a marker clickable with :meth:`clickable`
    (which also keeps labels unique) and never writes the index itself.
    """

    map: folium.Map
    click_index: dict[str, str] = field(default_factory=dict)
    #: ((lat, lon), zoom) the map moves to without being rebuilt (e.g. a tour step); None keeps its own view
    view: tuple[tuple[float, float], float] | None = None
    #: what the map glue (ui.mapview) prepared from this map to send, kept with it; builders never touch it
    rendered: dict = field(default_factory=dict, compare=False, repr=False)

    def clickable(self, label: str, site_id: str) -> str:
        """Let a click on the marker labelled ``label`` open ``site_id``; return the label to show.

        The label gets its id appended ('label [id]') when another site on the map already has it.
        """
        if self.click_index.get(label, site_id) != site_id:
            label = f"{label} [{site_id}]"
        self.click_index[label] = site_id
        return label

    def not_clickable(self, site_id: str) -> None:
        """A click on ``site_id``'s markers does nothing (e.g. the site whose page shows the map)."""
        self.click_index = {label: sid for label, sid in self.click_index.items() if sid != site_id}

    def site_for_tooltip(self, tooltip: str | None) -> str | None:
        """The site whose label starts the clicked tooltip's text (browsers may drop the line breaks)."""
        if not tooltip:
            return None
        text = tooltip.strip()
        first_line = text.splitlines()[0].strip()
        if first_line in self.click_index:
            return self.click_index[first_line]
        starts = [label for label in self.click_index if text.startswith(label)]
        return self.click_index[max(starts, key=len)] if starts else None


esc = html_text  # the one HTML escaping rule (geo/markup.py); the short name is used by every map builder


class SafeLayerControl(folium.LayerControl):
    """folium's layer switcher with every layer name escaped: Leaflet inserts the names as HTML.

    Layer names are plain text everywhere (an indicator or chain name can be one); they become
    HTML only here, so this is the one place they are escaped.
    """

    def render(self, **kwargs):
        self.reset()
        assert self._parent is not None  # rendered only once added to a map
        for item in self._parent._children.values():
            if isinstance(item, Layer) and item.control:
                layers = self.overlays if item.overlay else self.base_layers
                layers[esc(item.layer_name)] = item.get_name()
        MacroElement.render(self, **kwargs)


def tianditu_key_from_env() -> str:
    return settings().tianditu_key


# --------------------------------------------------------------- base layers


def new_map(
    cat, opts: MapOptions, bounds=LANZHOU_BAIYIN_BOUNDS, view: tuple[tuple[float, float], float] | None = None
) -> folium.Map:
    """A map with the chosen basemap, the administrative areas and the Yellow River.

    It shows ``bounds`` unless ``view`` = ((lat, lon), zoom) in WGS-84 sets the view exactly.
    """
    # maxZoom: with tiles=None folium drops max_zoom, and plugins like MarkerCluster need it.
    m = folium.Map(tiles=None, control_scale=True, zoom_snap=0.5, zoom_delta=0.5, maxZoom=18)
    _add_tiles(m, opts)
    add_areas(m, cat.areas, opts)
    add_river(m, cat.rivers, opts)
    add_basemap_layers(m, cat, opts)  # area labels at points computed inside each area, towns, railways
    attach_outlines(m, cat)  # every site drawn on this map later gets its outline (views.outline_layer)
    if view is None:
        m.fit_bounds(bounds)
    else:
        set_view(m, shifted_view(view, opts))
    mark_static(m)  # what follows (a builder's layers) is what a filter changes
    return m


def shifted_view(view: tuple[tuple[float, float], float], opts: MapOptions) -> tuple[tuple[float, float], float]:
    """A view ((lat, lon), zoom) in WGS-84 as drawn on the chosen basemap (shifted to GCJ-02 on Gaode)."""
    (lat, lon), zoom = view
    centre = opts.shift(Point(lon, lat))
    return (centre.y, centre.x), zoom


def set_view(m: folium.Map, view: tuple[tuple[float, float], float]) -> folium.Map:
    """Make ``m`` open at ``view`` ((lat, lon), zoom, as drawn), instead of any bounds it was fitted to."""
    for key, child in list(m._children.items()):
        if isinstance(child, FitBounds):
            del m._children[key]
    (lat, lon), zoom = view
    m.location, m.options["zoom"] = [lat, lon], zoom
    return m


def _add_tiles(m: folium.Map, opts: MapOptions) -> None:
    basemap = opts.effective_basemap
    if basemap == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    elif basemap == "gaode":
        folium.TileLayer(
            "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
            attr="© 高德地图 AutoNavi (GCJ-02)",
            name="高德 Gaode",
            subdomains="1234",
        ).add_to(m)
    elif basemap == "tianditu":
        for layer in ("vec", "cva"):
            folium.TileLayer(
                f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
                f"&TILECOL={{x}}&tk={opts.tianditu_key}",
                attr="© 天地图 Tianditu",
                name=f"天地图 {layer}",
                subdomains="01234567",
                overlay=layer == "cva",
            ).add_to(m)
    else:
        # No tiles: a pale background so the vector layers read as a map.
        page_header(m).add_child(folium.Element("<style>.leaflet-container{background:#f4f1ea}</style>"))


def add_areas(m: folium.Map, areas: gpd.GeoDataFrame, opts: MapOptions) -> None:
    group = folium.FeatureGroup(name=t("layer_areas", opts.lang), control=True)
    styles = {
        "province": dict(color="#7f7f7f", weight=2.5, fillColor="#ffffff", fillOpacity=0.55),
        "city": dict(color="#555555", weight=2, dashArray="6 4", fillOpacity=0),
        "county": dict(color="#999999", weight=0.8, fillOpacity=0),
    }
    for level in ("province", "city", "county"):
        for _, row in areas[areas["level"] == level].iterrows():
            style = styles[level]
            layer = folium.GeoJson(
                opts.shift(row.geometry).__geo_interface__,
                style_function=lambda _f, s=style: s,
                highlight_function=None,
                interactive=level == "county",
            )
            layer.add_to(group)
    # Names are drawn by views.basemap.add_area_labels at a point inside each area, never by the browser.
    group.add_to(m)


def add_river(m: folium.Map, rivers: gpd.GeoDataFrame, opts: MapOptions) -> None:
    group = folium.FeatureGroup(name=t("layer_river", opts.lang))
    for _, row in rivers.iterrows():
        folium.GeoJson(
            opts.shift(row.geometry).__geo_interface__,
            style_function=lambda _f: dict(color="#3b8bd0", weight=3, opacity=0.85),
            tooltip=esc(name(row, opts.lang)),
        ).add_to(group)
    group.add_to(m)


# --------------------------------------------------------------- finishing


def finish(m: folium.Map, layer_control: bool = True) -> folium.Map:
    """Add the layer switcher and make every JS/CSS link local (the map must work offline)."""
    if layer_control:
        SafeLayerControl(collapsed=True).add_to(m)
    return localise(m)


def fit_to(m: folium.Map, gdf: gpd.GeoDataFrame, opts: MapOptions, pad_deg: float = 0.08) -> None:
    located = gdf[gdf.geometry.notna()]
    if located.empty:
        return
    minx, miny, maxx, maxy = located.geometry.apply(opts.shift).total_bounds
    m.fit_bounds([[miny - pad_deg, minx - pad_deg], [maxy + pad_deg, maxx + pad_deg]])


def fitted_view(
    gdf: gpd.GeoDataFrame, opts: MapOptions, pad_deg: float = 0.08, size_px: int = 460
) -> tuple[tuple[float, float], float] | None:
    """The view ((lat, lon), zoom, as drawn) showing ``gdf``'s located rows on a map ``size_px`` high.

    Leaflet's fit, worked out on the server so the open map can move there without being rebuilt
    (:attr:`BuiltMap.view`): the zoom at which the padded bounds fit a ``size_px`` square, snapped
    down to the maps' half steps. None when no row is located.
    """
    located = gdf[gdf.geometry.notna()]
    if located.empty:
        return None
    minx, miny, maxx, maxy = located.geometry.apply(opts.shift).total_bounds
    south, west, north, east = miny - pad_deg, minx - pad_deg, maxy + pad_deg, maxx + pad_deg
    span_x = (east - west) / 360 * 256  # pixels at zoom 0 (a 256-pixel world)
    span_y = (_mercator_y(north) - _mercator_y(south)) / (2 * math.pi) * 256
    zoom = math.log2(size_px / max(span_x, span_y))
    zoom = min(max(math.floor(zoom * 2) / 2, 0.0), 18.0)
    centre_lat = math.degrees(2 * math.atan(math.exp((_mercator_y(north) + _mercator_y(south)) / 2)) - math.pi / 2)
    return (centre_lat, float(west + east) / 2), zoom


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
