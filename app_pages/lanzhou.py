"""兰州园区: Lanzhou's zones and parks, their universities and institutes, and the 2018 key projects by area."""

import streamlit as st

from geo import chains as geo_chains
from geo import lanzhou as geo_lanzhou
from geo import queries
from geo.markup import md_text
from ui import lazy, mapview, state
from ui.data import catalogue, derived
from ui.pickers import site_picker
from ui.tables import arrow
from views import lanzhou as lanzhou_view
from views.i18n import join_names, t, tr

LABELS = {
    "intro": (
        "兰州高新区（雁滩、榆中、七里河园区）、兰州新区、兰州经开区及其园区、榆中生态创新城等。选择一个区域，地图聚焦该区域及其园区（红色），"
        "下方列出其产业、单位与项目；点击地图上的园区打开档案。",
        "Lanzhou Hi-tech Zone (Yantan, Yuzhong and Qilihe parks), Lanzhou New Area, the Economic and Technological Development Zone "
        "and its parks, Yuzhong Ecological Innovation City and more. Pick a zone: the map focuses on it and its parks "
        "(red) and its industries, organizations and projects are listed below; click a site to open its profile.",
    ),
    "zone": ("区域 / 园区", "Zone / park"),
    "all": ("全部（兰州）", "All (Lanzhou)"),
    "chains_red": ("承载所选产业链的园区也以红色显示。", "Sites hosting the chosen chains are also red."),
    "unlocated": ("位置未知、未上图：{names}", "Location unknown, not on the map: {names}"),
    "doubts": ("数据说明与存疑", "Data notes and doubts"),
    "no_rows": ("数据中没有记录。", "None recorded in the data."),
    "sites": ("兰州的园区与平台", "Lanzhou's sites"),
    "research": ("高校与科研院所", "Universities and institutes"),
    "research_help": (
        "有坐标的在地图上显示（深蓝：高校，深绿：院所）；其余注明“位置未知”。",
        "Those with a location are on the map (dark blue: universities, dark green: institutes); the rest say “location unknown”.",
    ),
    "projects_2018": (
        "{year} 年重点项目（按试验区四个片区）",
        "Key projects of {year} (by the pilot zone's four areas)",
    ),
    "zone_industries": ("产业（含角色与原文）", "Industries (with role and quote)"),
    "zone_projects": ("项目", "Projects"),
}

lang = state.lang()
cat = catalogue()
st.title(t("page_lanzhou", lang))
st.caption(tr(LABELS, "intro", lang))

zones = derived(geo_lanzhou.ordered_site_ids)  # shared: not to be changed
focus = site_picker(
    tr(LABELS, "zone", lang),
    zones,
    key="lz_zone",
    format_func=lambda s: lanzhou_view.site_label(cat, s, lang) if s else tr(LABELS, "all", lang),
)
chains = tuple(state.get("chains"))
chain_hosts = tuple(sorted(set(derived(geo_chains.hosts, chains)["id"]) & set(zones))) if chains else ()

mapview.show(
    mapview.cached_map(lanzhou_view.lanzhou_map, focus=focus, highlight=chain_hosts),
    key="lanzhou",
    on_click=state.open_site,
)
shown = tuple(queries.site_family(cat, focus) if focus else zones)  # hashable: the notes are cached
missing = lanzhou_view.unlocated(cat, shown, lang)
if missing:
    st.caption(tr(LABELS, "unlocated", lang, names=md_text(join_names(missing, lang))))
if chain_hosts:
    st.caption(tr(LABELS, "chains_red", lang))
notes = lanzhou_view.data_notes(cat, shown, lang)
if notes:
    with (doubts := lazy.expander(tr(LABELS, "doubts", lang), key="lz_doubts", expanded=bool(focus))):
        if doubts.open:
            st.markdown("\n".join(f"- {md_text(line)}" for line in notes))


def table(frame, label: str = "") -> None:
    """A (titled) table, or a line saying the data hold none (unknown is shown, not hidden)."""
    if label:
        st.markdown(f"**{label}**")
    if frame.empty:
        st.caption(tr(LABELS, "no_rows", lang))
    else:
        st.dataframe(arrow(frame), hide_index=True)  # converted once per table


if focus:
    st.subheader(md_text(lanzhou_view.site_name(cat, focus, lang)))
    table(lanzhou_view.zone_industries(cat, focus, lang), tr(LABELS, "zone_industries", lang))
    table(lanzhou_view.zone_orgs(cat, focus, lang), t("organizations", lang))
    table(lanzhou_view.zone_projects(cat, focus, lang), tr(LABELS, "zone_projects", lang))
    if st.button(t("open_profile", lang), key="lz_open"):
        state.open_site(focus)

st.subheader(tr(LABELS, "research", lang))
st.caption(tr(LABELS, "research_help", lang))
table(lanzhou_view.research_table(cat, lang))
st.subheader(tr(LABELS, "projects_2018", lang, year=geo_lanzhou.KEY_PROJECT_YEAR))
table(lanzhou_view.key_projects_table(cat, lang))
with (sites_box := lazy.expander(tr(LABELS, "sites", lang), key="lz_sites")):
    if sites_box.open:  # built and sent only when opened
        st.dataframe(arrow(lanzhou_view.sites_table(cat, lang)), hide_index=True)
