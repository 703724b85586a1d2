"""Where an area's name is written on a map: one point inside each area, computed once.

A label placed by the browser (a permanent Leaflet tooltip on a polygon) sits at the centre of
the polygon's *clipped, on-screen* outline, so at a wide view county names drift far outside
their counties (issue 9, section 1). Here each area gets a fixed point instead: the pole of
inaccessibility (the inside point farthest from the boundary, :func:`shapely.ops.polylabel`) of
its largest part, computed in the projected CRS (metres, EPSG:32648) so "farthest" is a real
distance, then transformed back to WGS-84. The points are cached per catalogue.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import polylabel

from .errors import DataValidationError, Problem
from .schema import CRS, PROJECTED_CRS

#: How close (metres) the pole search must get to the true pole; far below the size of a label.
POLE_TOLERANCE_M = 200.0

LABEL_POINT_COLUMNS = ["code", "name_zh", "name_en", "level", "lat", "lon"]

_CACHE_ATTRIBUTE = "_area_label_points"


def area_label_points(cat) -> pd.DataFrame:
    """A label point inside every area of the catalogue, cached per catalogue.

    Parameters
    ----------
    cat : geo.load.Catalogue
        The catalogue whose ``areas`` are labelled.

    Returns
    -------
    pandas.DataFrame
        One row per area: ``code, name_zh, name_en, level, lat, lon`` (WGS-84 degrees).

    Raises
    ------
    DataValidationError
        When an area has no polygon to put a label in.
    """
    cached = vars(cat).get(_CACHE_ATTRIBUTE)
    if cached is None:
        # Kept on the catalogue itself (like its cached properties): it lives and dies with it.
        cached = label_points_of(cat.areas)
        setattr(cat, _CACHE_ATTRIBUTE, cached)
    return cached


def label_points_of(areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """A label point inside each polygon of ``areas`` (see :func:`area_label_points`)."""
    bad = [str(code) for code, geom in zip(areas["code"], areas.geometry, strict=True)
           if not isinstance(geom, (Polygon, MultiPolygon)) or geom.is_empty]
    if bad:
        raise DataValidationError([Problem("areas", None, "geometry", f"area {code} has no polygon to label")
                                   for code in bad])
    projected = areas.to_crs(PROJECTED_CRS).geometry
    poles = gpd.GeoSeries([_pole(geom) for geom in projected], crs=PROJECTED_CRS).to_crs(CRS)
    out = pd.DataFrame({col: areas[col].astype(str).to_numpy() for col in ("code", "name_zh", "name_en", "level")})
    out["lat"] = [p.y for p in poles]
    out["lon"] = [p.x for p in poles]
    return out[LABEL_POINT_COLUMNS]


def _pole(geom: Polygon | MultiPolygon) -> Point:
    """The pole of inaccessibility of the largest part (where a name has the most room)."""
    part = max(geom.geoms, key=lambda g: g.area) if isinstance(geom, MultiPolygon) else geom
    pole = polylabel(part, tolerance=POLE_TOLERANCE_M)
    # polylabel returns a grid-cell centre; on a degenerate sliver it could touch the edge.
    return pole if part.contains(pole) else part.representative_point()
