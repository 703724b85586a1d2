"""pydeck builders: the offline basemap, points or server-side hexagons, and selection (offline).

The arcs and target-vs-actual columns views are in :mod:`views.deck_links` and share this module's rules.

Every builder returns a :class:`pydeck.Deck` with ``map_provider=None`` and pydeck's default
``map_style`` sentinel (never ``map_style=None``: Streamlit then fetches a CARTO style), so no
online basemap: the basemap is the catalogue's county/city outlines and the Yellow River as
GeoJsonLayers. Every layer has an ``id``. Streamlit glue stays in the page::

    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="deck-…")
    hit = picked(event)          # Picked(layer, id, kind) or None

Selection: every pickable row carries ``id`` (:data:`ID_FIELD`) and ``kind`` (:data:`KIND_FIELD`):

==================== ========================== ===============================================
layer id             ``kind``                   ``id`` is
==================== ========================== ===============================================
:data:`POINTS_LAYER` ``point``                  the input row's id (enterprise, 载体, site …)
:data:`BINS_LAYER`   ``bin``                    a hexagon id (:func:`geo.hexbin.in_cell` lists its rows)
:data:`ARCS_LAYER`   ``site``                   the site the arc points to (park, partner zone)
:data:`TARGET_LAYER` / :data:`ACTUAL_LAYER` ``site`` the zone (site id or area code)
:data:`OUTLINES_LAYER` ``outline``              the site whose imported outline it is
==================== ========================== ===============================================

Tooltips are TEXT templates (``{"text": "{tooltip}"}``): deck.gl puts them in with
``innerText``, so a value from the data can never become markup, whatever it holds; the
``tooltip`` field is plain text and is not HTML-escaped (escaping would show ``&lt;``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

from geo.errors import InvalidQueryError
from geo.hexbin import hex_bins
from geo.load import Catalogue
from geo.outlines import site_outlines
from geo.schema import CRS, PROJECTED_CRS
from views.outline_layer import OUTLINE_COLOUR, outline_lines

AREAS_LAYER, RIVERS_LAYER = "basemap-areas", "basemap-rivers"
POINTS_LAYER, BINS_LAYER, ARCS_LAYER = "points", "bins", "arcs"
TARGET_LAYER, ACTUAL_LAYER = "targets-target", "targets-actual"
OUTLINES_LAYER = "site-outlines"
ID_FIELD, KIND_FIELD, TOOLTIP_FIELD = "id", "kind", "tooltip"
TOOLTIP = {"text": "{tooltip}", "style": {"fontSize": "13px", "whiteSpace": "pre-line"}}

MAX_POINTS = 5_000  # above this, points are binned on the server
BIN_RADIUS_M, MAX_BINS = 1_000.0, 5_000
SIMPLIFY_M = 500.0  # basemap tolerance in metres (EPSG:32648): county lines stay recognisable at zoom ≤ 10
POINT_COLOUR, RIVER_COLOUR, AREA_LINE = [200, 40, 40, 220], [70, 130, 200, 200], [120, 120, 120, 200]
ARC_COLOURS = {"lead": [200, 40, 40], "unit": [40, 120, 200], "partner": [230, 150, 30]}
TARGET_COLOUR, ACTUAL_COLOUR = [150, 150, 150, 160], [200, 40, 40, 230]
BIN_RAMP = [[255, 237, 160], [254, 178, 76], [240, 59, 32], [189, 0, 38]]  # few → many
TEXT = {
    "points": ("{n} 个点位", "{n} points"),
    "bin": ("{n} {noun} · 六边形半径 {km:g} 公里", "{n} {noun} · hexagon radius {km:g} km"),
    "gap": (
        "{name}\n{indicator}\n目标 {target}（{ty}）· 实绩 {actual}（{ay}）",
        "{name}\n{indicator}\ntarget {target} ({ty}) · actual {actual} ({ay})",
    ),
    "year_unknown": ("年份未注明", "year not stated"),
}


def _t(key: str, lang: str, **fmt) -> str:
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**fmt)


# ------------------------------------------------------------------ basemap


def basemap_layers(cat: Catalogue, tolerance_m: float = SIMPLIFY_M) -> list[pdk.Layer]:
    """County/city outlines and the Yellow River as GeoJsonLayers, simplified by ``tolerance_m`` metres."""
    if tolerance_m < 0:
        raise InvalidQueryError(f"tolerance_m must be >= 0 (got {tolerance_m})")
    areas = cat.areas[cat.areas["level"].isin(["city", "county"])]
    return [
        pdk.Layer(
            "GeoJsonLayer",
            _geojson(areas, tolerance_m),
            id=AREAS_LAYER,
            stroked=True,
            filled=True,
            get_fill_color=[245, 243, 238, 255],
            get_line_color=AREA_LINE,
            line_width_min_pixels=1,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            _geojson(cat.rivers, tolerance_m),
            id=RIVERS_LAYER,
            stroked=True,
            filled=False,
            get_line_color=RIVER_COLOUR,
            line_width_min_pixels=2,
            pickable=False,
        ),
    ]


def _geojson(gdf, tolerance_m: float) -> dict:
    """A small FeatureCollection: geometry simplified in metres, 5 decimals (≈1 m), names only."""
    kept = gdf[gdf.geometry.notna()][["name_zh", "name_en", "geometry"]]
    geoms = kept.geometry.to_crs(PROJECTED_CRS).simplify(tolerance_m, preserve_topology=True).to_crs(CRS)
    geoms = shapely.set_precision(geoms.values, 1e-5)
    return json.loads(kept.set_geometry(geoms).to_json(drop_id=True))


def _view(lon, lat, pitch: float = 0) -> pdk.ViewState:
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not len(lon):
        return pdk.ViewState(longitude=104.0, latitude=36.2, zoom=7.5, pitch=pitch)  # between the two cities
    span = max(float(np.ptp(lon)), float(np.ptp(lat)) * 1.3, 0.05)
    zoom = min(max(math.log2(360 / span) - 1.0, 3.0), 13.0)
    return pdk.ViewState(
        longitude=float((lon.min() + lon.max()) / 2),
        latitude=float((lat.min() + lat.max()) / 2),
        zoom=round(zoom, 2),
        pitch=pitch,
    )


def outlines_layer(cat: Catalogue, lang: str = "zh") -> pdk.Layer | None:
    """The sites' imported outlines, as on the folium maps (same colour, same tooltip in plain text).

    Only sites of ``cat`` (the role's catalogue) are drawn; None when no site has an outline.
    """
    outlines = getattr(cat, "outlines", None)
    sites = cat.sites.set_index("id", drop=False)
    drawn = {site: geom for site, geom in site_outlines(outlines).items() if site in sites.index}
    if outlines is None or not drawn:
        return None
    rows = {str(r["site_id"]): r for _, r in outlines.iterrows()}
    features = [
        {
            "type": "Feature",
            "geometry": shapely.geometry.mapping(shapely.set_precision(geom, 1e-5)),
            "properties": {
                ID_FIELD: site,
                KIND_FIELD: "outline",
                TOOLTIP_FIELD: "\n".join(outline_lines(sites.loc[site], rows[site], geom, lang)),
            },
        }
        for site, geom in drawn.items()
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id=OUTLINES_LAYER,
        stroked=True,
        filled=True,
        get_fill_color=[*_rgb(OUTLINE_COLOUR), 31],
        get_line_color=[*_rgb(OUTLINE_COLOUR), 255],
        line_width_min_pixels=2,
        pickable=True,
    )


def _rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def _deck(cat: Catalogue, layers: list[pdk.Layer], view: pdk.ViewState, lang: str = "zh") -> pdk.Deck:
    # map_style stays pydeck's default sentinel ("__MAP_STYLE__"), which Streamlit reads as "no basemap";
    # map_style=None would make Streamlit fetch its theme's CARTO style (seen in the browser test).
    outlines = outlines_layer(cat, lang)
    drawn = basemap_layers(cat) + ([outlines] if outlines is not None else []) + layers
    return pdk.Deck(layers=drawn, initial_view_state=view, map_provider=None, tooltip=TOOLTIP)


# ------------------------------------------------------------------ points / bins


def points_deck(
    cat: Catalogue,
    rows: pd.DataFrame,
    *,
    lang: str = "zh",
    id_col: str = "id",
    label_col: str = "label",
    lon_col: str = "lon",
    lat_col: str = "lat",
    max_points: int = MAX_POINTS,
    radius_m: float = BIN_RADIUS_M,
    max_bins: int = MAX_BINS,
    noun: tuple[str, str] = ("个", "points"),
) -> pdk.Deck:
    """Rows as points (≤ ``max_points`` located rows) or as server-side hexagon counts (more).

    Parameters
    ----------
    cat : Catalogue
        For the basemap.
    rows : DataFrame
        One row per thing drawn, with an id, a label (plain text) and WGS-84 lon/lat columns
        (named by ``*_col``); rows without a coordinate are not drawn.
    max_points : int
        The most points drawn one by one; above it, counts per hexagon (:func:`geo.hexbin.hex_bins`,
        first radius ``radius_m``, at most ``max_bins`` cells).
    noun : (zh, en)
        What a count counts, in the bins' tooltip ('家企业', 'enterprises').

    Raises
    ------
    InvalidQueryError
        A named column is missing, or ``max_points`` < 0.
    """
    missing = [c for c in (id_col, label_col, lon_col, lat_col) if c not in rows.columns]
    if missing or max_points < 0:
        raise InvalidQueryError(f"points_deck: missing column(s) {missing}" if missing else "max_points must be >= 0")
    located = rows[rows[lon_col].notna() & rows[lat_col].notna()]
    lon, lat = located[lon_col].astype(float), located[lat_col].astype(float)
    if len(located) <= max_points:
        layer = _points_layer(located, id_col, label_col, lon, lat)
    else:
        layer = _bins_layer(hex_bins(lon, lat, radius_m=radius_m, max_bins=max_bins), lang, noun)
    return _deck(cat, [layer], _view(lon, lat), lang)


def _points_layer(located, id_col, label_col, lon, lat) -> pdk.Layer:
    data = pd.DataFrame(
        {
            ID_FIELD: located[id_col].astype(str).values,
            KIND_FIELD: "point",
            TOOLTIP_FIELD: located[label_col].astype(str).values,
            "lon": lon.round(5).values,
            "lat": lat.round(5).values,
        }
    )
    return pdk.Layer(
        "ScatterplotLayer",
        data,
        id=POINTS_LAYER,
        get_position="[lon, lat]",
        get_radius=300,
        radius_units="'meters'",
        radius_min_pixels=4,
        radius_max_pixels=14,
        get_fill_color=POINT_COLOUR,
        get_line_color=[255, 255, 255],
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )


def _bins_layer(bins: pd.DataFrame, lang: str, noun: tuple[str, str]) -> pdk.Layer:
    radius = float(bins["radius_m"].iloc[0]) if len(bins) else BIN_RADIUS_M
    word = noun[0] if lang == "zh" else noun[1]
    data = pd.DataFrame(
        {
            ID_FIELD: bins["bin_id"],
            KIND_FIELD: "bin",
            "lon": bins["lon"],
            "lat": bins["lat"],
            "count": bins["count"],
            "colour": _ramp(bins["count"]),
            TOOLTIP_FIELD: [_t("bin", lang, n=n, noun=word, km=radius / 1000) for n in bins["count"]],
        }
    )
    return pdk.Layer(
        "ColumnLayer",
        data,
        id=BINS_LAYER,
        get_position="[lon, lat]",
        disk_resolution=6,
        radius=radius,
        coverage=0.95,
        extruded=False,
        get_fill_color="colour",
        pickable=True,
    )


def _ramp(counts: pd.Series) -> list[list[int]]:
    """Colour by count on a log scale (few → pale, many → dark red)."""
    values = np.log1p(counts.to_numpy(dtype=float))
    top = values.max() if len(values) and values.max() > 0 else 1.0
    steps = np.minimum((values / top * (len(BIN_RAMP) - 1)).round().astype(int), len(BIN_RAMP) - 1)
    return [BIN_RAMP[i] + [210] for i in steps]


# ------------------------------------------------------------------ selection


@dataclass(frozen=True)
class Picked:
    layer: str
    id: str
    kind: str


def picked(event) -> Picked | None:
    """The clicked object of a ``st.pydeck_chart(..., on_select="rerun")`` event, or None.

    Accepts the event (``{"selection": {...}}``), its ``selection`` part, or None; the first
    layer holding an object wins (single-object mode selects one).
    """
    if not event:
        return None
    selection = event.get("selection", event) if hasattr(event, "get") else None
    objects = (selection or {}).get("objects") or {}
    for layer, items in objects.items():
        for item in items or []:
            if isinstance(item, dict) and item.get(ID_FIELD) not in (None, ""):
                return Picked(str(layer), str(item[ID_FIELD]), str(item.get(KIND_FIELD, "")))
    return None


def selected_id(event, layer: str = POINTS_LAYER) -> str | None:
    """The id of the object clicked in ``layer`` (an enterprise, 载体 or site id), else None."""
    hit = picked(event)
    return hit.id if hit is not None and hit.layer == layer else None


def payload_bytes(deck: pdk.Deck) -> int:
    """Bytes of the deck's JSON, what ``st.pydeck_chart`` sends per render."""
    return len(deck.to_json().encode("utf-8"))
