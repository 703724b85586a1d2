"""Overview (总览): both cities on one map, headline figures with their sources, how to use."""

import streamlit as st

from geo import filters as geo_filters
from geo import queries
from geo.markup import md_text
from ui import mapview, state
from ui.data import catalogue
from views.i18n import figure_text, t, tr
from views.map_layers import overview_map

LABELS = {
    "how_to": ("使用说明", "How to use"),
    "how_to_text": (
        "- 左侧选择**产业链**与**城市**：地图上承载该产业链的园区以红色突出显示，筛选条件在各页面间保持，并写入网址，复制链接即可分享同一视图。\n"
        "- **点击地图上的园区**打开其档案；悬停查看名称与位置精度。虚线圆圈表示估计位置的误差范围。\n"
        "- 默认底图无需联网；联网时可在左侧切换 OpenStreetMap、天地图或高德底图。",
        "- Pick **industry chains** and a **city** on the left: sites hosting the chains turn red. Filters stay "
        "across pages and live in the address bar, so a copied link reopens the same view.\n"
        "- **Click a site on the map** to open its profile; hover for its name and location accuracy. Dashed "
        "circles show the error of estimated locations.\n"
        "- The default basemap needs no internet; online, switch to OpenStreetMap, Tianditu or Gaode on the left.",
    ),
    "headline": ("关键数字", "Headline figures"),
    "counts": (
        "{sites} 个园区与平台 · {orgs} 家单位 · {inds} 条产业记录 · {projects} 个项目",
        "{sites} sites and platforms · {orgs} organizations · {inds} industry entries · {projects} projects",
    ),
}
HEADLINE_INDICATORS = (
    "ind-lzh-2022-gdp",
    "ind-lzh-2022-hnte-654321",
    "ind-by-gdp-2027",
    "ind-by-hnte-2027",
    "ind-lzh-2021-biomed-output",
)

lang = state.lang()
cat = catalogue()
st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))

chains = tuple(state.get("chains"))
hosting = tuple(geo_filters.SiteQuery((geo_filters.IndustryFilter(chains),)).run(cat)["id"]) if chains else ()
mapview.show(mapview.cached_map(overview_map, highlight=hosting), key="overview", on_click=state.open_site)

st.caption(
    tr(
        LABELS,
        "counts",
        lang,
        sites=len(cat.sites),
        orgs=len(cat.organizations),
        inds=len(cat.industries),
        projects=len(cat.projects),
    )
)
st.subheader(tr(LABELS, "headline", lang))
figures = cat.indicators[cat.indicators["id"].isin(HEADLINE_INDICATORS)]
for col, (_, row) in zip(st.columns(max(len(figures), 1)), figures.iterrows(), strict=False):
    scope = queries.scope_name(cat, row["scope_id"], lang)
    label = f"{scope} · {row['indicator_zh'] if lang == 'zh' else row['indicator_en']} ({row['year']})"
    col.metric(
        md_text(label),
        figure_text(row["value"], row["unit"], row["qualifier"], lang, words=row["value_text"]),
        help=f"{t('source', lang)}: {row['source_id']} — “{md_text(row['quote'])}”",
    )
with st.expander(tr(LABELS, "how_to", lang)):
    st.markdown(tr(LABELS, "how_to_text", lang))
