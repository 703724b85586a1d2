"""The one map legend: a small box in a map corner holding swatches with labels, or a colour scale.

No Streamlit, no d3 (a branca colormap's own legend needs d3 and does not survive a copy of the
map): plain HTML and CSS, every text escaped here and put into the script as JSON.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from geo.markup import html_text as esc

SWATCH_SHAPES = {  # shape -> CSS of the swatch box; {c} is the colour
    "dot": "width:11px;height:11px;background:{c};border-radius:50%",
    "square": "width:11px;height:11px;background:{c}",
    "ring": "width:12px;height:12px;border:1.5px dashed {c};border-radius:50%",  # a dashed outline
    "halo": "width:10px;height:10px;border:2.5px solid {c};border-radius:50%",  # a selection ring
    "line": "width:16px;height:0;border-top:2px dashed {c};vertical-align:middle",
}


def swatch(colour: str, shape: str = "dot") -> str:
    """The HTML of a legend swatch (colour is one of our constants, never user text)."""
    return f'<span style="display:inline-block;{SWATCH_SHAPES[shape].format(c=colour)}"></span>'


class Legend(MacroElement):
    """A legend box in a map's bottom-right corner.

    ``items`` are (swatch HTML, label) pairs, one a line; ``title`` (optional) heads them. Labels
    and the title are plain text, escaped here. :meth:`scale` makes the legend of a colour scale.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend");
                div.style.cssText = "background:#fff;padding:6px 9px;border-radius:4px;font-size:12px;"
                    + "line-height:20px;box-shadow:0 1px 4px rgba(0,0,0,.35);max-width:260px";
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            var parent = {{ this._parent.get_name() }};
            if (parent instanceof L.Map) {
                legend.addTo(parent);
            } else {  // in a layer (views/map_parts.py): shown while the layer is on the map
                parent.on("add", function () { legend.addTo(parent._map); });
                parent.on("remove", function () { legend.remove(); });
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, items: list[tuple[str, str]], title: str = "", *, body: str = ""):
        super().__init__()
        self._name = "Legend"
        self.title = title
        head = f'<div style="font-weight:600">{esc(title)}</div>' if title else ""
        self.html = head + "<br>".join(f"{swatch} {esc(label)}" for swatch, label in items) + body

    @classmethod
    def scale(cls, title: str, colours: tuple[str, ...], low: str, high: str) -> Legend:
        """The legend of a colour scale: ``title`` (e.g. indicator and unit), the gradient, its two ends."""
        body = (
            f'<div style="height:10px;background:linear-gradient(to right,{",".join(colours)})"></div>'
            '<div style="display:flex;justify-content:space-between">'
            f"<span>{esc(low)}</span><span>{esc(high)}</span></div>"
        )
        return cls([], title, body=body)
