"""Industry chains (产业链): pick chains; the sites hosting them light up, the units behind them, the gaps."""

import streamlit as st

from geo import chains as geo_chains
from geo.markup import md_text
from ui import downloads, lazy, mapview, state, tables
from ui.data import catalogue, derived
from ui.sidebar import chain_options
from views import chains as chains_view
from views import sankey
from views.i18n import city_label, join_names, t, tr

LABELS = {
    "intro": (
        "选择一条或多条产业链（与左侧“产业链筛选”同步）：地图上承载它们的园区显示为红色，其余园区暗显；下方列出每条链的园区、"
        "高校院所与企业、各市文件中对应的产业，以及空白与薄弱环节。每条对应关系都注明来源与原文。",
        "Pick one or more chains (kept in step with “Industry chains” on the left): the sites hosting them turn red "
        "on the map, the others are dimmed; below, each chain's sites, universities, institutes and enterprises, the "
        "industries of each city's documents it groups, and its gaps. Every tie gives its source and quote.",
    ),
    "pick": ("产业链", "Industry chains"),
    "include_goals": ("包括目标与定位", "Include goals and positioning"),
    "include_goals_help": (
        "默认只算承载（依托、主导、集聚等）的园区；勾选后，文件中以该产业为目标或定位（“打造成为…”）或规划引进的园区也算在内。",
        "By default only sites that host the industry (relied on, leading, clustered) count; tick to count sites "
        "whose goal or positioning (“to become …”) or plan it is too.",
    ),
    "none_chosen": (
        "尚未选择产业链。下表为全部产业链的覆盖情况；选择上方的产业链查看详情。",
        "No chain chosen yet. The table shows how every chain is covered; pick chains above for details.",
    ),
    "coverage": ("各产业链覆盖情况", "How each chain is covered"),
    "city_scope": (
        "城市筛选（{city}）只作用于地图与园区表；单位与空白分析覆盖两市。",
        "The city filter ({city}) applies to the map and the site tables; units and gaps cover both cities.",
    ),
    "not_on_map": ("位置未知、未上图的承载园区：{names}", "Host sites with unknown location (not on the map): {names}"),
    "diagram": ("产业链图", "Chain diagram"),
    "via": ("中间一列", "Middle column"),
    "via_industry": ("文件中的产业", "document industries"),
    "via_site": ("承载园区", "host sites"),
    "diagram_help": (
        "线宽为对应关系的条数；悬停查看角色、来源与原文。“园区 → 单位”表示二者对应同一产业，并非单位位于该园区。",
        "Widths count ties; hover for role, source and quote. “Site → unit” means both are tied to the same "
        "industry, not that the unit sits in the site.",
    ),
    "m_sites": ("承载园区（已定位）", "Host sites (located)"),
    "m_cities": ("城市", "Cities"),
    "m_units": ("单位（高校院所）", "Units (universities & institutes)"),
    "m_industries": ("文件中的产业", "Document industries"),
    "sites": ("承载园区及其对应关系", "Host sites and their ties"),
    "units": ("高校院所与企业", "Universities, institutes and enterprises"),
    "industries": ("归入该产业链的文件产业（按产业体系）", "Document industries grouped by this chain (by system)"),
}


def _share_chains() -> None:
    """The pills and the sidebar's multiselect hold one choice: the shared key "chains"."""
    st.session_state["chains"] = list(st.session_state["chains_pick"])


def table(df, lang: str) -> None:
    quote = chains_view.column_label("quote", lang)
    tables.table(df, lang, column_config={quote: st.column_config.TextColumn(width="large")})


def chain_details(cat, options: dict, chosen: tuple[str, ...], city: str, goals: bool, lang: str) -> None:
    """The diagram, then one tab per chain: figures, sites, units, document industries, downloads."""
    st.subheader(tr(LABELS, "diagram", lang))
    via = st.radio(
        tr(LABELS, "via", lang),
        ["industry", "site"],
        key="chains_via",
        horizontal=True,
        format_func=lambda v: tr(LABELS, f"via_{v}", lang),
    )
    st.plotly_chart(derived(sankey.chain_sankey, chosen, lang, via, city, goals), width="stretch")
    st.caption(tr(LABELS, "diagram_help", lang))

    chain, tab = lazy.open_tab({c: md_text(options[c]) for c in chosen}, "chains_tab")
    summary = dict(zip(chosen, derived(geo_chains.summaries, chosen, city, goals), strict=True))[chain]
    with tab:  # only the open chain's tab is built and sent
        metrics = st.columns(4)
        metrics[0].metric(tr(LABELS, "m_sites", lang), f"{summary.sites} ({summary.located})")
        metrics[1].metric(
            tr(LABELS, "m_cities", lang), join_names((city_label(c, lang) for c in summary.cities), lang) or "—"
        )
        metrics[2].metric(tr(LABELS, "m_units", lang), f"{summary.units} ({summary.research})")
        metrics[3].metric(tr(LABELS, "m_industries", lang), summary.industries)
        sites, units = derived(geo_chains.chain_sites, chain, city, goals), derived(geo_chains.chain_units, chain)
        st.markdown(f"**{tr(LABELS, 'sites', lang)}**")
        table(chains_view.site_rows(sites, lang), lang)
        downloads.table_downloads(sites, f"{chain}-sites", lang)
        st.markdown(f"**{tr(LABELS, 'units', lang)}**")
        table(chains_view.chain_unit_rows(cat, chain, lang), lang)
        downloads.table_downloads(units, f"{chain}-units", lang)
        with (more := lazy.expander(tr(LABELS, "industries", lang), key=f"chains_industries_{chain}")):
            if more.open:
                table(chains_view.industry_rows(derived(geo_chains.chain_industries, chain), lang), lang)
        downloads.chain_brief_downloads(cat, chain, lang)  # PDF/PPTX brief of this chain, for a meeting


lang = state.lang()
cat = catalogue()
st.title(t("page_chains", lang))
st.caption(tr(LABELS, "intro", lang))

options = chain_options(cat)
st.session_state["chains_pick"] = [c for c in state.get("chains") if c in options]
st.pills(
    tr(LABELS, "pick", lang),
    list(options),
    selection_mode="multi",
    key="chains_pick",
    format_func=lambda c: md_text(options[c]),
    on_change=_share_chains,
)  # pills render markdown
chosen = tuple(c for c in state.get("chains") if c in options)
city = state.get("city")
goals = st.checkbox(tr(LABELS, "include_goals", lang), key="include_goals", help=tr(LABELS, "include_goals_help", lang))

map_col, gap_col = st.columns([3, 2])
with map_col:
    mapview.show(
        mapview.cached_map(chains_view.chain_map, chain_ids=chosen, city=city, include_goals=goals),
        key="chains",
        on_click=state.open_site,
    )
    missing = derived(geo_chains.unlocated_hosts, chosen, city, goals)
    if len(missing):
        st.caption(tr(LABELS, "not_on_map", lang, names=md_text(join_names(missing[f"name_{lang}"], lang))))
    if chosen and city:
        st.caption(tr(LABELS, "city_scope", lang, city=city_label(city, lang)))
with gap_col:
    st.subheader(tr(chains_view.LABELS, "gaps_heading", lang))
    st.markdown(chains_view.gaps_markdown(cat, chosen or tuple(options), lang, goals))
    st.caption(tr(chains_view.LABELS, "gaps_scope", lang))

if chosen:
    chain_details(cat, options, chosen, city, goals, lang)
else:
    st.info(tr(LABELS, "none_chosen", lang))
    st.subheader(tr(LABELS, "coverage", lang))
    st.dataframe(chains_view.summary_rows(cat, lang, include_goals=goals), hide_index=True)
