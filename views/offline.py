"""Serve a folium map's JavaScript and CSS from ``./static`` so it renders without internet.

folium, its plugins, branca and streamlit-folium link their browser libraries from CDNs;
streamlit-folium's frontend loads those links one after another and stops at the first
that fails, so offline the whole map stays blank. The files are vendored under
``static/vendor/`` (Streamlit serves ``./static`` at ``/app/static/`` when
``server.enableStaticServing`` is on, see ``.streamlit/config.toml``) and this module points
every link at them.

Usage (no Streamlit here; ``ui.mapview`` installs the patch of streamlit-folium's own links)::

    from views.offline import localise

    m = folium.Map(location=[36.06, 103.83], zoom_start=9, tiles=None, maxZoom=18)
    ...                                       # add layers, plugins, colormaps
    localise(m)                               # last, after adding everything

Without tiles, pass ``maxZoom`` as above: folium drops ``max_zoom`` when there is no tile
layer, and MarkerCluster then throws "Map has no maxZoom specified", which blanks the map.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import cast

import folium
from branca.colormap import ColorMap
from branca.element import Element, Figure, JavascriptLink

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static/"
IMAGE_PATH_SCRIPT = "js/leaflet-imagepath.js"
D3_V3 = "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
_JSDELIVR = "https://cdn.jsdelivr.net/npm/"
_PATCHED = "_lanbai_offline_patch"

#: Every CDN URL folium 0.20.0, branca and streamlit-folium 0.27.4 link for the elements the
#: atlas uses -> the file under ``static/`` that replaces it. A new plugin needs its files
#: vendored (scripts/vendor_assets.py) and its URLs added here; :func:`localise` says which.
LOCAL_ASSETS: dict[str, str] = {
    _JSDELIVR + "leaflet@1.9.3/dist/leaflet.js": "vendor/leaflet-1.9.3/dist/leaflet.js",
    _JSDELIVR + "leaflet@1.9.3/dist/leaflet.css": "vendor/leaflet-1.9.3/dist/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "vendor/jquery-3.7.1/dist/jquery.min.js",
    _JSDELIVR
    + "bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "vendor/bootstrap-5.2.2/dist/js/bootstrap.bundle.min.js",
    _JSDELIVR + "bootstrap@5.2.2/dist/css/bootstrap.min.css": "vendor/bootstrap-5.2.2/dist/css/bootstrap.min.css",
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": "vendor/bootstrap-3.4.1-glyphicons/dist/css/bootstrap-glyphicons.css",
    _JSDELIVR + "@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "vendor/fontawesome-free-6.2.0/css/all.min.css",
    _CDNJS
    + "Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": "vendor/leaflet-awesome-markers-2.0.2/js/leaflet.awesome-markers.js",
    _CDNJS
    + "Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": "vendor/leaflet-awesome-markers-2.0.2/css/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": "vendor/folium-0.20.0/leaflet.awesome.rotate.min.css",
    _CDNJS + "leaflet.draw/1.0.2/leaflet.draw.js": "vendor/leaflet-draw-1.0.2/dist/leaflet.draw.js",
    _CDNJS + "leaflet.draw/1.0.2/leaflet.draw.css": "vendor/leaflet-draw-1.0.2/dist/leaflet.draw.css",
    # jsDelivr minifies on the fly; npm ships only the unminified file (8 KB).
    _JSDELIVR
    + "leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "vendor/leaflet.fullscreen-3.0.0/Control.FullScreen.js",
    _JSDELIVR
    + "leaflet.fullscreen@3.0.0/Control.FullScreen.css": "vendor/leaflet.fullscreen-3.0.0/Control.FullScreen.css",
    _CDNJS
    + "leaflet.markercluster/1.1.0/leaflet.markercluster.js": "vendor/leaflet.markercluster-1.1.0/dist/leaflet.markercluster.js",
    _CDNJS
    + "leaflet.markercluster/1.1.0/MarkerCluster.css": "vendor/leaflet.markercluster-1.1.0/dist/MarkerCluster.css",
    _CDNJS
    + "leaflet.markercluster/1.1.0/MarkerCluster.Default.css": "vendor/leaflet.markercluster-1.1.0/dist/MarkerCluster.Default.css",
    D3_V3: "vendor/d3-3.5.5/d3.min.js",  # branca colormaps and streamlit-folium
    "https://d3js.org/d3.v4.min.js": "vendor/d3-4.13.0/build/d3.min.js",  # streamlit-folium
}


class MissingLocalAsset(LookupError):
    """A map links a JS/CSS file that has no local copy under ``static/``."""


_base_url_path = ""  # Streamlit's server.baseUrlPath, told by ui.mapview (this module imports no Streamlit)


def set_base_url_path(path: str) -> None:
    """Serve ``./static`` under ``path`` (Streamlit's ``server.baseUrlPath``); ui.mapview calls it before a build."""
    global _base_url_path
    _base_url_path = str(path or "").strip("/")


def static_url_prefix() -> str:
    """The URL prefix of ``./static``: ``/app/static/``, under the base URL path if one is set."""
    return f"/{_base_url_path}{STATIC_URL}" if _base_url_path else STATIC_URL


def static_path_for(url: str) -> Path:
    """The file under ``static/`` that serves ``url`` (a known CDN URL or an ``/app/static/`` URL).

    Raises
    ------
    MissingLocalAsset
        If the URL is neither a known CDN URL nor a path inside ``static/``.
    """
    if url in LOCAL_ASSETS:
        return STATIC_DIR / LOCAL_ASSETS[url]
    if url.startswith("/") and STATIC_URL in url:
        path = (STATIC_DIR / url.split(STATIC_URL, 1)[1].split("?")[0]).resolve()
        if path.is_relative_to(STATIC_DIR.resolve()):
            return path
    raise MissingLocalAsset(
        f"no local copy of {url!r}: vendor the package's file under static/vendor/ "
        f"(scripts/vendor_assets.py) and map the URL in views.offline.LOCAL_ASSETS"
    )


def local_url(url: str) -> str:
    """The ``/app/static/...`` URL serving ``url``; raises :class:`MissingLocalAsset` if the file is missing."""
    if url in LOCAL_ASSETS or STATIC_URL + "vendor/" in url:  # vendored files stay: looked up once per process
        return static_url_prefix() + _vendored_path(url)
    return static_url_prefix() + _served_path(url)


@functools.lru_cache(maxsize=256)
def _vendored_path(url: str) -> str:
    return _served_path(url)


def _served_path(url: str) -> str:
    """The path of ``url``'s file under ``static/``, checked to exist."""
    path = static_path_for(url)
    if not path.is_file():
        raise MissingLocalAsset(f"{url!r} maps to {path}, which does not exist (run scripts/vendor_assets.py)")
    return path.resolve().relative_to(STATIC_DIR.resolve()).as_posix()


def _walk(element):
    """The element and all its descendants (a DualMap's two maps included)."""
    yield element
    for child in (getattr(element, "m1", None), getattr(element, "m2", None)):
        if child is not None:
            yield from _walk(child)
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def localise(m: folium.Map) -> folium.Map:
    """Point every JS/CSS link of ``m`` and of all its children at the files in ``static/``.

    Call it after adding every layer, plugin and colormap. Each element gets its own
    ``default_js``/``default_css`` lists (folium's are class attributes shared by all
    instances, so they are never mutated); a branca colormap's d3 link, which it adds while
    rendering, is swapped after its render. Each map also gets a script, right after
    leaflet.js, setting ``L.Icon.Default.imagePath`` (see ``static/js/leaflet-imagepath.js``).
    Calling it twice is harmless.

    Parameters
    ----------
    m : folium.Map
        The map (a ``folium.plugins.DualMap`` works too); changed in place.

    Returns
    -------
    folium.Map
        ``m`` itself, so ``st_folium(localise(m))`` reads naturally.

    Raises
    ------
    MissingLocalAsset
        Naming the element and the link that has no local file.
    """
    image_path = local_url(STATIC_URL + IMAGE_PATH_SCRIPT)
    for element in _walk(m):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if not links:
                continue
            try:
                local = [(name, local_url(url)) for name, url in links]
            except MissingLocalAsset as exc:
                raise MissingLocalAsset(f"{type(element).__name__}: {exc}") from None
            if isinstance(element, folium.Map) and attr == "default_js":
                local = [pair for pair in local if pair[0] != "leaflet_imagepath"]
                at = next((i + 1 for i, (name, _) in enumerate(local) if name == "leaflet"), 0)
                local.insert(at, ("leaflet_imagepath", image_path))
            setattr(element, attr, local)
        if isinstance(element, ColorMap) and not getattr(element, _PATCHED, False):
            _swap_colormap_d3(element, local_url(D3_V3))
    return m


def page_header(element: Element) -> Element:
    """The ``<head>`` section of the page (branca Figure) that ``element`` belongs to."""
    return cast(Figure, element.get_root()).header


def _swap_colormap_d3(colormap: ColorMap, d3_url: str) -> None:
    """Make ``colormap.render`` replace the CDN d3 link it adds to the page header."""
    original = colormap.render

    @functools.wraps(original)
    def render(**kwargs):
        original(**kwargs)
        page_header(colormap).add_child(JavascriptLink(d3_url), name="d3")

    colormap.render = render  # type: ignore[method-assign]  # deliberate per-instance patch
    setattr(colormap, _PATCHED, True)


def asset_links(m: folium.Map) -> list[str]:
    """Every JS then CSS URL the map's elements load (a colormap's d3 included), without repeats.

    After :func:`localise` all of them should be ``/app/static/...`` URLs.
    """
    elements = list(_walk(m))
    js = [local_url(D3_V3) if getattr(e, _PATCHED, False) else D3_V3 for e in elements if isinstance(e, ColorMap)]
    js += [url for e in elements for _, url in getattr(e, "default_js", None) or []]
    css = [url for e in elements for _, url in getattr(e, "default_css", None) or []]
    return list(dict.fromkeys(js + css))


def standalone_map_html(m: folium.Map) -> str:
    """The map as one self-contained HTML file (local assets inlined): it opens with no network."""
    from geo.reports.standalone import standalone_html

    localise(m)
    images = STATIC_DIR / "vendor" / "leaflet-1.9.3" / "dist" / "images"
    return standalone_html(m.get_root().render(), resolve=static_path_for, leaflet_images=images)
