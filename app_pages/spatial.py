"""Spatial search (空间筛选): sites within N km of a place, inside an area or a drawn shape, by chain and city."""

import streamlit as st

from geo import filters as geo_filters
from geo.markup import md_text
from geo.shapes import SearchInputError
from ui import mapview, pickers, spatial_results, state
from ui.data import catalogue
from views import spatial as spatial_view
from views.i18n import t, tr

LABELS = {
    "intro": (
        "选择搜索中心与半径、行政区，或在地图上用左侧工具绘制范围；条件与左侧的产业链、城市筛选同时生效。"
        "打开“点击地图设为中心”后，单击地图任意位置即以该点为中心。",
        "Choose a centre and radius, an area, or draw a shape with the tools on the map's left; the chain and city "
        "filters on the left apply too. Turn on “click the map to set the centre” and click anywhere to search "
        "around that point.",
    ),
    "centre": ("搜索中心（地点、园区或单位）", "Search centre (place, site or organization)"),
    "radius": ("半径（公里）", "Radius (km)"),
    "area": ("行政区", "Area"),
    "pick": ("点击地图设为中心", "Click the map to set the centre"),
    "clear": ("清除所绘范围", "Clear the drawn shape"),
    "prompt": (
        "尚未设置空间条件：下表为符合产业链与城市筛选的全部园区。",
        "No spatial condition yet: the table lists every site passing the chain and city filters.",
    ),
    "count": ("共 {n} 个园区", "{n} sites"),
    "shape_kept": (
        "所绘范围只保存在本次会话中，不写入链接。",
        "The drawn shape is kept for this session only, not in the link.",
    ),
}


def checked_state(cat, lang: str):
    """Read "place" and "area" (ids, names or a "lat,lon" point), store them canonically, warn on bad ones."""
    pickers.apply_clicked_place()  # a map click, applied before the place widget exists
    st.session_state["radius_km"] = min(max(float(state.get("radius_km")), 0.1), 500.0)
    centre = None
    try:
        centre = spatial_view.resolve_centre(cat, state.get("place"))
    except SearchInputError as exc:
        st.warning(md_text(exc.message(lang)))
    st.session_state["place"] = centre.id if centre else ""
    try:
        st.session_state["area"] = spatial_view.canonical_area(cat, state.get("area"))
    except SearchInputError as exc:
        st.warning(md_text(exc.message(lang)))
        st.session_state["area"] = ""
    return centre


lang = state.lang()
cat = catalogue()
st.title(t("page_spatial", lang))
st.caption(tr(LABELS, "intro", lang))

centre = checked_state(cat, lang)
places, areas = spatial_view.place_options(cat, lang, centre), spatial_view.area_options(cat, lang)
pick_centre, pick_radius, pick_area = st.columns([3, 1, 2])
pick_centre.selectbox(tr(LABELS, "centre", lang), list(places), key="place", format_func=places.__getitem__)
pick_radius.number_input(
    tr(LABELS, "radius", lang), min_value=0.1, max_value=500.0, step=1.0, format="%.1f", key="radius_km"
)
pick_area.selectbox(tr(LABELS, "area", lang), list(areas), key="area", format_func=areas.__getitem__)
toggle_col, clear_col = st.columns(2)
pick = toggle_col.toggle(tr(LABELS, "pick", lang), key="spatial_pick")
clear_col.button(tr(LABELS, "clear", lang), on_click=pickers.clear_shape, disabled=not pickers.has_shape())
shape = pickers.drawn_shape(lang)

chains = tuple(state.get("chains"))
filters = spatial_view.build_filters(
    cat,
    chains=chains,
    city=state.get("city"),
    centre=centre,
    km=state.get("radius_km"),
    area=state.get("area"),
    shape=shape,
)
query = geo_filters.SiteQuery(filters)
results = spatial_view.found_sites(cat, filters)  # once per catalogue and search
orgs = spatial_view.found_orgs(cat, filters, chains)
st.subheader(md_text(query.describe(cat, lang)))
st.caption(tr(LABELS, "count", lang, n=len(results)))
if not geo_filters.is_spatial(filters):
    st.info(tr(LABELS, "prompt", lang))

built = mapview.cached_map(
    spatial_view.search_map,
    highlight=tuple(results["id"]),
    org_ids=tuple(orgs["id"]),
    centre=centre,
    km=float(state.get("radius_km")),
    area=state.get("area"),
    shape=shape.wkt if shape is not None else "",
    filtered=bool(filters),
)
# The events a map reports are fixed when it is first drawn: picking gets a map of its own (its key).
events = ["last_object_clicked_tooltip", "last_active_drawing"] + (["last_clicked"] if pick else [])
out = mapview.show(
    built, key=f"spatial-{pickers.map_generation()}-{pick:d}", returned_objects=events, on_click=state.open_site
)
pickers.handle_map_events(out, pick, mapview.options().effective_basemap == "gaode", lang)
if shape is not None:
    st.caption(tr(LABELS, "shape_kept", lang))

spatial_results.draw(cat, filters, chains, centre, lang)
