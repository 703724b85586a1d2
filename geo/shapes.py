"""Shapes a search is given: a drawing read back from the map, a disc around a point, range checks.

:func:`parse_drawing` turns what the map reports (GeoJSON, a circle as a point with a radius,
possibly drawn on GCJ-02 tiles) into a valid polygon in EPSG:4326, or raises
:class:`SearchInputError` saying in zh and en what is wrong. The same error carries every other
input a search cannot use (an unknown place or area, a point out of range), so a page catches
one exception. The drawing tools themselves (folium's Draw plugin) are in :mod:`views.drawing`.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import shapely
from shapely.geometry import shape as to_shape
from shapely.geometry.base import BaseGeometry

from .coords import geometry_from_gcj02
from .errors import InvalidQueryError
from .schema import CRS, PROJECTED_CRS

ERRORS = {  # key -> (zh, en); details fill the placeholders
    "unknown_place": ("找不到地点“{place}”。{hint}", "Unknown place “{place}”. {hint}"),
    "did_you_mean": ("是否要找：{names}？", "Did you mean: {names}?"),
    "place_unlocated": (
        "“{place}”位置未知，不能作为搜索中心。",
        "“{place}” has no known location, so it cannot be a search centre.",
    ),
    "bad_point": (
        "坐标（{lat}, {lon}）超出范围：纬度须在 -90 至 90、经度须在 -180 至 180 之间。",
        "The point ({lat}, {lon}) is out of range: latitude must be within -90…90 and longitude within -180…180.",
    ),
    "unknown_area": (
        "找不到行政区“{area}”（应为行政区划代码或名称）。",
        "Unknown area “{area}” (give its code or name).",
    ),
    "no_shape": ("没有收到所绘图形。", "No shape was received from the map."),
    "not_geojson": ("所绘图形不是有效的 GeoJSON：{detail}", "The drawing is not valid GeoJSON: {detail}"),
    "malformed": ("所绘图形的坐标有误：{detail}", "The drawing's coordinates are malformed: {detail}"),
    "point_no_area": (
        "所绘的是一个点，没有面积：请画多边形、矩形或圆。",
        "The drawing is a single point with no area: draw a polygon, a rectangle or a circle.",
    ),
    "line_no_area": (
        "所绘的是一条线，没有面积：请画多边形、矩形或圆。",
        "The drawing is a line with no area: draw a polygon, a rectangle or a circle.",
    ),
    "unsupported": (
        "不支持的图形类型“{kind}”：请画多边形、矩形或圆。",
        "Unsupported shape type “{kind}”: draw a polygon, a rectangle or a circle.",
    ),
    "out_of_range": (
        "所绘图形的坐标超出经纬度范围。",
        "The drawing's coordinates are outside the range of longitude and latitude.",
    ),
    "zero_area": ("所绘图形面积为零。", "The drawn shape has no area."),
    "invalid_shape": (
        "所绘图形无效（{reason}），例如边线自相交：请重新绘制。",
        "The drawn shape is not valid ({reason}), e.g. its edges cross: please draw it again.",
    ),
}


class SearchInputError(InvalidQueryError):
    """Input the search cannot use. ``key`` names the problem; :meth:`message` says it in zh or en."""

    def __init__(self, key: str, **details):
        self.key, self.details = key, details
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The problem in ``lang`` ("zh" or "en"), with the names it concerns."""
        details = dict(self.details)
        for key in [k for k in details if k.endswith("_zh")]:  # a name given in both languages
            details[key[:-3]] = details[key] if lang == "zh" else details.get(key[:-3] + "_en", details[key])
        if "suggestions" in details:  # names of the closest known places, offered in the message
            names = details.pop("suggestions")
            details["hint"] = _say("did_you_mean", lang, names=_join(names, lang)) if names else ""
        return _say(self.key, lang, **details).strip()


def _say(key: str, lang: str, **details) -> str:
    zh, en = ERRORS[key]
    return (zh if lang == "zh" else en).format(**details)


def _join(names, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def check_point(lat: float, lon: float) -> None:
    """Raise :class:`SearchInputError` ("bad_point") unless -90 ≤ lat ≤ 90 and -180 ≤ lon ≤ 180."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SearchInputError("bad_point", lat=lat, lon=lon)


# ------------------------------------------------------------------ reading a drawing


def parse_drawing(drawing, gcj02: bool = False) -> BaseGeometry:
    """Read a drawing from the map as a valid polygon in EPSG:4326.

    The drawing is a GeoJSON Feature, FeatureCollection or geometry (a dict or text). A circle (a Point with ``properties.radius`` in metres, as
    Leaflet.draw sends it) becomes a polygon of that radius, measured in UTM 48N.

    Raises
    ------
    SearchInputError
        Saying what is wrong: nothing drawn, not GeoJSON, malformed coordinates, a point or a
        line (no area), an unsupported type, coordinates out of range, zero area, an invalid
        (e.g. self-crossing) shape.
    """
    if drawing in (None, "", {}, []):
        raise SearchInputError("no_shape")
    if isinstance(drawing, (str, bytes)):
        try:
            drawing = json.loads(drawing)
        except ValueError as exc:
            raise SearchInputError("not_geojson", detail=str(exc)) from None
    if not isinstance(drawing, dict) or "type" not in drawing:
        raise SearchInputError("not_geojson", detail=f"expected a GeoJSON object, got {type(drawing).__name__}")
    if drawing["type"] == "FeatureCollection":
        parts = [parse_drawing(f, gcj02) for f in drawing.get("features") or []]
        if not parts:
            raise SearchInputError("no_shape")
        return _checked(shapely.union_all(parts))
    geometry, props = (
        (drawing.get("geometry"), drawing.get("properties") or {}) if drawing["type"] == "Feature" else (drawing, {})
    )
    if not geometry:
        raise SearchInputError("no_shape")
    try:
        geom = to_shape(geometry)
    except Exception as exc:  # shapely raises several types for bad coordinates
        raise SearchInputError("malformed", detail=str(exc) or type(exc).__name__) from None
    if gcj02 and not geom.is_empty:
        geom = geometry_from_gcj02(geom)
    return _checked(_circle(geom, props) if geom.geom_type == "Point" else geom)


def _circle(point, props: dict) -> BaseGeometry:
    radius = props.get("radius") if isinstance(props, dict) else None
    if not isinstance(radius, (int, float)) or not radius > 0:
        raise SearchInputError("point_no_area")
    _in_range(point)
    return disc(point, float(radius))


def disc(point: BaseGeometry, metres: float) -> BaseGeometry:
    """The polygon of all within ``metres`` of a (lon, lat) point, measured in UTM 48N."""
    projected = gpd.GeoSeries([point], crs=CRS).to_crs(PROJECTED_CRS).buffer(metres, quad_segs=32)
    return projected.to_crs(CRS).iloc[0]


def _in_range(geom: BaseGeometry) -> None:
    minx, miny, maxx, maxy = geom.bounds
    if not all(map(math.isfinite, geom.bounds)) or minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise SearchInputError("out_of_range")


def _checked(geom: BaseGeometry) -> BaseGeometry:
    kind = geom.geom_type
    if kind in ("LineString", "MultiLineString", "LinearRing"):
        raise SearchInputError("line_no_area")
    if kind in ("Point", "MultiPoint"):
        raise SearchInputError("point_no_area")
    if kind not in ("Polygon", "MultiPolygon"):
        raise SearchInputError("unsupported", kind=kind)
    if geom.is_empty:
        raise SearchInputError("zero_area")
    _in_range(geom)
    if geom.area == 0:
        raise SearchInputError("zero_area")
    if not geom.is_valid:
        raise SearchInputError("invalid_shape", reason=shapely.is_valid_reason(geom))
    return geom
