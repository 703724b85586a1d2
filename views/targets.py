"""Targets (目标) builders: the figures table, charts grouped by unit, gap charts and the indicator map.

Plain functions, no Streamlit: data and language in, a DataFrame / plotly figure / folium map
out. Every bar and map feature carries its source id and quote on hover. The comparability
rules live in :mod:`geo.targets`; nothing here puts two figures side by side unless those
rules allow it (a chart holds one unit; a scope comparison one indicator, unit, kind and year).
"""

from __future__ import annotations

import branca.colormap
import folium
import pandas as pd
import plotly.graph_objects as go

from geo import queries as q
from geo import targets as tg
from views import maps
from views.i18n import accuracy_text, name, t, tr
from views.legends import Legend
from views.maps import BuiltMap, MapOptions, esc
from views.memo import per_source

LABELS = {
    "scope": ("范围", "Scope"),
    "indicator": ("指标", "Indicator"),
    "kind": ("类型", "Kind"),
    "year": ("年份", "Year"),
    "figure": ("数值（原文表述）", "Figure (as stated)"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "note": ("说明", "Note"),
    "id": ("编号", "ID"),
    "target": ("目标", "Target"),
    "actual": ("实绩", "Actual"),
    "years": ("年份关系", "Years"),
    "remaining": ("差距（目标−实绩）", "Gap (target − actual)"),
    "share": ("实绩占目标", "Actual / target"),
    "approx": ("含“以上/近/多”等限定，差距为近似", "qualifiers (以上, 近, 多 …) make the gap approximate"),
    "reasons": ("不可比原因", "Why not comparable"),
    "no_location": ("位置未知，未上图", "location unknown, not on the map"),
    "chart_title": ("单位：{unit}", "Unit: {unit}"),
}
KIND_COLOURS = {"target": "#c0392b", "actual": "#2471a3"}
SCALE = ("#fee5d9", "#fb6a4a", "#a50f15")  # low -> high


def _l(key: str, lang: str, **fmt) -> str:
    return tr(LABELS, key, lang, **fmt)


def _scope(cat, scope_id: str, lang: str) -> str:
    return q.scope_name(cat, scope_id, lang)


def _source_line(row, lang: str) -> str:
    return f"{t('source', lang)}: {row['source_id']} — “{row['quote']}”"


# ------------------------------------------------------------------ table


def figures_table(cat, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per figure, labelled in ``lang``: scope, indicator, kind, year, figure as stated, unit,
    source and quote (every figure keeps its source)."""
    return pd.DataFrame(
        {
            _l("scope", lang): [_scope(cat, s, lang) for s in df["scope_id"]],
            _l("indicator", lang): [tg.indicator_name(r, lang) for _, r in df.iterrows()],
            _l("kind", lang): [tg.kind_text(k, lang) for k in df["kind"]],
            _l("year", lang): [tg.year_text(y, lang) for y in df["year"]],
            _l("figure", lang): [tg.value_text(r, lang) for _, r in df.iterrows()],
            _l("value", lang): df["value"].astype(float).values,
            _l("unit", lang): [tg.unit_label(u, lang) for u in df["unit"]],
            t("source", lang): df["source_id"].values,
            t("quote", lang): df["quote"].values,
            _l("note", lang): df["note"].values,
            _l("id", lang): df["id"].values,
        }
    )


# ------------------------------------------------------------------ charts


def _hover(cat, df: pd.DataFrame, lang: str) -> list[str]:
    return [
        "<br>".join(
            [
                f"<b>{esc(tg.indicator_name(r, lang))}</b>",
                esc(
                    f"{_scope(cat, r['scope_id'], lang)} · {tg.kind_text(r['kind'], lang)} · "
                    f"{tg.year_text(r['year'], lang)}"
                ),
                esc(tg.value_text(r, lang)),
                esc(_source_line(r, lang)[:300]),
            ]
        )
        for _, r in df.iterrows()
    ]


def unit_chart(cat, df: pd.DataFrame, unit: str, lang: str) -> go.Figure:
    """Horizontal bars of the figures of ONE unit; each bar names its scope and year, colour = kind."""
    df = df[df["unit"] == unit].sort_values(["scope_id", "kind", "indicator_zh"])
    labels = [
        f"{tg.indicator_name(r, lang)} · {_scope(cat, r['scope_id'], lang)} · {tg.year_text(r['year'], lang)}"
        for _, r in df.iterrows()
    ]
    hover = _hover(cat, df, lang)
    fig = go.Figure()
    for kind in tg.KINDS:
        mask = (df["kind"] == kind).values
        if not mask.any():
            continue
        fig.add_bar(
            y=[_wrap(s) for s, m in zip(labels, mask, strict=True) if m],
            x=df.loc[mask, "value"],
            orientation="h",
            name=tg.kind_text(kind, lang),
            marker_color=KIND_COLOURS[kind],
            text=[tg.value_text(r, lang) for _, r in df[mask].iterrows()],
            textposition="auto",
            hovertext=[h for h, m in zip(hover, mask, strict=True) if m],
            hoverinfo="text",
            customdata=df.loc[mask, "id"],
        )
    fig.update_layout(
        title=_l("chart_title", lang, unit=tg.unit_label(unit, lang)),
        barmode="group",
        height=120 + 34 * len(df),
        margin=dict(l=10, r=10, t=50, b=30),
        legend=dict(orientation="h"),
        xaxis_title=tg.unit_label(unit, lang),
        yaxis=dict(automargin=True, autorange="reversed"),
    )
    return fig


def _wrap(text: str, width: int = 38) -> str:
    """Break long bar labels (plotly uses <br>); the text is escaped here, after the split."""
    return "<br>".join(esc(text[i : i + width]) for i in range(0, len(text), width))  # escaped: plotly reads HTML


def gaps_table(cat, gaps: list[tg.Gap], lang: str) -> pd.DataFrame:
    """One row per gap: the two figures, the years said plainly, the difference and the share."""
    rows = []
    for g in gaps:
        rows.append(
            {
                _l("scope", lang): _scope(cat, g.scope_id, lang),
                _l("indicator", lang): g.indicator_zh if lang == "zh" else g.indicator_en,
                _l("years", lang): g.years_text(lang),
                _l("target", lang): tg.value_text(_figure(cat, g.target_id), lang),
                _l("actual", lang): tg.value_text(_figure(cat, g.actual_id), lang),
                _l("remaining", lang): g.remaining,
                _l("share", lang): None if g.share is None else round(100 * g.share, 1),
                _l("unit", lang): tg.unit_label(g.unit, lang),
                _l("note", lang): _l("approx", lang) if g.approximate else "",
                t("source", lang): f"{g.target_id} / {g.actual_id}",
            }
        )
    return pd.DataFrame(rows)


def _figure(cat, indicator_id: str) -> pd.Series:
    return cat.indicators.loc[cat.indicators["id"] == indicator_id].iloc[0]


def gap_chart(cat, gap: tg.Gap, lang: str) -> go.Figure:
    """Target and actual of one gap as two bars, each labelled with its own year."""
    rows = [_figure(cat, gap.target_id), _figure(cat, gap.actual_id)]
    fig = go.Figure(
        go.Bar(
            x=[f"{tg.kind_text(r['kind'], lang)} {tg.year_text(r['year'], lang)}" for r in rows],
            y=[float(r["value"]) for r in rows],
            marker_color=[KIND_COLOURS[r["kind"]] for r in rows],
            text=[tg.value_text(r, lang) for r in rows],
            textposition="auto",
            hovertext=[esc(_source_line(r, lang)) for r in rows],
            hoverinfo="text",
        )
    )
    name_ = gap.indicator_zh if lang == "zh" else gap.indicator_en
    fig.update_layout(
        title=f"{name_} · {_scope(cat, gap.scope_id, lang)}<br><sup>{esc(gap.years_text(lang))}</sup>",
        yaxis_title=tg.unit_label(gap.unit, lang),
        height=320,
        margin=dict(l=10, r=10, t=70, b=30),
    )
    return fig


def mismatch_table(cat, pairs: list[tg.Mismatch], lang: str) -> pd.DataFrame:
    """Look-alike target/actual pairs that are NOT compared, with the reasons."""
    rows = []
    for p in pairs:
        target, actual = _figure(cat, p.target_id), _figure(cat, p.actual_id)
        rows.append(
            {
                _l("target", lang): f"{tg.indicator_name(target, lang)} · {_scope(cat, target['scope_id'], lang)} · "
                f"{tg.year_text(target['year'], lang)} · {tg.value_text(target, lang)}",
                _l("actual", lang): f"{tg.indicator_name(actual, lang)} · {_scope(cat, actual['scope_id'], lang)} · "
                f"{tg.year_text(actual['year'], lang)} · {tg.value_text(actual, lang)}",
                _l("reasons", lang): p.reasons_text(lang),
                t("source", lang): f"{p.target_id} / {p.actual_id}",
            }
        )
    return pd.DataFrame(rows)


def scope_comparison_chart(cat, group: pd.DataFrame, lang: str) -> go.Figure:
    """One indicator, unit, kind and year across scopes (the only cross-scope chart there is)."""
    first = group.iloc[0]
    fig = go.Figure(
        go.Bar(
            x=[_scope(cat, s, lang) for s in group["scope_id"]],
            y=group["value"].astype(float),
            marker_color=KIND_COLOURS[first["kind"]],
            text=[tg.value_text(r, lang) for _, r in group.iterrows()],
            hovertext=_hover(cat, group, lang),
            hoverinfo="text",
        )
    )
    fig.update_layout(
        title=f"{tg.indicator_name(first, lang)} · {tg.kind_text(first['kind'], lang)} · "
        f"{tg.year_text(first['year'], lang)}",
        yaxis_title=tg.unit_label(first["unit"], lang),
        height=320,
        margin=dict(l=10, r=10, t=50, b=30),
    )
    return fig


# ------------------------------------------------------------------ map


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


# ------------------------------------------------------- whole-catalogue views (cached by the page)


def catalogue_gaps(cat) -> list[tg.Gap]:
    return tg.find_gaps(cat.indicators)


def catalogue_mismatches(cat) -> list[tg.Mismatch]:
    return tg.incomparable_pairs(cat.indicators)


def indicator_labels(cat, lang: str) -> dict[str, str]:
    """Indicator id -> 'name · scope · year', for pickers."""
    return {
        r["id"]: " · ".join(
            [tg.indicator_name(r, lang), _scope(cat, r["scope_id"], lang), tg.year_text(r["year"], lang)]
        )
        for _, r in cat.indicators.iterrows()
    }


def filtered_figures(cat, scopes: tuple[str, ...], kind: str | None, year: int | None) -> pd.DataFrame:
    from geo.queries import IndicatorQuery

    return IndicatorQuery(scopes, kind, year).run(cat)


def filtered_table(cat, scopes: tuple[str, ...], kind: str | None, year: int | None, lang: str) -> pd.DataFrame:
    return figures_table(cat, filtered_figures(cat, scopes, kind, year), lang)


def filtered_unit_charts(
    cat, scopes: tuple[str, ...], kind: str | None, year: int | None, lang: str
) -> list[tuple[str, go.Figure]]:
    figures = filtered_figures(cat, scopes, kind, year)
    return [(unit, unit_chart(cat, group, unit, lang)) for unit, group in tg.unit_groups(figures)]
