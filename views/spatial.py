"""空间筛选: sites and units near a place, inside an area or a drawn shape, with chain and city filters.

Plain functions, no Streamlit. The search is the domain's: places resolve with
:func:`geo.places.resolve_place`, the page's state (``place``, ``radius_km``, ``area``, ``chains``,
``city`` and a drawn shape) becomes filters through :func:`geo.filters.build_filters`, and
:mod:`geo.filters` answers what is left out. This module words the inputs' errors, lists the
options, turns the answer into tables and draws the search map; the drawing tools are in
:mod:`views.drawing`.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
import shapely
import shapely.wkt
from shapely.geometry.base import BaseGeometry

from geo import filters as geo_filters
from geo import queries as q
from geo.chains import chain_name
from geo.errors import UnknownNameError
from geo.filters import SiteSearch
from geo.outlines import footprints
from geo.places import POINT_KINDS, area_code, resolve_place, station_place
from geo.places import Place as Centre
from geo.schema import CRS
from geo.shapes import SearchInputError, disc
from geo.stations import STATION_KIND
from views.drawing import add_draw
from views.i18n import accuracy_text, city_label, join_names, kind_label, name, tr
from views.map_layers import add_lit_sites, add_orgs, add_sites, lit_legend
from views.maps import BuiltMap, MapOptions, esc, finish, new_map, swatch
from views.memo import per_source

CENTRE_COLOUR, AREA_COLOUR, SHAPE_COLOUR = "#e67e22", "#d35400", "#8e44ad"

LABELS = {
    "no_place": ("（不按距离筛选）", "(no distance filter)"),
    "no_area": ("（不限行政区）", "(any area)"),
    "landmark": ("地点", "place"),
    "station": ("火车站（位置许可未知）", "railway station (position licence unknown)"),
    "station_name": ("{name}站", "{name} station"),
    # tables
    "name": ("名称", "Name"),
    "kind": ("类型", "Kind"),
    "city": ("城市", "City"),
    "unknown": ("未知", "unknown"),
    "distance": ("距离（公里）", "Distance (km)"),
    "location": ("位置精度", "Location accuracy"),
    "chains": ("所选产业链", "Chosen chains"),
    "source": ("来源", "Source"),
    "quote": ("原文", "Quote"),
    "distance_to": ("距搜索中心 {km:.1f} 公里", "{km:.1f} km from the search centre"),
    # map
    "layer_results": ("筛选结果", "Results"),
    "layer_orgs": ("范围内的单位", "Organizations found"),
    "layer_search": ("搜索范围", "Search area"),
    "centre": ("搜索中心：{name}", "Search centre: {name}"),
    "radius": ("半径 {km:g} 公里", "radius {km:g} km"),
    "drawn": ("所绘范围", "the drawn shape"),
    "legend_results": ("筛选结果", "result"),
    "legend_centre": ("搜索中心与半径", "search centre and radius"),
    "legend_area": ("行政区 / 所绘范围", "area / drawn shape"),
}


# ------------------------------------------------------------------ input


def resolve_centre(cat, place: str) -> Centre | None:
    """The centre named by ``place`` (an id, a name or alias, or "lat,lon"); None when empty.

    :func:`geo.places.resolve_place` among landmarks, sites and organizations.

    Raises
    ------
    SearchInputError
        An unknown name (with suggestions), a place without location, a point out of range.
    """
    try:
        return resolve_place(cat, place, POINT_KINDS)
    except UnknownNameError as exc:
        raise SearchInputError("unknown_place", place=str(place).strip(), suggestions=list(exc.suggestions)) from None


def canonical_area(cat, value: str) -> str:
    """The area code for ``value`` (a code or a name), '' for none; raises SearchInputError if unknown."""
    try:
        return area_code(cat, value)
    except UnknownNameError:
        raise SearchInputError("unknown_area", area=str(value).strip()) from None


def build_filters(
    cat,
    *,
    chains=(),
    city: str = "",
    centre: Centre | None = None,
    km: float = 10.0,
    area: str = "",
    shape: BaseGeometry | None = None,
) -> tuple:
    """The page's state as a :class:`geo.filters.SiteSearch`, built into filters by the domain."""
    return geo_filters.build_filters(
        cat,
        SiteSearch(
            industry=tuple(chains),
            city=city or "",
            within_km=float(km) if centre is not None else None,
            of=centre,
            in_area=area or "",
            shape=shape,
        ),
    )


# ------------------------------------------------------------------ options


def place_options(cat, lang: str, current: Centre | None = None) -> dict[str, str]:
    """ "place" value -> label: nothing, the named places, located sites and organizations, railway
    stations (and a picked point)."""
    options = {"": tr(LABELS, "no_place", lang)}
    if current is not None and current.kind == "point":
        options[current.id] = current.label(lang)
    named, stations = _place_labels(cat, lang)
    for place_id, label in named.items():
        options.setdefault(place_id, label)
    options.update(stations)
    return options


@per_source  # once per catalogue and language (views/memo.py): finding the stations is slow
def _place_labels(cat, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(located landmarks, sites and organizations, stations): place id -> label; do not change them."""
    named: dict[str, str] = {}
    for table, kind_of in ((cat.landmarks, None), (cat.sites, "kind"), (cat.organizations, "kind")):
        for _, row in table[table.geometry.notna()].iterrows():
            kind = kind_label(row[kind_of], lang) if kind_of else tr(LABELS, "landmark", lang)
            named.setdefault(row["id"], f"{kind} · {name(row, lang)}")
    return named, _station_options(cat, lang)


def _station_options(cat, lang: str) -> dict[str, str]:
    """Stations of the basemap layer a name does not already give (兰州西站 is a sourced landmark)."""
    stations = getattr(cat, "stations", None)
    if stations is None:
        return {}
    named = [kind for kind in POINT_KINDS if kind != STATION_KIND]  # the kinds the name index knows
    options = {}
    for station_name in stations.loc[stations.geometry.notna(), "name_zh"]:
        place = station_place(cat, station_name)
        if place is not None and not any(cat.names.find(place.id, kind) for kind in named):
            options[place.id] = f"{tr(LABELS, 'station', lang)} · {tr(LABELS, 'station_name', lang, name=station_name)}"
    return options


def area_options(cat, lang: str) -> dict[str, str]:
    """Area code -> label: cities, then each city's counties and districts (a copy: callers may add to it)."""
    return dict(_area_labels(cat, lang))


@per_source  # once per catalogue and language (views/memo.py)
def _area_labels(cat, lang: str) -> dict[str, str]:
    areas = cat.areas
    options = {"": tr(LABELS, "no_area", lang)}
    for _, city in areas[areas["level"] == "city"].iterrows():
        options[city["code"]] = name(city, lang)
        for _, county in areas[(areas["level"] == "county") & (areas["parent_code"] == city["code"])].iterrows():
            options[county["code"]] = f"{name(city, lang)} · {name(county, lang)}"
    return options


# ------------------------------------------------------------------ tables


def _chains_text(cat, ids, lang: str) -> str:
    return join_names((chain_name(cat, c, lang) for c in ids), lang) if isinstance(ids, list) else ""


def result_rows(cat, found: pd.DataFrame, lang: str, chains_column: str = "matched_industries") -> pd.DataFrame:
    """Sites or organizations found, for people: name, kind, city, distance (km, 1 decimal), location
    accuracy, the chosen chains they match, and the source of the row."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    rows: dict[str, list[object]] = {
        L("name"): [name(r, lang) for _, r in found.iterrows()],
        L("kind"): [kind_label(k, lang) for k in found["kind"]],
        L("city"): [city_label(c, lang) if c else L("unknown") for c in found["city"]],
    }
    if "distance_km" in found:
        rows[L("distance")] = [round(float(d), 1) for d in found["distance_km"]]
    rows[L("location")] = [accuracy_text(r, lang) for _, r in found.iterrows()]
    if chains_column in found:
        rows[L("chains")] = [_chains_text(cat, ids, lang) for ids in found[chains_column]]
    rows[L("source")] = list(found["source_id"])
    rows[L("quote")] = list(found["quote"])
    return pd.DataFrame(rows)


# One search's results and tables, once per catalogue (so per store version and role), filters and
# language (views/memo.py): a rerun that did not change the search builds none of them again.
# Callers must not change what they get back.


@per_source
def found_sites(cat, filters: tuple) -> gpd.GeoDataFrame:
    """The sites passing every filter (:class:`geo.filters.SiteQuery`)."""
    return geo_filters.SiteQuery(filters).run(cat)


@per_source
def found_orgs(cat, filters: tuple, chains: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The organizations passing the spatial and city filters (:func:`geo.filters.orgs_found`)."""
    return geo_filters.orgs_found(cat, filters, chains)


@per_source
def left_out_sites(cat, filters: tuple) -> gpd.GeoDataFrame:
    """The sites without a location that pass the other filters (:func:`geo.filters.left_out`)."""
    return geo_filters.left_out(cat, filters)


@per_source
def found_table(cat, filters: tuple, chains: tuple[str, ...], lang: str, which: str) -> pd.DataFrame:
    """:func:`result_rows` of the ``which`` ("sites", "orgs" or "left_out") the search found."""
    if which == "orgs":
        return result_rows(cat, found_orgs(cat, filters, chains), lang, chains_column="chains")
    return result_rows(cat, found_sites(cat, filters) if which == "sites" else left_out_sites(cat, filters), lang)


@per_source
def found_export(cat, filters: tuple, chains: tuple[str, ...], which: str) -> gpd.GeoDataFrame:
    """:func:`export_frame` of the sites or organizations ("sites" / "orgs") found."""
    if which == "orgs":
        return export_frame(found_orgs(cat, filters, chains), chains_column="chains")
    return export_frame(found_sites(cat, filters))


EXPORT_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "kind",
    "city",
    "county_code",
    "distance_km",
    "chain_ids",
    "lat",
    "lon",
    "geometry_quality",
    "location_method",
    "error_km",
    "geometry_source",
    "source_id",
    "quote",
    "geometry",
]


def export_frame(found: gpd.GeoDataFrame, chains_column: str = "matched_industries") -> gpd.GeoDataFrame:
    """The found rows with stable English column names, for the downloads."""
    out = found.copy()
    out["chain_ids"] = out[chains_column] if chains_column in out else [[] for _ in range(len(out))]
    out["distance_km"] = out["distance_km"].round(3) if "distance_km" in out else float("nan")
    return gpd.GeoDataFrame(out[EXPORT_COLUMNS], geometry="geometry", crs=CRS)


# ------------------------------------------------------------------ the map


def _search_area(
    m: folium.Map, cat, opts: MapOptions, centre: Centre | None, km: float, area: str, shape: BaseGeometry | None
) -> list[BaseGeometry]:
    """Draw the centre and its radius circle, the chosen area and the drawn shape; return their outlines."""
    group = folium.FeatureGroup(name=tr(LABELS, "layer_search", opts.lang))
    outlines: list[BaseGeometry] = []
    if area:
        row = cat.areas[cat.areas["code"] == area]
        if len(row):
            geom = row.geometry.iloc[0]
            folium.GeoJson(
                opts.shift(geom).__geo_interface__,
                tooltip=esc(name(row.iloc[0], opts.lang)),
                style_function=lambda _f: dict(color=AREA_COLOUR, weight=3, fillOpacity=0.05),
            ).add_to(group)
            outlines.append(geom)
    if shape is not None:
        folium.GeoJson(
            opts.shift(shape).__geo_interface__,
            tooltip=esc(tr(LABELS, "drawn", opts.lang)),
            style_function=lambda _f: dict(color=SHAPE_COLOUR, weight=2.5, dashArray="6 4", fillOpacity=0.06),
        ).add_to(group)
        outlines.append(shape)
    if centre is not None:
        point = opts.shift(shapely.Point(centre.lon, centre.lat))
        folium.Circle(
            [point.y, point.x],
            radius=float(km) * 1000,
            color=CENTRE_COLOUR,
            weight=2,
            fill=True,
            fill_opacity=0.06,
            tooltip=esc(tr(LABELS, "radius", opts.lang, km=km)),
        ).add_to(group)
        folium.Marker(
            [point.y, point.x],
            tooltip=esc(tr(LABELS, "centre", opts.lang, name=centre.label(opts.lang))),
            icon=folium.Icon(color="black", icon="crosshairs", prefix="fa"),
        ).add_to(group)
        outlines.append(disc(shapely.Point(centre.lon, centre.lat), float(km) * 1000))
    group.add_to(m)
    return outlines


def search_map(
    cat,
    opts: MapOptions,
    highlight: tuple[str, ...] = (),
    org_ids: tuple[str, ...] = (),
    centre: Centre | None = None,
    km: float = 10.0,
    area: str = "",
    shape: str = "",
    filtered: bool = False,
) -> BuiltMap:
    """The search map: results in red (with their distance), other sites dimmed, the search centre
    and radius circle, the chosen area, the drawn shape (``shape`` as WKT), the organizations found,
    the drawing tools and a legend. Unfiltered, every site shows as usual."""
    m = new_map(cat, opts)
    built = BuiltMap(m)
    lang = opts.lang
    geom = shapely.wkt.loads(shape) if shape else None
    outlines = _search_area(m, cat, opts, centre, km, area, geom)
    sites = cat.sites
    if not filtered:
        add_sites(m, built, sites, opts)
    else:
        hits = sites[sites["id"].isin(highlight)]
        extra = {}
        if centre is not None and len(hits):
            shapes = footprints(cat.outlines, hits, cat.sites["id"]).dropna()  # an outline, where a site has one
            distances = q.distances_km(
                gpd.GeoDataFrame(geometry=shapes, crs=CRS), shapely.Point(centre.lon, centre.lat)
            )
            extra = {hits.loc[i, "id"]: tr(LABELS, "distance_to", lang, km=d) for i, d in distances.items()}
        add_lit_sites(m, built, sites, highlight, opts, layer=tr(LABELS, "layer_results", lang), extra_text=extra)
    add_orgs(m, cat.organizations[cat.organizations["id"].isin(org_ids)], opts, layer=tr(LABELS, "layer_orgs", lang))
    add_draw(m, lang)
    lit_legend(
        tr(LABELS, "legend_results", lang),
        lang,
        (swatch(CENTRE_COLOUR, "ring"), tr(LABELS, "legend_centre", lang)),
        (swatch(AREA_COLOUR, "ring"), tr(LABELS, "legend_area", lang)),
    ).add_to(m)
    if outlines:
        minx, miny, maxx, maxy = opts.shift(shapely.union_all(outlines)).bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    finish(m)
    return built
