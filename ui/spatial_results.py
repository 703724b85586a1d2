"""The results of the spatial search page: the sites found, those left out for want of a location, the organizations."""

from __future__ import annotations

import streamlit as st

from geo import filters as geo_filters
from ui import lazy
from ui.downloads import table_downloads
from ui.tables import arrow
from views import spatial as spatial_view
from views.i18n import tr

LABELS = {
    "none_found": (
        "没有符合条件的园区。可加大半径或放宽筛选。",
        "No site matches. Try a larger radius or fewer filters.",
    ),
    "error_note": (
        "距离按各园区的估计位置计算，其误差即“位置精度”一列所示（多为数公里）。",
        "Distances are measured to each site's estimated location and carry the error shown under "
        "“Location accuracy” (often several km).",
    ),
    "centre_error": (
        "搜索中心本身的误差约 ±{km:g} 公里。",
        "The search centre itself is accurate to about ±{km:g} km.",
    ),
    "left_out": (
        "另有 {n} 个符合其他条件的园区位置未知，无法参与空间筛选；{orgs} 家单位同样位置未知。",
        "{n} more sites pass the other filters but have no known location, so no spatial filter can find "
        "them; {orgs} organizations have no location either.",
    ),
    "left_out_list": ("查看位置未知的园区", "Show the sites with unknown location"),
    "orgs": ("范围内的单位（高校、院所、企业等）", "Organizations found (universities, institutes, firms …)"),
    "no_orgs": ("范围内没有已定位的单位。", "No located organization is inside the search."),
}


def draw(cat, filters: tuple, chains: tuple[str, ...], centre, lang: str) -> None:
    """The result tables with their downloads and notes on location accuracy (below the search map).

    Everything shown comes from views.spatial's per-search caches: a rerun that did not change the
    search builds nothing again; the unlocated sites are listed only when their expander is open.
    """
    if spatial_view.found_sites(cat, filters).empty:
        st.warning(tr(LABELS, "none_found", lang))
    else:
        st.dataframe(arrow(spatial_view.found_table(cat, filters, chains, lang, "sites")), hide_index=True)
        if centre is not None:
            centre_error = tr(LABELS, "centre_error", lang, km=centre.error_km) if centre.error_km is not None else ""
            st.caption(f"{tr(LABELS, 'error_note', lang)} {centre_error}")
        table_downloads(spatial_view.found_export(cat, filters, chains, "sites"), "spatial-search-sites", lang)

    missing = spatial_view.left_out_sites(cat, filters)
    if len(missing):
        st.caption(tr(LABELS, "left_out", lang, n=len(missing), orgs=geo_filters.unlocated_orgs(cat, filters)))
        with (box := lazy.expander(tr(LABELS, "left_out_list", lang), key="spatial_left_out")):
            if box.open:
                st.dataframe(arrow(spatial_view.found_table(cat, filters, chains, lang, "left_out")), hide_index=True)

    if geo_filters.is_spatial(filters):
        st.subheader(tr(LABELS, "orgs", lang))
        if spatial_view.found_orgs(cat, filters, chains).empty:
            st.caption(tr(LABELS, "no_orgs", lang))
        else:
            st.dataframe(arrow(spatial_view.found_table(cat, filters, chains, lang, "orgs")), hide_index=True)
            table_downloads(
                spatial_view.found_export(cat, filters, chains, "orgs"), "spatial-search-organizations", lang
            )
