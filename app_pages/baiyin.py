"""白银一区六园: the core zone leads six parks; which "4+5+1" industries each park relies on, and the units behind them."""

import streamlit as st

from geo import chains as geo_chains
from geo import plan as geo_plan
from geo.markup import md_text
from ui import lazy, mapview, plan_matrix, state
from ui.data import catalogue, derived
from ui.pickers import site_picker
from ui.tables import arrow
from views import baiyin as baiyin_view
from views.i18n import name, t, tr

LABELS = {
    "intro": (
        "以白银高新区为核心，示范引领银东工业园等六园联动（“一区引领、六园联动”）。地图上红色虚线连接核心区与各园区；"
        "悬停园区查看其依托的产业（按“4+5+1”类别着色）与发挥力量的单位，点击打开档案。",
        "Baiyin High-tech Zone is the core that leads six linked parks (“one zone leads, six parks link”). Dashed red "
        "lines join the core to each park; hover a park for the industries it relies on (coloured by the 4+5+1 "
        "category) and the units the plan draws on; click it to open its profile.",
    ),
    "pick_park": ("突出显示园区", "Highlight a park"),
    "pick_industry": ("突出显示产业（依托该产业的园区）", "Highlight an industry (the parks relying on it)"),
    "none": ("（不选）", "(none)"),
    "matrix": ("园区 × 产业（“4+5+1”）", "Parks × industries (“4+5+1”)"),
    "matrix_help": (
        "单元格为规划原文中的角色（如“依托”）；悬停列名查看产业类别与来源。",
        "Cells give the role the plan states (e.g. relies on (依托)); hover a column name for its category and source.",
    ),
    "all_links": ("全部对应关系及原文", "Every tie with its source and quote"),
    "parks": ("各园区的产业与依托单位", "Each park's industries and units"),
    "no_industries": ("规划未为此园区列出产业。", "The plan lists no industry for this site."),
    "no_units": ("规划未列出对应单位。", "The plan names no unit for these industries."),
    "units": ("依托单位（发挥…等单位力量）", "Units drawn on (发挥…等单位力量)"),
    "unlocated": ("位置未知、未上图的园区与单位", "Sites and organizations with unknown location (not on the map)"),
    "none_unlocated": ("全部已上图。", "All are on the map."),
    "services_note": (
        "“服务”一区六园整体的产业不对应单个园区，地图上不单独标出。",
        "An industry serving the zone and parks as a whole has no single park on the map.",
    ),
}

lang = state.lang()
cat = catalogue()
st.title(t("page_baiyin", lang))
st.caption(tr(LABELS, "intro", lang))

plan = derived(geo_plan.read_plan)  # parsed once per process
rows = plan.rows
parks = [s for s in rows if s != geo_plan.GROUP]
industry_names = {row["id"]: name(row, lang) for _, row in plan.industries.iterrows()}

pick_park, pick_industry = st.columns(2)
park = site_picker(
    tr(LABELS, "pick_park", lang),
    parks,
    key="by_park",
    container=pick_park,
    format_func=lambda s: baiyin_view.site_label(plan, s, lang) if s else tr(LABELS, "none", lang),
)
industry = pick_industry.selectbox(
    tr(LABELS, "pick_industry", lang),
    ["", *industry_names],
    key="by_industry",
    format_func=lambda i: industry_names.get(i) or tr(LABELS, "none", lang),
)

chains = tuple(state.get("chains"))
chain_hosts = set(derived(geo_chains.hosts, chains)["id"]) & set(rows) if chains else set()
relying = set(plan.hosts(industry)) if industry else set()
highlight = tuple(sorted(({park} if park else set()) | relying | chain_hosts))

map_col, matrix_col = st.columns([1, 1])
with map_col:
    mapview.show(
        mapview.cached_map(baiyin_view.baiyin_map, highlight=highlight), key="baiyin", on_click=state.open_site
    )
    for line in baiyin_view.describe_highlight(plan, lang, park, industry, chain_hosts):
        st.caption(md_text(line))
    if geo_plan.GROUP in relying:
        st.caption(tr(LABELS, "services_note", lang))
with matrix_col:
    st.subheader(tr(LABELS, "matrix", lang))
    plan_matrix.show(lang, park, industry)  # built once per view, then replayed
    st.markdown(baiyin_view.legend_markdown(lang), unsafe_allow_html=True)  # constant labels and colours only
    st.caption(tr(LABELS, "matrix_help", lang))
    with (links_box := lazy.expander(tr(LABELS, "all_links", lang), key="by_links")):
        if links_box.open:
            st.dataframe(arrow(baiyin_view.links_table(plan, lang)), hide_index=True)

with (unlocated_box := lazy.expander(tr(LABELS, "unlocated", lang), key="by_unlocated")):
    if unlocated_box.open:
        lines = baiyin_view.unlocated(plan, lang)
        st.markdown("\n".join(f"- {md_text(line)}" for line in lines) if lines else tr(LABELS, "none_unlocated", lang))

st.subheader(tr(LABELS, "parks", lang))
for site_id in rows:
    title = md_text(baiyin_view.park_title(plan, site_id, lang))
    with (park_box := lazy.expander(title, key=f"by_box_{site_id}", expanded=site_id == park)):
        if not park_box.open:  # built and sent only when opened
            continue
        if site_id != geo_plan.GROUP and st.button(t("open_profile", lang), key=f"by_open_{site_id}"):
            state.open_site(site_id)
        inds = baiyin_view.park_industries(plan, site_id, lang)
        if inds.empty:
            st.caption(tr(LABELS, "no_industries", lang))
            continue
        st.dataframe(arrow(inds), hide_index=True)
        st.markdown(f"**{tr(LABELS, 'units', lang)}**")
        units = baiyin_view.park_units(plan, site_id, lang)
        if units.empty:
            st.caption(tr(LABELS, "no_units", lang))
        else:
            st.dataframe(arrow(units), hide_index=True)
