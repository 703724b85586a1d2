"""Targets (目标) builders: the figures table, charts grouped by unit, gap charts and the indicator map.

Plain functions, no Streamlit: data and language in, a DataFrame / plotly figure / folium map
out. Every bar and map feature carries its source id and quote on hover. The comparability
rules live in :mod:`geo.targets`; nothing here puts two figures side by side unless those
rules allow it (a chart holds one unit; a scope comparison one indicator, unit, kind and year).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from geo import queries as q
from geo import targets as tg
from views.i18n import t, tr
from views.maps import esc
from views.targets_map import indicator_map, unlocated_scopes  # noqa: F401 (re-exported: the page's map)

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
    "latest_actual": ("最新实绩", "Latest actual"),
    "target_source": ("目标来源", "Target source"),
    "actual_source": ("实绩来源", "Actual source"),
    "progress_axis": ("最新实绩占目标（%）", "Latest actual as share of target (%)"),
}
KIND_COLOURS = {"target": "#c0392b", "actual": "#2471a3"}


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


def progress_table(cat, gaps: list[tg.Gap], lang: str) -> pd.DataFrame:
    """One row per target and its latest comparable actual (:func:`geo.targets.progress`): both figures
    as stated with their years, the gap, the share reached, and BOTH sources with their quotes."""
    rows = []
    for g in gaps:
        target, actual = _figure(cat, g.target_id), _figure(cat, g.actual_id)
        rows.append(
            {
                _l("scope", lang): _scope(cat, g.scope_id, lang),
                _l("indicator", lang): g.indicator_zh if lang == "zh" else g.indicator_en,
                _l("target", lang): f"{tg.value_text(target, lang)} ({tg.year_text(g.target_year, lang)})",
                _l("latest_actual", lang): f"{tg.value_text(actual, lang)} ({tg.year_text(g.actual_year, lang)})",
                _l("remaining", lang): g.remaining,
                _l("share", lang): None if g.share is None else round(100 * g.share, 1),
                _l("unit", lang): tg.unit_label(g.unit, lang),
                _l("years", lang): g.years_text(lang),
                _l("note", lang): _l("approx", lang) if g.approximate else "",
                _l("target_source", lang): _source_line(target, lang),
                _l("actual_source", lang): _source_line(actual, lang),
                _l("id", lang): f"{g.target_id} / {g.actual_id}",
            }
        )
    return pd.DataFrame(rows)


def progress_chart(cat, gaps: list[tg.Gap], lang: str) -> go.Figure:
    """The share of each target its latest actual reaches (ranks and zero targets have no share)."""
    shown = [g for g in gaps if g.share is not None]
    labels = [
        f"{g.indicator_zh if lang == 'zh' else g.indicator_en} · {_scope(cat, g.scope_id, lang)} · {g.years_text(lang)}"
        for g in shown
    ]
    fig = go.Figure(
        go.Bar(
            y=[_wrap(label) for label in labels],
            x=[round(100 * (g.share or 0), 1) for g in shown],
            orientation="h",
            marker_color=KIND_COLOURS["actual"],
            text=[f"{100 * (g.share or 0):.1f}%" for g in shown],
            textposition="auto",
            hovertext=[
                "<br>".join(esc(_source_line(_figure(cat, i), lang)[:300]) for i in (g.target_id, g.actual_id))
                for g in shown
            ],
            hoverinfo="text",
            customdata=[f"{g.target_id} / {g.actual_id}" for g in shown],
        )
    )
    fig.add_vline(x=100, line_dash="dash", line_color=KIND_COLOURS["target"])
    fig.update_layout(
        title=_l("progress_axis", lang),
        xaxis_title=_l("progress_axis", lang),
        height=160 + 46 * len(shown),
        margin=dict(l=10, r=10, t=50, b=40),
        yaxis=dict(automargin=True, autorange="reversed"),
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


# ------------------------------------------------------- whole-catalogue views (cached by the page)


def catalogue_gaps(cat) -> list[tg.Gap]:
    return tg.find_gaps(cat.indicators)


def catalogue_progress(cat) -> list[tg.Gap]:
    return tg.progress(cat.indicators)


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


def filtered_scope_charts(
    cat, scopes: tuple[str, ...], kind: str | None, year: int | None, lang: str
) -> list[go.Figure]:
    """One chart per group of figures comparable across scopes (:func:`geo.targets.cross_scope_groups`)."""
    groups = tg.cross_scope_groups(filtered_figures(cat, scopes, kind, year))
    return [scope_comparison_chart(cat, group, lang) for group in groups]


def scoped_mismatch_table(cat, scopes: tuple[str, ...], lang: str) -> pd.DataFrame:
    """:func:`mismatch_table` of the look-alike pairs involving ``scopes`` (all when empty)."""
    return mismatch_table(cat, tg.involving_scopes(catalogue_mismatches(cat), cat.indicators, list(scopes)), lang)
