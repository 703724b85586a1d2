"""Site outlines: polygons beside a site's point; their area, computed in UTM 48N, against the approved area.

The approved area comes from ``sites.approved_area_ha`` when that column exists and is filled; a
computed area more than 20% off it is a warning on the proposal (not an error: the approved
figure may be out of date, or the outline approximate).
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from .errors import Problem
from .schema import CRS, PROJECTED_CRS

AREA_MISMATCH = 0.20
POLYGON_TYPES = ("Polygon", "MultiPolygon")


def area_ha(geometries) -> list[float]:
    """Areas in hectares, computed in EPSG:32648 (never in degrees)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # coordinates that are not degrees give nan: reported elsewhere
        series = gpd.GeoSeries(list(geometries), crs=CRS).to_crs(PROJECTED_CRS)
        return [round(float(a) / 10_000, 2) for a in series.area]


def outline_problems(raw: dict[str, pd.DataFrame]) -> list[Problem]:
    """An outline must be a polygon (the validator checks it is valid and in Gansu)."""
    df = raw.get("outlines")
    if df is None or "geometry" not in df.columns:
        return []
    out = []
    for index, geom in df.geometry.items():
        if geom is not None and not geom.is_empty and geom.geom_type not in POLYGON_TYPES:
            out.append(
                Problem("outlines", int(index) + 1, "geometry", f"an outline must be a polygon, not a {geom.geom_type}")
            )
    return out


def repair_hint(geom) -> str:
    """What make_valid would give for an invalid polygon: the offer shown with the problem."""
    if geom is None or geom.is_valid:
        return ""
    fixed = shapely.make_valid(geom)
    polygons = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in POLYGON_TYPES]
    if not polygons:
        return "; make_valid cannot turn it into a polygon — redraw it"
    area = sum(area_ha(polygons))
    return f"; repair offered: shapely make_valid gives a {fixed.geom_type} of {area} ha (import with repair=True)"


def area_warnings(raw: dict[str, pd.DataFrame], site_ids: list[str]) -> list[str]:
    """A warning for each changed outline whose area differs from the site's approved area by > 20%."""
    outlines, sites = raw.get("outlines"), raw.get("sites")
    if outlines is None or sites is None or "approved_area_ha" not in sites.columns or outlines.empty:
        return []
    approved = dict(zip(sites["id"], sites["approved_area_ha"], strict=False))
    chosen = outlines[outlines["site_id"].isin(site_ids) & outlines.geometry.notna()]
    if chosen.empty:
        return []
    warnings = []
    for site_id, computed in zip(chosen["site_id"], area_ha(chosen.geometry), strict=False):
        try:
            expected = float(approved.get(site_id, "") or "nan")
        except ValueError:
            continue
        if expected > 0 and abs(computed - expected) / expected > AREA_MISMATCH:
            warnings.append(
                f"outline of {site_id}: computed area {computed} ha differs from the approved "
                f"{expected:g} ha by {abs(computed - expected) / expected:.0%} (more than 20%)"
            )
    return warnings


def site_outlines(outlines: pd.DataFrame | None) -> dict[str, BaseGeometry]:
    """Site id -> its outline in EPSG:4326 (several polygons of one site as one); no entry without one."""
    if outlines is None or outlines.empty or "geometry" not in outlines.columns:
        return {}
    drawn = outlines[outlines.geometry.notna()]
    drawn = drawn[~drawn.geometry.is_empty]
    return {str(site): shapely.union_all(list(group.geometry)) for site, group in drawn.groupby("site_id")}


def footprints(outlines: pd.DataFrame | None, rows: gpd.GeoDataFrame, site_ids) -> gpd.GeoSeries:
    """Each row's outline when it is a site (its id in ``site_ids``) with one, else its point.

    What spatial queries measure: the distance to a site with an outline is the distance to the
    outline (0 inside it), and a site with an outline is inside a shape its outline touches.
    """
    drawn = site_outlines(outlines)
    if not drawn or "id" not in rows.columns:
        return rows.geometry
    sites = set(site_ids)
    own = [drawn.get(i) if i in sites else None for i in rows["id"]]
    return gpd.GeoSeries(
        [o if o is not None else p for o, p in zip(own, rows.geometry, strict=True)], index=rows.index, crs=CRS
    )
