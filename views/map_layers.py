"""Site and organization layers: markers by kind, lit and dimmed sites, halos, links, organizations.

The layers every page draws on a map from :func:`views.maps.new_map` (no Streamlit here). Sites
are coloured by kind (red only when highlighted); approximate locations get a dashed circle of
their error; every name and quote is HTML-escaped. A marker is clickable through its map's
:class:`views.maps.BuiltMap`, which owns the click index.
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from views.i18n import accuracy_text, kind_label, name, t
from views.maps import (
    DIM_COLOUR,
    ERROR_RING,
    HIGHLIGHT_COLOUR,
    HIGHLIGHT_SWATCH,
    LINK_COLOUR,
    ORG_STYLE,
    SITE_STYLE,
    BuiltMap,
    Legend,
    MapOptions,
    esc,
    finish,
    new_map,
    swatch,
)
from views.outline_layer import add_site_outlines

# --------------------------------------------------------------- site layers


def site_tooltip(row, opts: MapOptions, extra: str = "") -> str:
    """Escaped tooltip: the name on the first line (the click index reads it), then kind and accuracy."""
    lines = [
        f"<b>{esc(name(row, opts.lang))}</b>",
        esc(f"{kind_label(row['kind'], opts.lang)} · {accuracy_text(row, opts.lang)}"),
    ]
    if extra:
        lines.append(esc(extra))
    return "<br>\n".join(lines)


def add_sites(
    m: folium.Map,
    built: BuiltMap,
    sites: gpd.GeoDataFrame,
    opts: MapOptions,
    *,
    layer: str | None = None,
    highlight: set[str] | frozenset = frozenset(),
    extra_text: dict[str, str] | None = None,
    uncertainty: bool = True,
    tooltip=None,
) -> folium.FeatureGroup:
    """One marker per located site (colour and icon by kind; highlighted sites in red) and,
    for approximate locations, a dashed circle of radius error_km.

    ``tooltip(row) -> str`` replaces :func:`site_tooltip` (``extra_text`` is then unused); it gets
    the row as a dict whose names are the label the click index reads, and must escape.
    """
    group = folium.FeatureGroup(name=layer or t("layer_sites", opts.lang))
    circles = folium.FeatureGroup(name=t("layer_uncertainty", opts.lang))
    extents = folium.FeatureGroup(name=t("layer_schematic_extent", opts.lang))
    add_site_outlines(m, sites, opts)
    for _, row in sites[sites.geometry.notna()].iterrows():
        colour, icon = SITE_STYLE.get(row["kind"], ("gray", "circle"))
        if row["id"] in highlight:
            colour = HIGHLIGHT_COLOUR
        label = built.clickable(name(row, opts.lang), row["id"])
        point = opts.shift(row.geometry)
        shown = _labelled(row, label)
        text = tooltip(shown) if tooltip else site_tooltip(shown, opts, (extra_text or {}).get(row["id"], ""))
        folium.Marker([point.y, point.x], tooltip=text, icon=folium.Icon(color=colour, icon=icon, prefix="fa")).add_to(
            group
        )
        if uncertainty and row["geometry_quality"] == "approximate" and pd.notna(row["error_km"]):
            folium.Circle(
                [point.y, point.x],
                radius=float(row["error_km"]) * 1000,
                color=colour,
                weight=1,
                dash_array="4 4",
                fill=True,
                fill_opacity=0.04,
                interactive=False,
            ).add_to(circles)
        if uncertainty and row["geometry_quality"] == "approximate" and schematic_radius_m(row):
            # Not a boundary: a circle as large as the approved area, around an approximate point.
            folium.Circle(
                [point.y, point.x],
                radius=schematic_radius_m(row),
                color=EXTENT_COLOUR,
                weight=1.5,
                dash_array="1 5",
                fill=False,
                interactive=False,
            ).add_to(extents)
    circles.add_to(m)
    if extents._children:
        extents.add_to(m)
    group.add_to(m)
    return group


EXTENT_COLOUR = "#6b4f2a"


def schematic_radius_m(row) -> float:
    """The radius (m) of a circle of the site's approved area (核准面积, ha); 0 without an area."""
    ha = row.get("approved_area_ha") if hasattr(row, "get") else None
    if ha is None or pd.isna(ha) or ha == "":
        return 0.0
    return math.sqrt(float(ha) * 10_000 / math.pi)


def _labelled(row, label: str) -> dict:
    """The row as a dict named ``label`` in both languages (what the tooltip shows and the click index reads)."""
    return {**row.to_dict(), "name_zh": label, "name_en": label}


def add_dimmed_sites(m: folium.Map, built: BuiltMap, sites: gpd.GeoDataFrame, opts: MapOptions, layer: str) -> None:
    """Located sites as small grey dots (still hoverable and clickable: a click opens the profile)."""
    group = folium.FeatureGroup(name=layer)
    add_site_outlines(m, sites, opts)
    for _, row in sites[sites.geometry.notna()].iterrows():
        label = built.clickable(name(row, opts.lang), row["id"])
        point = opts.shift(row.geometry)
        folium.CircleMarker(
            [point.y, point.x],
            radius=5,
            color=DIM_COLOUR,
            weight=1,
            fill=True,
            fill_color=DIM_COLOUR,
            fill_opacity=0.45,
            opacity=0.6,
            tooltip=site_tooltip(_labelled(row, label), opts),
        ).add_to(group)
    group.add_to(m)


def add_lit_sites(
    m: folium.Map,
    built: BuiltMap,
    sites: gpd.GeoDataFrame,
    lit_ids,
    opts: MapOptions,
    *,
    layer: str,
    extra_text: dict[str, str] | None = None,
) -> None:
    """The sites in ``lit_ids`` as red markers in layer ``layer``, every other site as a grey dot."""
    lit = sites["id"].isin(set(lit_ids))
    add_dimmed_sites(m, built, sites[~lit], opts, t("layer_dimmed", opts.lang))
    add_sites(m, built, sites[lit], opts, layer=layer, highlight=set(lit_ids), extra_text=extra_text)


def add_halos(m: folium.Map, sites: gpd.GeoDataFrame, ids, opts: MapOptions, layer: str) -> None:
    """A red ring around each chosen located site: the selection shows whatever the marker looks like."""
    group = folium.FeatureGroup(name=layer)
    for _, row in sites[sites["id"].isin(set(ids)) & sites.geometry.notna()].iterrows():
        p = opts.shift(row.geometry)
        folium.CircleMarker(
            [p.y, p.x], radius=22, color=HIGHLIGHT_COLOUR, weight=4, fill=False, interactive=False
        ).add_to(group)
    group.add_to(m)


def add_orgs(m: folium.Map, orgs: gpd.GeoDataFrame, opts: MapOptions, layer: str | None = None) -> None:
    """Organizations as small markers with an escaped popup (name, kind, accuracy, source quote)."""
    group = folium.FeatureGroup(name=layer or t("layer_orgs", opts.lang))
    for _, row in orgs[orgs.geometry.notna()].iterrows():
        colour, icon = ORG_STYLE.get(row["kind"], ("lightgray", "circle"))
        point = opts.shift(row.geometry)
        popup = folium.Popup(_fact_html(row, opts), max_width=320)
        folium.Marker(
            [point.y, point.x],
            tooltip=site_tooltip(row, opts),
            popup=popup,
            icon=folium.Icon(color=colour, icon=icon, prefix="fa"),
        ).add_to(group)
    group.add_to(m)


def _fact_html(row, opts: MapOptions) -> str:
    return (
        f"<b>{esc(name(row, opts.lang))}</b><br>{esc(kind_label(row['kind'], opts.lang))}<br>"
        f"<small>{esc(accuracy_text(row, opts.lang))}</small><br>"
        f"<small>{esc(t('source', opts.lang))}: {esc(str(row['source_id']))} — “{esc(str(row['quote']))}”</small>"
    )


def add_links(
    m: folium.Map, sites: gpd.GeoDataFrame, pairs: list[tuple[str, str]], opts: MapOptions, layer: str | None = None
) -> None:
    """Straight lines from one site to another (e.g. the core zone to each park)."""
    group = folium.FeatureGroup(name=layer or t("layer_links", opts.lang))
    geoms = sites.set_index("id").geometry
    for start, end in pairs:
        a, b = geoms.get(start), geoms.get(end)
        if a is None or b is None:
            continue
        a, b = opts.shift(a), opts.shift(b)
        folium.PolyLine([[a.y, a.x], [b.y, b.x]], color=LINK_COLOUR, weight=2, opacity=0.7, dash_array="8 6").add_to(
            group
        )
    group.add_to(m)


# --------------------------------------------------------------- legends


def lit_legend(lit_label: str, lang: str, *middle: tuple[str, str]) -> Legend:
    """The legend of a map of lit and dimmed sites: red markers, grey dots, ``middle`` items, error circles."""
    return Legend(
        [
            (swatch(HIGHLIGHT_SWATCH), lit_label),
            (swatch(DIM_COLOUR), t("legend_dimmed", lang)),
            *middle,
            (swatch(ERROR_RING, "ring"), t("legend_error", lang)),
        ]
    )


# --------------------------------------------------------------- whole maps


def overview_map(cat, opts: MapOptions, highlight: tuple[str, ...] = ()) -> BuiltMap:
    """Both cities: areas, river, every located site and organization."""
    m = new_map(cat, opts)
    built = BuiltMap(m)
    add_sites(m, built, cat.sites, opts, highlight=set(highlight))
    add_orgs(m, cat.organizations, opts)
    finish(m)
    return built
