"""Show a built map in Streamlit: cached builds, and a click on a site opens its profile."""
from __future__ import annotations

import copy

import streamlit as st
from streamlit_folium import st_folium

from views import state
from views.data import derived
from views.maps import BuiltMap, MapOptions, tianditu_key_from_env
from views.downloads import offline_map_download
from views.offline import install_streamlit_folium_patch, standalone_map_html

install_streamlit_folium_patch()

CLICK_ONLY = ["last_object_clicked_tooltip"]


def tianditu_key() -> str:
    """The Tianditu key from Streamlit secrets (``TIANDITU_KEY`` in .streamlit/secrets.toml) or the environment."""
    try:
        return str(st.secrets.get("TIANDITU_KEY", "")) or tianditu_key_from_env()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):  # no secrets file: that is fine
        return tianditu_key_from_env()


def options() -> MapOptions:
    return MapOptions(lang=state.lang(), basemap=state.get("basemap"), tianditu_key=tianditu_key())


def cached_map(builder, *args, **kwargs) -> BuiltMap:
    """Build (or reuse) a map: the same builder and arguments give the same map without rebuilding.

    Arguments must be hashable (use tuples, not lists).
    """
    return derived(builder, options(), *args, **kwargs)


def show(built: BuiltMap, key: str, height: int = 560, returned_objects: list[str] | None = None,
         offline_download: bool = True) -> dict:
    """Render the map; a click on a site marker switches to that site's profile.

    Only clicks (not pans or zooms) rerun the app. After a click is handled the
    component gets a fresh key, so coming back to this page does not replay it. Below
    the map, a button downloads it as one HTML file that works offline (built on click).
    """
    generation = st.session_state.get(f"_map_generation_{key}", 0)
    # folium appends to a map each time it renders it: render a copy, so the cached map stays
    # the same and the component keeps its identity (and its click) across reruns.
    out = st_folium(copy.deepcopy(built.map), key=f"{key}-{generation}", height=height, use_container_width=True,
                    returned_objects=returned_objects if returned_objects is not None else CLICK_ONLY)
    if offline_download:
        offline_map_download(lambda: standalone_map_html(copy.deepcopy(built.map)),
                             f"lanbai-map-{key}-{state.lang()}.html", state.lang(), key=f"html-{key}")
    site_id = built.site_for_tooltip((out or {}).get("last_object_clicked_tooltip"))
    if site_id:
        st.session_state[f"_map_generation_{key}"] = generation + 1
        state.open_site(site_id)
    return out or {}
