"""园区档案 (Site profile): one site on one page — inset map, parent and members, industries with
their role, organizations and how they are tied, projects, targets, every fact with its quote, the
location's accuracy — and its exports for a meeting (PDF / PowerPoint / offline map)."""

import streamlit as st

from geo.markup import md_text
from ui import downloads, lazy, mapview, state
from ui.data import catalogue
from ui.tables import table
from views import profile as profile_view
from views.i18n import name, t, tr

LABELS = {
    "pick": ("选择园区", "Choose a site"),
    "unknown_site": (
        "链接中的园区“{raw}”不存在，已改为显示{shown}。",
        "The link names no known site “{raw}”; showing {shown}.",
    ),
    "structure": ("上级与成员", "Parent and members"),
    "no_location": ("该园区位置未知，地图上没有标出。", "This site's location is unknown; it is not on the map."),
    "parent_map": (
        "地图显示与其相关的园区（上级、下属或成员）。",
        "The map shows the sites related to it (parent, parks or members).",
    ),
    "no_map": (
        "该园区及其上级、成员均无已知位置，无法显示地图。",
        "Neither this site nor its parent or members has a known location, so there is no map.",
    ),
    "accuracy": ("位置精度", "Location accuracy"),
    "industries": ("产业与定位", "Industries and their role"),
    "units": ("相关单位", "Organizations"),
    "units_help": (
        "“位于”：单位在本园区或其下属园区；其余为文件中与本园区产业关联的单位。",
        "“located at”: at this site or one of its parks; the others are tied by a document to one of its industries.",
    ),
    "projects": ("项目", "Projects"),
    "indicators": ("目标与实绩", "Targets and actuals"),
    "indicators_help": (
        "范围为本园区的指标（上级或所在城市的指标见“目标”页）。",
        "Indicators whose scope is this site (those of its parent or city are on the Targets page).",
    ),
    "facts": ("来源与原文", "Sources and quotes"),
    "facts_help": (
        "本页每一条信息及其来源文件和原文摘录。",
        "Every fact on this page with its source document and quote.",
    ),
    "exports": ("导出（会谈用）", "Exports for a meeting"),
    "all_sites": ("全部园区档案", "Every site's profile"),
}


def open_site(site_id: str) -> None:
    """Button callback: runs before the next script run, so the picker may still be changed."""
    st.session_state["site"] = site_id


lang = state.lang()
cat = catalogue()
site_id, unknown = profile_view.requested_site(cat, st.session_state.get("site", ""))
st.session_state["site"] = site_id  # before the picker exists: an empty or unknown value falls back here
prof, tabs = profile_view.site_report(cat, site_id, lang)  # once per catalogue, site and language
site = prof.site
summary, accuracy, location = profile_view.site_texts(cat, site_id, lang)  # once per catalogue, site and language

st.title(t("page_profile", lang))
picker = st.container()  # drawn after the map: a click on the map may still switch the site
if unknown:
    st.warning(
        tr(
            LABELS,
            "unknown_site",
            lang,
            raw=md_text(unknown),
            shown=md_text(profile_view.site_label(cat, site_id, lang)),
        )
    )
st.header(md_text(name(site, lang)))
st.caption(
    md_text(f"{site['name_en'] if lang == 'zh' else site['name_zh']} — " + " · ".join(summary)),
    help=f"{t('source', lang)}: {site['source_id']} — “{md_text(site['quote'])}”",
)

st.subheader(tr(LABELS, "structure", lang))
related = prof.related.drop_duplicates("site_id")
for col, (_, rel) in zip(st.columns(max(min(len(related), 4), 1)) * 10, related.iterrows(), strict=False):
    col.button(
        f"{profile_view.relation_label(rel['relation'], lang)}{'：' if lang == 'zh' else ': '}"
        f"{md_text(profile_view.site_label(cat, rel['site_id'], lang))}",
        key=f"goto-{rel['relation']}-{rel['site_id']}",
        on_click=open_site,
        args=(rel["site_id"],),
        help=f"{t('source', lang)}: {rel['source_id']} — “{md_text(rel['quote'])}”",
        width="stretch",
    )
table(tabs["structure"], lang)  # empty exactly when there are no related sites

built = mapview.cached_map(profile_view.inset_map, site_id)
if built is None:
    st.info(tr(LABELS, "no_map", lang))
else:
    if not prof.located:
        st.info(tr(LABELS, "no_location", lang) + " " + tr(LABELS, "parent_map", lang))
    mapview.show(built, key="profile", height=profile_view.MAP_HEIGHT, on_click=state.open_site)
with picker:
    ids = list(cat.sites["id"])
    st.selectbox(tr(LABELS, "pick", lang), ids, key="site", format_func=lambda s: profile_view.site_label(cat, s, lang))

st.subheader(tr(LABELS, "accuracy", lang))
st.markdown(md_text(accuracy))
st.markdown(
    "\n".join(
        f"- **{label}**：{md_text(value)}" if lang == "zh" else f"- **{label}**: {md_text(value)}"
        for label, value in location
    )
)

for part, note in (
    ("industries", ""),
    ("units", "units_help"),
    ("projects", ""),
    ("indicators", "indicators_help"),
    ("facts", "facts_help"),
):
    table(tabs[part], lang, tr(LABELS, part, lang), note=tr(LABELS, note, lang) if note else "", count=True)

st.subheader(tr(LABELS, "exports", lang))
downloads.profile_downloads(cat, site_id, lang)
with (all_sites := lazy.expander(tr(LABELS, "all_sites", lang), key="profile_all")):
    if all_sites.open:
        downloads.all_profiles_download(cat, lang)
