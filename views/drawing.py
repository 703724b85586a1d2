"""Drawing on the search map: Leaflet.draw's tools, with Chinese texts.

Plain functions, no Streamlit. Reading a drawing back as a shape, and the error a search's input
raises, are in :mod:`geo.shapes` (re-exported here for the pages and tests that import them from here).
"""

from __future__ import annotations

import folium
import folium.plugins
from branca.element import MacroElement
from folium.template import Template

from geo.shapes import ERRORS, SearchInputError, disc, parse_drawing

__all__ = ["ERRORS", "SearchInputError", "disc", "parse_drawing", "DRAW_LOCAL_ZH", "DrawLocal", "add_draw"]

DRAW_LOCAL_ZH = {  # Leaflet.draw's toolbar texts in Chinese (its L.drawLocal)
    "draw.toolbar.buttons.polygon": "绘制多边形",
    "draw.toolbar.buttons.rectangle": "绘制矩形",
    "draw.toolbar.buttons.circle": "绘制圆",
    "draw.toolbar.actions.text": "取消",
    "draw.toolbar.actions.title": "取消绘制",
    "draw.toolbar.finish.text": "完成",
    "draw.toolbar.finish.title": "完成绘制",
    "draw.toolbar.undo.text": "撤销上一点",
    "draw.toolbar.undo.title": "撤销最后绘制的点",
    "draw.handlers.polygon.tooltip.start": "点击开始绘制",
    "draw.handlers.polygon.tooltip.cont": "点击继续绘制",
    "draw.handlers.polygon.tooltip.end": "点击第一个点结束绘制",
    "draw.handlers.rectangle.tooltip.start": "按住并拖动绘制矩形",
    "draw.handlers.circle.tooltip.start": "按住并拖动绘制圆",
    "draw.handlers.circle.radius": "半径",
    "draw.handlers.simpleshape.tooltip.end": "松开鼠标完成绘制",
    "edit.toolbar.buttons.remove": "删除图形",
    "edit.toolbar.buttons.removeDisabled": "没有可删除的图形",
    "edit.toolbar.actions.save.text": "保存",
    "edit.toolbar.actions.cancel.text": "取消",
    "edit.toolbar.actions.clearAll.text": "全部清除",
}


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
        export=False,
        show_geometry_on_click=False,
        position="topleft",
        draw_options=dict(
            polyline=False,
            marker=False,
            circlemarker=False,
            polygon=dict(allowIntersection=False, showArea=False),
            rectangle=True,
            circle=True,
        ),
        edit_options=dict(edit=False, remove=False),  # the page's "clear" button removes a shape
    ).add_to(m)
