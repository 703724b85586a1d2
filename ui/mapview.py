"""Show a built map in Streamlit: cached builds, the map itself, its offline download, and clicks.

``show`` renders a :class:`views.maps.BuiltMap` and, separately, offers it as an offline HTML
file. It never navigates: a page that wants a click on a site to do something passes that
explicitly, e.g. ``show(built, key="overview", on_click=state.open_site)``. The map that made
the markers (its ``BuiltMap``) is the one owner of the click index that turns a clicked
tooltip back into a site id.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import streamlit as st
import streamlit_folium
from streamlit import config
from streamlit_folium import st_folium

from ui import state
from ui.data import derived
from ui.downloads import offline_map_download
from views import offline
from views.maps import BuiltMap, MapOptions, tianditu_key_from_env

CLICK_ONLY = ["last_object_clicked_tooltip"]


def install_streamlit_folium_patch() -> None:
    """Make ``st_folium`` load local files for the links it adds itself.

    For a map holding a branca colormap, streamlit-folium 0.27.4 hard-codes two d3 links
    (d3js.org v4 and cdnjs 3.5.5) into the ``js_links`` it hands its frontend; no folium
    attribute controls them, so the only place to replace them is its private
    ``streamlit_folium._component_func``, which this wraps: every ``js_links``/``css_links``
    entry goes through :func:`views.offline.local_url` (an unknown link raises
    :class:`views.offline.MissingLocalAsset` rather than blanking the map). Private API:
    tests/test_offline_assets.py guards it, so an upgrade that renames it fails a test instead
    of the map. Idempotent.
    """
    component = streamlit_folium._component_func
    if getattr(component, offline._PATCHED, False):
        return

    def local_component(*args, js_links=(), css_links=(), **kwargs):
        js = list(dict.fromkeys(offline.local_url(u) for u in js_links))
        css = list(dict.fromkeys(offline.local_url(u) for u in css_links))
        return component(*args, js_links=js, css_links=css, **kwargs)

    local_component.__wrapped__ = component  # type: ignore[attr-defined]
    setattr(local_component, offline._PATCHED, True)
    streamlit_folium._component_func = local_component


install_streamlit_folium_patch()


def tianditu_key() -> str:
    """The Tianditu key from Streamlit secrets (``TIANDITU_KEY`` in .streamlit/secrets.toml) or the environment."""
    try:
        return str(st.secrets.get("TIANDITU_KEY", "")) or tianditu_key_from_env()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):  # no secrets file: that is fine
        return tianditu_key_from_env()


def options() -> MapOptions:
    """The map options of this session (language, basemap, key); also tells views.offline the base URL."""
    offline.set_base_url_path(str(config.get_option("server.baseUrlPath") or ""))
    return MapOptions(lang=state.lang(), basemap=state.get("basemap"), tianditu_key=tianditu_key())


def cached_map(builder, *args, **kwargs) -> BuiltMap:
    """Build (or reuse) a map: the same builder and arguments give the same map without rebuilding.

    Arguments must be hashable (use tuples, not lists).
    """
    return derived(builder, options(), *args, **kwargs)


def show(
    built: BuiltMap,
    key: str,
    height: int = 560,
    returned_objects: list[str] | None = None,
    offline_download: bool = True,
    on_click: Callable[[str], None] | None = None,
) -> dict:
    """Render the map; return what streamlit-folium reports. It does not navigate.

    Only clicks (not pans or zooms) rerun the app. A click on a site marker calls
    ``on_click(site_id)`` (when given) after the component got a fresh key, so coming back to
    this page does not replay it. With ``offline_download``, :func:`download` follows the map.
    """
    generation = st.session_state.get(f"_map_generation_{key}", 0)
    # folium appends to a map each time it renders it: render a copy, so the cached map stays
    # the same and the component keeps its identity (and its click) across reruns.
    out = (
        st_folium(
            copy.deepcopy(built.map),
            key=f"{key}-{generation}",
            height=height,
            use_container_width=True,
            returned_objects=returned_objects if returned_objects is not None else CLICK_ONLY,
        )
        or {}
    )
    if offline_download:
        download(built, key)
    site_id = built.site_for_tooltip(out.get("last_object_clicked_tooltip"))
    if site_id and on_click is not None:
        st.session_state[f"_map_generation_{key}"] = generation + 1
        on_click(site_id)
    return out


def download(built: BuiltMap, key: str) -> None:
    """A button downloading the map as one HTML file that works offline (made only when clicked)."""
    offline_map_download(
        lambda: offline.standalone_map_html(copy.deepcopy(built.map)),
        f"lanbai-map-{key}-{state.lang()}.html",
        state.lang(),
        key=f"html-{key}",
    )
