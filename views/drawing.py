"""Drawing on the search map: Leaflet.draw's tools (with Chinese texts) and a drawing read back as a shape.

Plain functions, no Streamlit. :func:`parse_drawing` turns what the map reports (GeoJSON,
a circle as a point with a radius, possibly drawn on GCJ-02 tiles) into a valid polygon in
EPSG:4326, or raises :class:`SearchInputError` saying in zh and en what is wrong. The same
error carries every other input the search cannot use (an unknown place or area, a point
out of range), so a page catches one exception.
"""
from __future__ import annotations

import json
import math

import folium
import folium.plugins
import geopandas as gpd
import shapely
from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import shape as to_shape
from shapely.geometry.base import BaseGeometry

from geo.coords import geometry_from_gcj02
from geo.schema import CRS, PROJECTED_CRS
from views.i18n import join_names, tr

ERRORS = {  # key -> (zh, en); details fill the placeholders
    "unknown_place": ("找不到地点“{place}”。{hint}", "Unknown place “{place}”. {hint}"),
    "did_you_mean": ("是否要找：{names}？", "Did you mean: {names}?"),
    "place_unlocated": ("“{place}”位置未知，不能作为搜索中心。", "“{place}” has no known location, so it cannot be a search centre."),
    "bad_point": ("坐标（{lat}, {lon}）超出范围：纬度须在 -90 至 90、经度须在 -180 至 180 之间。",
                  "The point ({lat}, {lon}) is out of range: latitude must be within -90…90 and longitude within -180…180."),
    "unknown_area": ("找不到行政区“{area}”（应为行政区划代码或名称）。", "Unknown area “{area}” (give its code or name)."),
    "no_shape": ("没有收到所绘图形。", "No shape was received from the map."),
    "not_geojson": ("所绘图形不是有效的 GeoJSON：{detail}", "The drawing is not valid GeoJSON: {detail}"),
    "malformed": ("所绘图形的坐标有误：{detail}", "The drawing's coordinates are malformed: {detail}"),
    "point_no_area": ("所绘的是一个点，没有面积：请画多边形、矩形或圆。",
                      "The drawing is a single point with no area: draw a polygon, a rectangle or a circle."),
    "line_no_area": ("所绘的是一条线，没有面积：请画多边形、矩形或圆。",
                     "The drawing is a line with no area: draw a polygon, a rectangle or a circle."),
    "unsupported": ("不支持的图形类型“{kind}”：请画多边形、矩形或圆。",
                    "Unsupported shape type “{kind}”: draw a polygon, a rectangle or a circle."),
    "out_of_range": ("所绘图形的坐标超出经纬度范围。", "The drawing's coordinates are outside the range of longitude and latitude."),
    "zero_area": ("所绘图形面积为零。", "The drawn shape has no area."),
    "invalid_shape": ("所绘图形无效（{reason}），例如边线自相交：请重新绘制。",
                      "The drawn shape is not valid ({reason}), e.g. its edges cross: please draw it again."),
}

DRAW_LOCAL_ZH = {  # Leaflet.draw's toolbar texts in Chinese (its L.drawLocal)
    "draw.toolbar.buttons.polygon": "绘制多边形", "draw.toolbar.buttons.rectangle": "绘制矩形",
    "draw.toolbar.buttons.circle": "绘制圆", "draw.toolbar.actions.text": "取消", "draw.toolbar.actions.title": "取消绘制",
    "draw.toolbar.finish.text": "完成", "draw.toolbar.finish.title": "完成绘制",
    "draw.toolbar.undo.text": "撤销上一点", "draw.toolbar.undo.title": "撤销最后绘制的点",
    "draw.handlers.polygon.tooltip.start": "点击开始绘制", "draw.handlers.polygon.tooltip.cont": "点击继续绘制",
    "draw.handlers.polygon.tooltip.end": "点击第一个点结束绘制", "draw.handlers.rectangle.tooltip.start": "按住并拖动绘制矩形",
    "draw.handlers.circle.tooltip.start": "按住并拖动绘制圆", "draw.handlers.circle.radius": "半径",
    "draw.handlers.simpleshape.tooltip.end": "松开鼠标完成绘制",
    "edit.toolbar.buttons.remove": "删除图形", "edit.toolbar.buttons.removeDisabled": "没有可删除的图形",
    "edit.toolbar.actions.save.text": "保存", "edit.toolbar.actions.cancel.text": "取消",
    "edit.toolbar.actions.clearAll.text": "全部清除",
}


class SearchInputError(ValueError):
    """Input the search cannot use. ``key`` names the problem; :meth:`message` says it in zh or en."""

    def __init__(self, key: str, **details):
        self.key, self.details = key, details
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        details = dict(self.details)
        for key in [k for k in details if k.endswith("_zh")]:  # a name given in both languages
            details[key[:-3]] = details[key] if lang == "zh" else details.get(key[:-3] + "_en", details[key])
        if "suggestions" in details:  # names of the closest known places, offered in the message
            names = details.pop("suggestions")
            details["hint"] = tr(ERRORS, "did_you_mean", lang, names=join_names(names, lang)) if names else ""
        return tr(ERRORS, self.key, lang, **details).strip()


# ------------------------------------------------------------------ the tools


class DrawLocal(MacroElement):
    """Leaflet.draw's toolbar texts in Chinese (added before the Draw control)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            if (typeof L === "undefined" || !L.drawLocal) { return; }
            var texts = {{ this.texts|tojson }};
            Object.keys(texts).forEach(function (path) {
                var keys = path.split("."), node = L.drawLocal;
                for (var i = 0; i < keys.length - 1; i++) { node = node[keys[i]] = node[keys[i]] || {}; }
                node[keys[keys.length - 1]] = texts[path];
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, texts: dict[str, str]):
        super().__init__()
        self._name = "DrawLocal"
        self.texts = texts


def add_draw(m: folium.Map, lang: str) -> None:
    """The drawing tools: polygon, rectangle and circle (a shape has to have an area)."""
    if lang == "zh":
        DrawLocal(DRAW_LOCAL_ZH).add_to(m)
    folium.plugins.Draw(
        export=False, show_geometry_on_click=False, position="topleft",
        draw_options=dict(polyline=False, marker=False, circlemarker=False,
                          polygon=dict(allowIntersection=False, showArea=False), rectangle=True, circle=True),
        edit_options=dict(edit=False, remove=False),  # the page's "clear" button removes a shape
    ).add_to(m)


# ------------------------------------------------------------------ reading a drawing


def parse_drawing(drawing, gcj02: bool = False) -> BaseGeometry:
    """A drawing from the map (GeoJSON Feature, FeatureCollection or geometry; dict or text) as a
    valid polygon in EPSG:4326. A circle (a Point with ``properties.radius`` in metres, as
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
    geometry, props = (drawing.get("geometry"), drawing.get("properties") or {}) \
        if drawing["type"] == "Feature" else (drawing, {})
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
