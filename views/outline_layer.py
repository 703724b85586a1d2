"""Site outlines on folium maps: the polygon a maintainer imported, beside the site's point (issue 10).

:func:`attach_outlines` gives a new map the catalogue's outlines; :func:`add_site_outlines`
then draws the outline of every site a page puts on that map (views.maps calls both, so every
map that shows a site shows its outline). An outline is a solid line in its own colour: it is
a boundary from a source, unlike the dashed location-error circle and the dotted "schematic
extent" circle, which are not boundaries. Its tooltip gives the site's name, the outline's
quality and source, and its area computed in EPSG:32648 against the approved area.
"""

from __future__ import annotations

import folium
import pandas as pd

from geo.i18n import name, number_text, tr
from geo.markup import html_text as esc
from geo.outlines import area_ha, site_outlines

OUTLINE_COLOUR = "#0b6e4f"  # solid, dark green: no other layer uses it
OUTLINE_STYLE = dict(color=OUTLINE_COLOUR, weight=2.5, fillColor=OUTLINE_COLOUR, fillOpacity=0.12)
_ATTACHED = "_lanbai_outlines"  # the map attribute holding what attach_outlines found
_GROUP = "_lanbai_outline_group"  # the map attribute holding the outlines layer once drawn
# Outlines get a pane of their own above the other vector layers (Leaflet's overlay pane, 400) and
# below the markers (600): the location-error circles drawn there must not take the outline's hover.
PANE = "lanbai-outlines"
PANE_Z = 450

LABELS = {
    "layer": ("园区边界", "Site outlines"),
    "quality": ("边界质量：{q}", "Outline quality: {q}"),
    "source": ("边界来源：{s}", "Outline source: {s}"),
    "area": ("按边界计算面积 {a} 公顷；核准面积 {b}", "Area computed from the outline {a} ha; approved area {b}"),
    "approved": ("{b} 公顷", "{b} ha"),
    "no_approved": ("未知", "unknown"),
}
QUALITY = {
    "official": ("官方边界", "official outline"),
    "approximate": ("近似边界", "approximate outline"),
    "schematic": ("示意边界", "schematic outline"),
    "unknown": ("未知", "unknown"),
}


def attach_outlines(m: folium.Map, cat) -> None:
    """Keep the catalogue's outlines with the map ``m`` (site id -> geometry and outline row)."""
    outlines = getattr(cat, "outlines", None)
    drawn = site_outlines(outlines)
    if outlines is None or not drawn:
        setattr(m, _ATTACHED, {})
        return
    rows = {str(r["site_id"]): r for _, r in outlines.iterrows() if str(r["site_id"]) in drawn}
    setattr(m, _ATTACHED, {site: (geom, rows[site]) for site, geom in drawn.items()})
    # The pane belongs to the map's base (new_map calls this before views.map_parts.mark_static),
    # so a filter change, which swaps only the layers, finds it in the kept map.
    folium.map.CustomPane(PANE, z_index=PANE_Z, pointer_events=True).add_to(m)


def add_site_outlines(m: folium.Map, sites: pd.DataFrame, opts) -> None:
    """Draw the outline of each site in ``sites`` that has one (once per map), with its tooltip.

    Parameters
    ----------
    m : folium.Map
        A map given the catalogue's outlines by :func:`attach_outlines` (without them: nothing drawn).
    sites : DataFrame
        The sites the page draws (rows of the sites table).
    opts : views.maps.MapOptions
        Language and basemap (outlines are shifted to GCJ-02 on Gaode tiles, as every overlay).
    """
    attached = getattr(m, _ATTACHED, None)
    if not attached or sites is None or sites.empty:
        return
    group = _group(m, opts.lang)
    for _, site in sites[sites["id"].isin(attached)].iterrows():
        if site["id"] in group.drawn:
            continue
        group.drawn.add(site["id"])
        geom, outline = attached[site["id"]]
        folium.GeoJson(
            opts.shift(geom).__geo_interface__,
            style_function=lambda _f: OUTLINE_STYLE,
            highlight_function=lambda _f: dict(weight=4, fillOpacity=0.2),
            tooltip=folium.Tooltip(outline_tooltip(site, outline, geom, opts.lang), max_width=360),
            pane=PANE,
        ).add_to(group)


class _OutlineGroup(folium.FeatureGroup):
    """The outlines layer of one map, remembering which sites it already holds."""

    def __init__(self, name: str):
        super().__init__(name=name)
        self.drawn: set[str] = set()


def _group(m: folium.Map, lang: str) -> _OutlineGroup:
    group = getattr(m, _GROUP, None)
    if group is None:
        group = _OutlineGroup(tr(LABELS, "layer", lang))
        group.add_to(m)
        setattr(m, _GROUP, group)
    return group


def outline_tooltip(site, outline, geom, lang: str) -> str:
    """Escaped tooltip: the site's name first (as on its marker), then quality, source and areas."""
    head, *rest = outline_lines(site, outline, geom, lang)
    return "<br>".join([f"<b>{esc(head)}</b>", *(esc(line) for line in rest)])


def outline_lines(site, outline, geom, lang: str) -> list[str]:
    """The tooltip's lines as plain text (for a text-only tooltip, as pydeck's): name, quality, source, areas."""
    source = " · ".join(
        str(outline.get(k)) for k in ("geometry_source_id", "geometry_source") if _filled(outline.get(k))
    )
    approved = site.get("approved_area_ha")
    return [
        name(site, lang),
        tr(LABELS, "quality", lang, q=tr(QUALITY, outline.get("geometry_quality", "unknown"), lang)),
        tr(LABELS, "source", lang, s=source or tr(LABELS, "no_approved", lang)),
        tr(
            LABELS,
            "area",
            lang,
            a=number_text(area_ha([geom])[0]),
            b=tr(LABELS, "approved", lang, b=number_text(float(approved)))
            if _filled(approved)
            else tr(LABELS, "no_approved", lang),
        ),
    ]


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""
