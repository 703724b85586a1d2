"""The Targets page's gaps tab (progress first) and map tab: Streamlit glue around views.targets.

Progress and gaps follow the rules of :mod:`geo.targets`: a target is paired only with an actual
of the same indicator, scope and unit; progress sets each target against the latest such actual,
with both figures' sources.
"""

from __future__ import annotations

import streamlit as st

from geo import targets
from geo.markup import md_text
from ui import mapview, state
from ui.data import derived
from views import targets as targets_view
from views.i18n import tr

LABELS = {
    "progress_head": ("进度：目标与最新实绩", "Progress: each target against its latest actual"),
    "progress_note": (
        "每项目标只与同一指标、同一范围、同一单位的最新实绩相比；两项数值各注来源。",
        "Each target is set only against the latest actual of the same indicator, scope and unit; both "
        "figures carry their sources.",
    ),
    "no_progress": (
        "当前范围内没有可与目标相比的实绩（同一指标、范围和单位），因此不显示进度。",
        "In the chosen scopes no actual can be set against a target (same indicator, scope and unit), "
        "so no progress is shown.",
    ),
    "gaps_head": ("全部可比的目标与实绩", "Every comparable target and actual"),
    "no_gaps": (
        "数据中没有同一指标、同一范围、同一单位的目标与实绩，因此不计算差距。",
        "The data hold no target and actual of the same indicator, scope and unit, so no gap is computed.",
    ),
    "gaps_scope_note": (
        "差距只按“范围”筛选（目标与实绩的年份可能不同）。",
        "Gaps follow the scope filter only (a target and its actual may be of different years).",
    ),
    "mismatch_head": ("相似但不可比（不计算差距）", "Look alike but not comparable (no gap computed)"),
    "map_series": ("按指标着色", "Colour by indicator"),
    "map_note": (
        "只列出至少有一个可上图范围（有点位的园区或有边界的市县）的指标；同一图上的数值属于同一指标、单位、类型和年份。",
        "Only indicators with a figure for at least one mappable scope (a site with a point, or a city/county "
        "with a boundary); all values on the map share indicator, unit, kind and year.",
    ),
    "unlocated": ("位置未知，未上图：", "Location unknown, not on the map: "),
}


def gaps_tab(cat, lang: str, chosen: list[str], all_gaps: list, all_mismatches: list) -> None:
    """Progress (each target vs its latest actual), then every comparable pair, then the look-alikes."""
    st.caption(tr(LABELS, "gaps_scope_note", lang))
    st.markdown(f"**{tr(LABELS, 'progress_head', lang)}**")
    progress = targets.involving_scopes(derived(targets_view.catalogue_progress), cat.indicators, chosen)
    if progress:
        st.caption(tr(LABELS, "progress_note", lang))
        st.dataframe(targets_view.progress_table(cat, progress, lang), hide_index=True, key="targets_progress")
        st.plotly_chart(targets_view.progress_chart(cat, progress, lang), key="progress-chart")
    else:
        st.info(tr(LABELS, "no_progress", lang))
    gaps = targets.involving_scopes(all_gaps, cat.indicators, chosen)
    if gaps:
        st.markdown(f"**{tr(LABELS, 'gaps_head', lang)}**")
        st.dataframe(targets_view.gaps_table(cat, gaps, lang), hide_index=True, key="targets_gaps")
        for i, gap in enumerate(gaps):
            st.plotly_chart(targets_view.gap_chart(cat, gap, lang), key=f"gap-{i}")
    else:
        st.info(tr(LABELS, "no_gaps", lang))
    mismatches = targets.involving_scopes(all_mismatches, cat.indicators, chosen)
    if mismatches:
        st.markdown(f"**{tr(LABELS, 'mismatch_head', lang)}**")
        table = derived(targets_view.scoped_mismatch_table, tuple(chosen), lang)
        st.dataframe(table, hide_index=True, key="targets_mismatches")


def map_tab(cat, lang: str, picked: str) -> None:
    """The indicator map: one series at a time, following the picked indicator once."""
    series = {s.key: s for s in derived(targets.map_series)}  # once per catalogue and role
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
