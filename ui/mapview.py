"""Show a built map in Streamlit: cached builds, the map itself, its offline download, and clicks.

``show`` renders a :class:`views.maps.BuiltMap` and, separately, offers it as an offline HTML
file. It never navigates: a page that wants a click on a site to do something passes that
explicitly, e.g. ``show(built, key="overview", on_click=state.open_site)``. The map that made
the markers (its ``BuiltMap``) is the one owner of the click index that turns a clicked
tooltip back into a site id.

A rerun sends little: what the component needs is prepared once per built map (kept in
``BuiltMap.rendered``; the built map itself is cached per catalogue and arguments by
:func:`cached_map`), the basemap goes as a served file the browser keeps, and only the layers
a filter changed go again (:mod:`views.map_parts`). The component's identity depends on the
base only, so a filter change swaps layers in the open map: no rebuild, the view is kept.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable

import streamlit as st
import streamlit_folium
from streamlit import config, runtime

from ui import state
from ui.data import derived
from views import map_bundle, map_parts, maps, offline
from views.maps import BuiltMap, MapOptions, tianditu_key_from_env

CLICK_ONLY = ["last_object_clicked_tooltip"]
_capture = threading.local()  # set while preparing a map's arguments: the component records, draws nothing


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
        sink = getattr(_capture, "sink", None)
        if sink is not None:  # preparing (see _prepare): keep the arguments, draw nothing
            sink.update(kwargs, js_links=js, css_links=css)
            return None
        return component(*args, js_links=js, css_links=css, **kwargs)

    local_component.__wrapped__ = component  # type: ignore[attr-defined]
    setattr(local_component, offline._PATCHED, True)
    streamlit_folium._component_func = local_component
    _register(component)


def _register(component) -> None:
    """Tell a running server about st_folium's frontend files, whoever imported streamlit-folium.

    ``declare_component`` registers a component only when called inside a script run; imported
    by the start-up warm-up (ui.warmup, a thread outside any run), st_folium's frontend would
    not be served and every map would stay blank. Registering the same component again is harmless.
    """
    if runtime.exists():
        runtime.get_instance().component_registry.register_component(component)


install_streamlit_folium_patch()


def tianditu_key() -> str:
    """The Tianditu key from Streamlit secrets (``TIANDITU_KEY`` in .streamlit/secrets.toml) or the environment."""
    try:
        return str(st.secrets.get("TIANDITU_KEY", "")) or tianditu_key_from_env()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):  # no secrets file: that is fine
        return tianditu_key_from_env()


def options() -> MapOptions:
    """The map options of this session (language, basemap, key); also tells views.offline the base URL."""
    return _options(state.lang(), state.get("basemap"))


def default_options() -> MapOptions:
    """The map options of a new session that has no query string (what the start-up warm-up builds for)."""
    return _options(state.default("lang"), state.default("basemap"))


def _options(lang: str, basemap: str) -> MapOptions:
    offline.set_base_url_path(str(config.get_option("server.baseUrlPath") or ""))
    return MapOptions(lang=lang, basemap=basemap, tianditu_key=tianditu_key())


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
    returned = list(returned_objects if returned_objects is not None else CLICK_ONLY)
    args = _prepared(built, _component_key(key, generation), height, returned)
    view = {"center": list(built.view[0]), "zoom": built.view[1]} if built.view else {}
    out = st_folium(args, **view) or {}
    if offline_download:
        download(built, key)
    site_id = built.site_for_tooltip(out.get("last_object_clicked_tooltip"))
    if site_id and on_click is not None:
        st.session_state[f"_map_generation_{key}"] = generation + 1
        on_click(site_id)
    return out


def prepare(built: BuiltMap, key: str, height: int = 560, returned_objects: list[str] | None = None) -> None:
    """Get ``built`` ready for ``show(built, key, height, returned_objects)`` in a new session, drawing nothing.

    For the start-up warm-up (ui.warmup): the component's arguments are made and its files written,
    so the first visitor's run only sends them.
    """
    returned = list(returned_objects if returned_objects is not None else CLICK_ONLY)
    _prepared(built, _component_key(key, 0), height, returned)


def _component_key(key: str, generation: int) -> str:
    """The component's key: a click on a site gives the map a new generation, so it is not replayed."""
    return f"{key}-{generation}"


def st_folium(args: dict, **view) -> dict | None:
    """Draw the map component from prepared arguments (the one call tests replace with a fake click).

    ``view`` (``center``, ``zoom``) moves the open map without rebuilding it.
    """
    return streamlit_folium._component_func(**{**args, **view})


def _prepared(built: BuiltMap, key: str, height: int, returned: list[str]) -> dict:
    """The component's arguments for ``built``, made once per built map, key, height and returned objects."""
    cache_key = (key, height, tuple(returned))
    args = built.rendered.get(cache_key)
    # A served file gone (a cleaned static/generated/ under a long-running server): write it again.
    if args is None or not all(path.is_file() for path in map_parts.served_files(args)):
        args = built.rendered[cache_key] = _prepare(built, key, height, returned)
    return args


def _prepare(built: BuiltMap, key: str, height: int, returned: list[str]) -> dict:
    """Run streamlit-folium on the split map with the component recording instead of drawing."""
    parts = map_parts.split(built.map)
    sink: dict = {}
    _capture.sink = sink
    try:
        streamlit_folium.st_folium(
            parts.base,
            key=key,
            height=height,
            use_container_width=True,
            returned_objects=returned,
            feature_group_to_add=parts.layers or None,
            layer_control=parts.control,
        )
    finally:
        _capture.sink = None
    sink.pop("on_change", None)  # it only mirrors the value into session_state[key], which nothing reads
    return map_bundle.bundle(map_parts.to_files(sink, len(parts.layers)))


def download(built: BuiltMap, key: str) -> None:
    """A button downloading the map as one HTML file that works offline (made only when clicked)."""
    from ui.downloads import offline_map_download  # here: the reports it imports are not needed by every map page

    offline_map_download(
        lambda: offline.standalone_map_html(_with_view(built)),
        f"lanbai-map-{key}-{state.lang()}.html",
        state.lang(),
        key=f"html-{key}",
    )


def _with_view(built: BuiltMap):
    """A copy of the built map that opens where the component shows it (a tour step's view)."""
    m = copy.deepcopy(built.map)
    return maps.set_view(m, built.view) if built.view else m
