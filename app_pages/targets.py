"""Targets (目标): every indicator, targets and achieved figures by scope and year, each with its source.

Figures are only set side by side where geo.targets says they can be compared: charts hold
one unit, a gap needs the same indicator, scope and unit, a cross-scope chart the same
indicator, unit, kind and year. Look-alikes that fail those rules are listed with the reasons.
"""

import streamlit as st

from geo import queries, targets
from geo.markup import md_text
from ui import mapview, state
from ui.data import catalogue, derived
from views import targets as targets_view
from views.i18n import t, tr

LABELS = {
    "intro": (
        "文件中的全部量化目标与实绩。限定词（以上、突破、近、多……）照录；只有同一指标、同一范围、同一单位的目标与实绩才计算差距，年份不同时明确标注。",
        "Every quantitative target and achieved figure in the documents. Qualifiers (以上, 突破, 近, 多 …) are kept; a "
        "gap is computed only for a target and an actual of the same indicator, scope and unit, and differing years are said.",
    ),
    "scopes": ("范围", "Scopes"),
    "kind": ("类型", "Kind"),
    "year": ("年份", "Year"),
    "all": ("全部", "All"),
    "count": ("{n} 项", "{n} figures"),
    "tab_table": ("表格", "Table"),
    "tab_charts": ("按单位分组的图表", "Charts by unit"),
    "tab_gaps": ("目标与实绩差距", "Target vs actual"),
    "tab_scopes": ("跨范围比较", "Across scopes"),
    "tab_map": ("地图", "Map"),
    "charts_note": (
        "每张图只含同一单位的数值；同一单位不代表口径相同，仅“差距”与“跨范围比较”中的数值可直接比较。",
        "Each chart holds one unit; a shared unit is not a shared definition — only the figures under "
        "“Target vs actual” and “Across scopes” are comparable.",
    ),
    "no_gaps": (
        "数据中没有同一指标、同一范围、同一单位的目标与实绩，因此不计算差距。",
        "The data hold no target and actual of the same indicator, scope and unit, so no gap is computed.",
    ),
    "gaps_scope_note": (
        "差距只按“范围”筛选（目标与实绩的年份可能不同）。",
        "Gaps follow the scope filter only (a target and its actual may be of different years).",
    ),
    "mismatch_head": ("相似但不可比（不计算差距）", "Look alike but not comparable (no gap computed)"),
    "no_cross": (
        "当前筛选下，没有同一指标、单位、类型和年份在两个以上范围都有数值。",
        "Under the current filters no indicator has figures of the same unit, kind and year for two or more scopes.",
    ),
    "pick": ("查看单项指标", "Look at one indicator"),
    "none": ("（未选择）", "(none)"),
    "unknown_indicator": ("链接中的指标编号不存在：{id}", "The link names an unknown indicator: {id}"),
    "its_gaps": ("可比的目标/实绩", "Comparable target / actual"),
    "its_mismatches": ("相似但不可比", "Look-alikes that are not comparable"),
    "map_series": ("按指标着色", "Colour by indicator"),
    "map_note": (
        "只列出至少有一个可上图范围（有点位的园区或有边界的市县）的指标；同一图上的数值属于同一指标、单位、类型和年份。",
        "Only indicators with a figure for at least one mappable scope (a site with a point, or a city/county "
        "with a boundary); all values on the map share indicator, unit, kind and year.",
    ),
    "unlocated": ("位置未知，未上图：", "Location unknown, not on the map: "),
}

lang = state.lang()
cat = catalogue()
st.title(t("page_targets", lang))
st.caption(tr(LABELS, "intro", lang))

indicators = cat.indicators
scopes = list(dict.fromkeys(indicators["scope_id"]))
years = sorted(int(y) for y in indicators["year"].dropna().unique())
left, mid, right = st.columns([3, 1, 1])
chosen = left.multiselect(
    tr(LABELS, "scopes", lang), scopes, key="targets_scopes", format_func=lambda s: queries.scope_name(cat, s, lang)
)
kind = mid.selectbox(
    tr(LABELS, "kind", lang),
    ["", *targets.KINDS],
    key="targets_kind",
    format_func=lambda k: targets.kind_text(k, lang) if k else tr(LABELS, "all", lang),
)
year = right.selectbox(
    tr(LABELS, "year", lang),
    [None, *years],
    key="targets_year",
    format_func=lambda y: tr(LABELS, "all", lang) if y is None else targets.year_text(y, lang),
)
query = queries.IndicatorQuery(tuple(chosen), kind or None, year)
figures = derived(targets_view.filtered_figures, tuple(chosen), kind or None, year)
st.caption(f"{md_text(query.describe(cat, lang))} · {tr(LABELS, 'count', lang, n=len(figures))}")

# One indicator, reachable by link (?indicator=<id>): its figure, source, and what it can be compared with.
ids = list(indicators["id"])
if state.get("indicator") not in ["", *ids]:
    st.warning(tr(LABELS, "unknown_indicator", lang, id=md_text(state.get("indicator"))))
    st.session_state["indicator"] = ""
labels = derived(targets_view.indicator_labels, lang)
picked = st.selectbox(
    tr(LABELS, "pick", lang), ["", *ids], key="indicator", format_func=lambda i: labels.get(i, tr(LABELS, "none", lang))
)
all_gaps = derived(targets_view.catalogue_gaps)
all_mismatches = derived(targets_view.catalogue_mismatches)
if picked:
    row = indicators.loc[indicators["id"] == picked].iloc[0]
    st.metric(
        md_text(labels[picked] + f" · {targets.kind_text(row['kind'], lang)}"),
        targets.value_text(row, lang),
        help=f"{t('source', lang)}: {row['source_id']} — “{md_text(row['quote'])}”",
    )
    st.caption(md_text(f"{t('source', lang)}: {row['source_id']} — “{row['quote']}” {row['note']}"))
    mine = [g for g in all_gaps if picked in (g.target_id, g.actual_id)]
    if mine:
        st.markdown(f"**{tr(LABELS, 'its_gaps', lang)}**")
        st.dataframe(targets_view.gaps_table(cat, mine, lang), hide_index=True)
    alike = [m for m in all_mismatches if picked in (m.target_id, m.actual_id)]
    if alike:
        st.markdown(f"**{tr(LABELS, 'its_mismatches', lang)}**")
        st.dataframe(targets_view.mismatch_table(cat, alike, lang), hide_index=True)

tab_table, tab_charts, tab_gaps, tab_scopes, tab_map = st.tabs(
    [tr(LABELS, k, lang) for k in ("tab_table", "tab_charts", "tab_gaps", "tab_scopes", "tab_map")]
)
with tab_table:
    st.dataframe(
        derived(targets_view.filtered_table, tuple(chosen), kind or None, year, lang),
        hide_index=True,
        key="targets_table",
        column_config={t("quote", lang): st.column_config.TextColumn(width="large", help=t("quote", lang))},
    )
with tab_charts:
    st.caption(tr(LABELS, "charts_note", lang))
    for unit, chart in derived(targets_view.filtered_unit_charts, tuple(chosen), kind or None, year, lang):
        st.plotly_chart(chart, key=f"unit-{unit}")
with tab_gaps:
    st.caption(tr(LABELS, "gaps_scope_note", lang))
    gaps = targets.involving_scopes(all_gaps, indicators, chosen)
    if gaps:
        st.dataframe(targets_view.gaps_table(cat, gaps, lang), hide_index=True, key="targets_gaps")
        for i, gap in enumerate(gaps):
            st.plotly_chart(targets_view.gap_chart(cat, gap, lang), key=f"gap-{i}")
    else:
        st.info(tr(LABELS, "no_gaps", lang))
    mismatches = targets.involving_scopes(all_mismatches, indicators, chosen)
    if mismatches:
        st.markdown(f"**{tr(LABELS, 'mismatch_head', lang)}**")
        st.dataframe(targets_view.mismatch_table(cat, mismatches, lang), hide_index=True, key="targets_mismatches")
with tab_scopes:
    groups = targets.cross_scope_groups(figures)
    for i, group in enumerate(groups):
        st.plotly_chart(targets_view.scope_comparison_chart(cat, group, lang), key=f"cross-{i}")
    if not groups:
        st.info(tr(LABELS, "no_cross", lang))
with tab_map:
    series = {s.key: s for s in derived(targets.map_series)}  # once per catalogue
    linked = targets.series_of(cat, picked) if picked else None
    if linked in series and st.session_state.get("_targets_linked") != linked:
        st.session_state["targets_map"] = linked  # follow the picked indicator once, then let the user choose
    st.session_state["_targets_linked"] = linked
    chosen_series = st.selectbox(
        tr(LABELS, "map_series", lang), list(series), key="targets_map", format_func=lambda k: series[k].label(lang)
    )
    st.caption(tr(LABELS, "map_note", lang))
    mapview.show(
        mapview.cached_map(targets_view.indicator_map, chosen_series),
        key="targets-map",
        height=520,
        on_click=state.open_site,
    )
    missing = targets_view.unlocated_scopes(cat, chosen_series, lang)
    if missing:
        st.caption(tr(LABELS, "unlocated", lang) + md_text("；".join(missing)))
