"""Targets (目标): every indicator, targets and achieved figures by scope and year, each with its source.

Figures are only set side by side where geo.targets says they can be compared: charts hold
one unit, a gap needs the same indicator, scope and unit, a cross-scope chart the same
indicator, unit, kind and year. Look-alikes that fail those rules are listed with the reasons.
"""

import streamlit as st

from geo import queries, targets
from geo.markup import md_text
from ui import lazy, state, targets_tabs
from ui.data import catalogue, derived
from ui.tables import arrow
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
    "tab_gaps": ("进度与差距", "Progress and gaps"),
    "tab_scopes": ("跨范围比较", "Across scopes"),
    "tab_map": ("地图", "Map"),
    "charts_note": (
        "每张图只含同一单位的数值；同一单位不代表口径相同，仅“进度与差距”与“跨范围比较”中的数值可直接比较。",
        "Each chart holds one unit; a shared unit is not a shared definition — only the figures under "
        "“Progress and gaps” and “Across scopes” are comparable.",
    ),
    "no_cross": (
        "当前筛选下，没有同一指标、单位、类型和年份在两个以上范围都有数值。",
        "Under the current filters no indicator has figures of the same unit, kind and year for two or more scopes.",
    ),
    "pick": ("查看单项指标", "Look at one indicator"),
    "none": ("（未选择）", "(none)"),
    "unknown_indicator": ("链接中的指标编号不存在：{id}", "The link names an unknown indicator: {id}"),
    "its_gaps": ("可比的目标/实绩", "Comparable target / actual"),
    "its_mismatches": ("相似但不可比", "Look-alikes that are not comparable"),
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

lazy.keep("targets_map")  # the map tab's series picker, while another tab is open
shown, tab = lazy.open_tab({k: tr(LABELS, f"tab_{k}", lang) for k in state.CHOICES["targets_tab"]}, "targets_tab")
with tab:  # only the open tab is built and sent
    if shown == "table":
        st.dataframe(
            arrow(derived(targets_view.filtered_table, tuple(chosen), kind or None, year, lang)),
            hide_index=True,
            key="targets_table",
            column_config={t("quote", lang): st.column_config.TextColumn(width="large", help=t("quote", lang))},
        )
    elif shown == "charts":
        st.caption(tr(LABELS, "charts_note", lang))
        for unit, chart in derived(targets_view.filtered_unit_charts, tuple(chosen), kind or None, year, lang):
            st.plotly_chart(chart, key=f"unit-{unit}")
    elif shown == "gaps":
        targets_tabs.gaps_tab(cat, lang, chosen, all_gaps, all_mismatches)
    elif shown == "scopes":
        charts = derived(targets_view.filtered_scope_charts, tuple(chosen), kind or None, year, lang)
        for i, chart in enumerate(charts):
            st.plotly_chart(chart, key=f"cross-{i}")
        if not charts:
            st.info(tr(LABELS, "no_cross", lang))
    else:
        targets_tabs.map_tab(cat, lang, picked)
