"""The Targets page's indicator map: scopes coloured by one series (same indicator, unit, kind, year).

City/county scopes are filled polygons, site scopes round markers (and a site's outline when it
has one); every feature carries its figure, source id and quote on hover. Unlocated scopes are
left out and listed by :func:`unlocated_scopes`.
"""

from __future__ import annotations

import branca.colormap
import folium
import pandas as pd

from geo import queries as q
from geo import targets as tg
from views import maps
from views.i18n import accuracy_text, name, t
from views.legends import Legend
from views.maps import BuiltMap, MapOptions, esc
from views.memo import per_source
from views.outline_layer import add_site_outlines

SCALE = ("#fee5d9", "#fb6a4a", "#a50f15")  # low -> high


def _scope(cat, scope_id: str, lang: str) -> str:
    return q.scope_name(cat, scope_id, lang)


def _source_line(row, lang: str) -> str:
    return f"{t('source', lang)}: {row['source_id']} — “{row['quote']}”"


def indicator_map(cat, opts: MapOptions, series: str) -> BuiltMap:
    """Scopes coloured by one series (same indicator, unit, kind, year): city/county polygons for area
    scopes, round markers for site scopes; a legend with the unit. Unlocated scopes are left out
    (the page lists them)."""
    m = maps.new_map(cat, opts)
    built = BuiltMap(m)
    rows = tg.series_figures(cat, series)
    drawn = rows[rows["located"] != ""]
    if drawn.empty:
        maps.finish(m)
        return built
    first = drawn.iloc[0]
    colours = _colormap(
        drawn["value"].astype(float),
        f"{tg.indicator_name(first, opts.lang)} ({tg.unit_label(first['unit'], opts.lang)})",
    )
    group = folium.FeatureGroup(name=tg.indicator_name(first, opts.lang))
    for _, row in drawn.iterrows():
        if row["located"] == "area":
            _add_area_value(group, cat, row, colours, opts)
        else:
            _add_site_value(group, built, cat, row, colours, opts)
    group.add_to(m)
    add_site_outlines(m, cat.sites[cat.sites["id"].isin(drawn["scope_id"])], opts)
    Legend.scale(colours.caption, SCALE, tg.number_text(colours.vmin), tg.number_text(colours.vmax)).add_to(m)
    maps.finish(m)
    return built


def _colormap(values: pd.Series, caption: str) -> branca.colormap.LinearColormap:
    """The colour scale (used as a function only: the legend is :class:`Legend`, which needs no d3)."""
    low, high = min(0.0, float(values.min())), float(values.max())
    if high <= low:
        high = low + 1.0
    return branca.colormap.LinearColormap(list(SCALE), vmin=low, vmax=high, caption=caption)


def _value_tooltip(cat, row, opts: MapOptions, first_line: str) -> str:
    return "<br>".join(
        [
            f"<b>{esc(first_line)}</b>",
            esc(
                f"{tg.indicator_name(row, opts.lang)} · {tg.kind_text(row['kind'], opts.lang)} · "
                f"{tg.year_text(row['year'], opts.lang)}"
            ),
            esc(tg.value_text(row, opts.lang)),
            f"<small>{esc(_source_line(row, opts.lang))}</small>",
        ]
    )


def _add_area_value(group, cat, row, colours, opts: MapOptions) -> None:
    area = cat.areas.loc[cat.areas["code"] == row["scope_id"]].iloc[0]
    fill = colours(float(row["value"]))
    folium.GeoJson(
        opts.shift(area.geometry).__geo_interface__,
        style_function=lambda _f, c=fill: dict(color="#7b241c", weight=2, fillColor=c, fillOpacity=0.55),
        tooltip=folium.Tooltip(_value_tooltip(cat, row, opts, name(area, opts.lang)), max_width=360),
    ).add_to(group)


def _add_site_value(group, built: BuiltMap, cat, row, colours, opts: MapOptions) -> None:
    """A round marker in the value's colour (a marker, not a vector circle, so it sits in the marker pane)."""
    site = cat.sites.loc[cat.sites["id"] == row["scope_id"]].iloc[0]
    label = built.clickable(name(site, opts.lang), site["id"])
    point = opts.shift(site.geometry)
    tooltip = _value_tooltip(cat, row, opts, label) + f"<br><small>{esc(accuracy_text(site, opts.lang))}</small>"
    dot = (
        f'<div style="width:26px;height:26px;border-radius:50%;border:2px solid #333;'
        f'background:{colours(float(row["value"]))};box-shadow:0 0 3px #fff"></div>'
    )
    folium.Marker(
        [point.y, point.x],
        icon=folium.DivIcon(html=dot, icon_size=(30, 30), icon_anchor=(15, 15), class_name="indicator-dot"),
        tooltip=folium.Tooltip(tooltip, max_width=360),
    ).add_to(group)


@per_source  # once per catalogue (views/memo.py)
def unlocated_scopes(cat, series: str, lang: str) -> list[str]:
    """Scopes of the series that cannot be drawn, with their figure ('位置未知' on the page)."""
    rows = tg.series_figures(cat, series)
    return [
        f"{_scope(cat, r['scope_id'], lang)}: {tg.value_text(r, lang)}"
        for _, r in rows[rows["located"] == ""].iterrows()
    ]
