"""空间筛选: sites and units near a place, inside an area or a drawn shape, with chain and city filters.

Plain functions, no Streamlit. The search is the domain's :class:`geo.queries.SiteQuery`
built from the page's state (``place``, ``radius_km``, ``area``, ``chains``, ``city``) and a
shape drawn on the map; this module turns that state into filters (with clear, bilingual
errors), the answer into tables, and draws the search map. Reading a drawing and the drawing
tools are in :mod:`views.drawing`. Distances are measured by the domain in UTM 48N.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import shapely
import shapely.wkt
from shapely.geometry.base import BaseGeometry

from geo import UnknownNameError
from geo import queries as q
from geo.coords import gcj02_to_wgs84
from geo.schema import CRS
from geo.chains import chain_name
from views.drawing import SearchInputError, add_draw, disc
from views.i18n import accuracy_text, city_label, join_names, kind_label, name, tr
from views.maps import (BuiltMap, MapOptions, add_lit_sites, add_orgs, add_sites, esc, finish, lit_legend, new_map,
                        swatch)

PLACE_KINDS = ("landmark", "site", "organization")  # how a "place" name is looked up, in this order
SPATIAL_FILTERS = (q.WithinKmFilter, q.AreaFilter, q.PolygonFilter)
CENTRE_COLOUR, AREA_COLOUR, SHAPE_COLOUR = "#e67e22", "#d35400", "#8e44ad"
POINT_TEXT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,，]\s*(-?\d+(?:\.\d+)?)\s*$")

LABELS = {
    "no_place": ("（不按距离筛选）", "(no distance filter)"),
    "no_area": ("（不限行政区）", "(any area)"),
    "picked_point": ("地图上所选点（{lat:.4f}, {lon:.4f}）", "the point picked on the map ({lat:.4f}, {lon:.4f})"),
    "landmark": ("地点", "place"),
    # tables
    "name": ("名称", "Name"), "kind": ("类型", "Kind"), "city": ("城市", "City"), "unknown": ("未知", "unknown"),
    "distance": ("距离（公里）", "Distance (km)"), "location": ("位置精度", "Location accuracy"),
    "chains": ("所选产业链", "Chosen chains"), "source": ("来源", "Source"), "quote": ("原文", "Quote"),
    "distance_to": ("距搜索中心 {km:.1f} 公里", "{km:.1f} km from the search centre"),
    # map
    "layer_results": ("筛选结果", "Results"),
    "layer_orgs": ("范围内的单位", "Organizations found"), "layer_search": ("搜索范围", "Search area"),
    "centre": ("搜索中心：{name}", "Search centre: {name}"), "radius": ("半径 {km:g} 公里", "radius {km:g} km"),
    "drawn": ("所绘范围", "the drawn shape"),
    "legend_results": ("筛选结果", "result"), "legend_centre": ("搜索中心与半径", "search centre and radius"),
    "legend_area": ("行政区 / 所绘范围", "area / drawn shape"),
}


# ------------------------------------------------------------------ centres


@dataclass(frozen=True)
class Centre:
    """A search centre. ``id`` is what the state key "place" keeps: an id, or "lat,lon" for a point."""

    id: str
    kind: str  # landmark | site | organization | point
    lat: float
    lon: float
    name_zh: str
    name_en: str
    error_km: float | None = None

    def label(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


def point_text(lat: float, lon: float) -> str:
    """The "place" value of a point: ``"36.51500,103.62000"``."""
    return f"{lat:.5f},{lon:.5f}"


def resolve_centre(cat, place: str) -> Centre | None:
    """The centre named by ``place`` (an id, a name or alias, or "lat,lon"); None when empty.

    Raises
    ------
    SearchInputError
        An unknown name (with suggestions), a place without location, a point out of range.
    """
    place = str(place or "").strip()
    if not place:
        return None
    point = POINT_TEXT.match(place)
    if point:
        return _point_centre(float(point.group(1)), float(point.group(2)))
    try:
        match = cat.names.resolve_any(place, kinds=PLACE_KINDS)
    except UnknownNameError as exc:
        raise SearchInputError("unknown_place", place=place, suggestions=list(exc.suggestions)) from None
    table = {"landmark": cat.landmarks, "site": cat.sites, "organization": cat.organizations}[match.kind]
    row = table[table["id"] == match.id].iloc[0]
    if row.geometry is None:
        raise SearchInputError("place_unlocated", place_zh=row["name_zh"], place_en=row["name_en"])
    err = row.get("error_km")
    return Centre(match.id, match.kind, row.geometry.y, row.geometry.x, row["name_zh"], row["name_en"],
                  None if pd.isna(err) else float(err))


def _point_centre(lat: float, lon: float) -> Centre:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SearchInputError("bad_point", lat=lat, lon=lon)
    return Centre(point_text(lat, lon), "point", lat, lon, tr(LABELS, "picked_point", "zh", lat=lat, lon=lon),
                  tr(LABELS, "picked_point", "en", lat=lat, lon=lon))


def clicked_place(click: dict, gcj02: bool = False) -> str:
    """The "place" value of a map click (``{"lat": …, "lng": …}``), back in WGS-84 if the map showed GCJ-02."""
    try:
        lat, lon = float(click["lat"]), float(click["lng"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SearchInputError("malformed", detail=f"click {click!r}: {exc}") from None
    if gcj02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    return _point_centre(lat, lon).id


def place_options(cat, lang: str, current: Centre | None = None) -> dict[str, str]:
    """"place" value -> label: nothing, the named places, located sites and organizations (and a picked point)."""
    options = {"": tr(LABELS, "no_place", lang)}
    if current is not None and current.kind == "point":
        options[current.id] = current.label(lang)
    for table, kind_of in ((cat.landmarks, None), (cat.sites, "kind"), (cat.organizations, "kind")):
        for _, row in table[table.geometry.notna()].iterrows():
            kind = kind_label(row[kind_of], lang) if kind_of else tr(LABELS, "landmark", lang)
            options.setdefault(row["id"], f"{kind} · {name(row, lang)}")
    return options


def area_options(cat, lang: str) -> dict[str, str]:
    """Area code -> label: cities, then each city's counties and districts."""
    areas = cat.areas
    options = {"": tr(LABELS, "no_area", lang)}
    for _, city in areas[areas["level"] == "city"].iterrows():
        options[city["code"]] = name(city, lang)
        for _, county in areas[(areas["level"] == "county") & (areas["parent_code"] == city["code"])].iterrows():
            options[county["code"]] = f"{name(city, lang)} · {name(county, lang)}"
    return options


def canonical_area(cat, value: str) -> str:
    """The area code for ``value`` (a code or a name), '' for none; raises SearchInputError if unknown."""
    value = str(value or "").strip()
    if not value or value in set(cat.areas["code"]):
        return value
    found = cat.names.find(value, "area")
    if found is None:
        raise SearchInputError("unknown_area", area=value)
    return found.id


# ------------------------------------------------------------------ the search


def build_filters(cat, *, chains=(), city: str = "", centre: Centre | None = None, km: float = 10.0,
                  area: str = "", shape: BaseGeometry | None = None) -> tuple:
    """The SiteQuery filters for the page's state, in the order the sentence reads best."""
    filters: list = []
    if chains:
        filters.append(q.IndustryFilter(tuple(chains)))
    if city:
        filters.append(q.CityFilter(city))
    if centre is not None:
        filters.append(q.WithinKmFilter(float(km), centre.lat, centre.lon, centre.name_zh, centre.name_en))
    if area:
        filters.append(q.AreaFilter(area))
    if shape is not None:
        filters.append(q.PolygonFilter(shape, tr(LABELS, "drawn", "zh"), tr(LABELS, "drawn", "en")))
    return tuple(filters)


def is_spatial(filters) -> bool:
    return any(isinstance(f, SPATIAL_FILTERS) for f in filters)


def left_out(cat, filters) -> gpd.GeoDataFrame:
    """Sites that pass the other filters but have no location, so no spatial filter can find them."""
    if not is_spatial(filters):
        return cat.sites.iloc[0:0]
    others = tuple(f for f in filters if not isinstance(f, SPATIAL_FILTERS))
    found = q.SiteQuery(others).run(cat)
    return found[found.geometry.isna()].reset_index(drop=True)


def orgs_found(cat, filters, chains=()) -> gpd.GeoDataFrame:
    """Organizations passing the spatial and city filters (distance_km when there is a centre), with
    ``chains``: the chosen chains each is tied to. Empty without a spatial filter."""
    if not is_spatial(filters):
        return cat.organizations.iloc[0:0].assign(chains=[])
    orgs = cat.organizations
    for f in filters:
        if not isinstance(f, q.IndustryFilter):  # the spatial and city filters work on any located table
            orgs = f.apply(cat, orgs)
    ties = {c: set(q.orgs_for_industry(cat, c)["id"]) for c in chains}
    orgs = orgs.copy()
    orgs["chains"] = [[c for c in chains if org in ties[c]] for org in orgs["id"]]
    return orgs.reset_index(drop=True)


def unlocated_orgs(cat, filters) -> int:
    """How many organizations (in the chosen city) have no location and so cannot be found spatially."""
    if not is_spatial(filters):
        return 0
    orgs = cat.organizations
    for f in filters:
        if isinstance(f, q.CityFilter):
            orgs = f.apply(cat, orgs)
    return int(orgs.geometry.isna().sum())


# ------------------------------------------------------------------ tables


def _chains_text(cat, ids, lang: str) -> str:
    return join_names((chain_name(cat, c, lang) for c in ids), lang) if isinstance(ids, list) else ""


def result_rows(cat, found: pd.DataFrame, lang: str, chains_column: str = "matched_industries") -> pd.DataFrame:
    """Sites or organizations found, for people: name, kind, city, distance (km, 1 decimal), location
    accuracy, the chosen chains they match, and the source of the row."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    rows = {
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


EXPORT_COLUMNS = ["id", "name_zh", "name_en", "kind", "city", "county_code", "distance_km", "chain_ids", "lat", "lon",
                  "geometry_quality", "location_method", "error_km", "geometry_source", "source_id", "quote", "geometry"]


def export_frame(found: gpd.GeoDataFrame, chains_column: str = "matched_industries") -> gpd.GeoDataFrame:
    """The found rows with stable English column names, for the downloads."""
    out = found.copy()
    out["chain_ids"] = out[chains_column] if chains_column in out else [[] for _ in range(len(out))]
    out["distance_km"] = out["distance_km"].round(3) if "distance_km" in out else float("nan")
    return gpd.GeoDataFrame(out[EXPORT_COLUMNS], geometry="geometry", crs=CRS)


# ------------------------------------------------------------------ the map


def _search_area(m: folium.Map, cat, opts: MapOptions, centre: Centre | None, km: float, area: str,
                 shape: BaseGeometry | None) -> list[BaseGeometry]:
    """Draw the centre and its radius circle, the chosen area and the drawn shape; return their outlines."""
    group = folium.FeatureGroup(name=tr(LABELS, "layer_search", opts.lang))
    outlines: list[BaseGeometry] = []
    if area:
        row = cat.areas[cat.areas["code"] == area]
        if len(row):
            geom = row.geometry.iloc[0]
            folium.GeoJson(opts.shift(geom).__geo_interface__, tooltip=esc(name(row.iloc[0], opts.lang)),
                           style_function=lambda _f: dict(color=AREA_COLOUR, weight=3, fillOpacity=0.05)).add_to(group)
            outlines.append(geom)
    if shape is not None:
        folium.GeoJson(opts.shift(shape).__geo_interface__, tooltip=esc(tr(LABELS, "drawn", opts.lang)),
                       style_function=lambda _f: dict(color=SHAPE_COLOUR, weight=2.5, dashArray="6 4",
                                                      fillOpacity=0.06)).add_to(group)
        outlines.append(shape)
    if centre is not None:
        point = opts.shift(shapely.Point(centre.lon, centre.lat))
        folium.Circle([point.y, point.x], radius=float(km) * 1000, color=CENTRE_COLOUR, weight=2, fill=True,
                      fill_opacity=0.06, tooltip=esc(tr(LABELS, "radius", opts.lang, km=km))).add_to(group)
        folium.Marker([point.y, point.x], tooltip=esc(tr(LABELS, "centre", opts.lang, name=centre.label(opts.lang))),
                      icon=folium.Icon(color="black", icon="crosshairs", prefix="fa")).add_to(group)
        outlines.append(disc(shapely.Point(centre.lon, centre.lat), float(km) * 1000))
    group.add_to(m)
    return outlines


def search_map(cat, opts: MapOptions, highlight: tuple[str, ...] = (), org_ids: tuple[str, ...] = (),
               centre: Centre | None = None, km: float = 10.0, area: str = "", shape: str = "",
               filtered: bool = False) -> BuiltMap:
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
            distances = q.distances_km(hits[hits.geometry.notna()], shapely.Point(centre.lon, centre.lat))
            extra = {hits.loc[i, "id"]: tr(LABELS, "distance_to", lang, km=d) for i, d in distances.items()}
        add_lit_sites(m, built, sites, highlight, opts, layer=tr(LABELS, "layer_results", lang), extra_text=extra)
    add_orgs(m, cat.organizations[cat.organizations["id"].isin(org_ids)], opts, layer=tr(LABELS, "layer_orgs", lang))
    add_draw(m, lang)
    lit_legend(tr(LABELS, "legend_results", lang), lang,
               (swatch(CENTRE_COLOUR, "ring"), tr(LABELS, "legend_centre", lang)),
               (swatch(AREA_COLOUR, "ring"), tr(LABELS, "legend_area", lang))).add_to(m)
    if outlines:
        minx, miny, maxx, maxy = opts.shift(shapely.union_all(outlines)).bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    finish(m)
    return built
