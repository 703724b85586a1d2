"""Start-up work, done once per process before the first visitor needs it (issue 13: a fast first map).

A new server process has imported Streamlit and little else. Left to the first visitor's run, the
imports the pages need (geopandas, pandas, shapely, pyproj, folium, branca, streamlit-folium), the
catalogue and the first page's map cost it seconds. ``serve.py`` calls :func:`start` as the server
starts; the work runs in a background thread, so the server answers at once and the browser loads
Streamlit's own page meanwhile. A visitor who comes before it is done waits only for what is left:
a run that needs a module or a cached value being made waits for it (Python's import lock,
Streamlit's per-key cache lock); nothing is done twice.

What is warmed, in the order the first run needs it:

1. the modules of the router (atlas_app.py) and of the default page (app_pages/overview.py);
2. the catalogue, through the same cache the pages use (:mod:`ui.data`), and its public view;
3. the overview's map as a new public session first sees it (default language and basemap, no
   filter), with its component arguments and served files (:func:`ui.mapview.prepare`).
"""

from __future__ import annotations

# Only the standard library at module level: serve.py imports this module while the server starts,
# and everything else is the warm-up's own work, done in its thread.
import gc
import importlib
import logging
import threading
import time

#: What the router and the default page import, heavy libraries first (the ones that cost seconds).
FIRST_RUN_MODULES = (
    "geopandas",
    "folium",
    "streamlit_folium",
    "ui.data",
    "ui.banner",
    "ui.sidebar",
    "ui.mapview",
    "geo.filters",
    "geo.queries",
    "views.map_layers",
)
#: What the default page needs after its map is sent (imported last: the map's frame loads meanwhile).
AFTER_MAP_MODULES = ("ui.downloads",)  # the map's offline download button
THREAD_NAME = "lanbai-warmup"
_log = logging.getLogger("lanbai.warmup")
_started: threading.Thread | None = None
_lock = threading.Lock()


class _NoRunContextWarning(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" warning for the warm-up thread, which has no run by design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == THREAD_NAME and "missing ScriptRunContext" in record.getMessage())


def start() -> threading.Thread:
    """Run :func:`warm_up` in a background (daemon) thread, once per process; return that thread."""
    global _started
    with _lock:
        if _started is None:
            logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
                _NoRunContextWarning()
            )
            _started = threading.Thread(target=_warm_up_logged, name=THREAD_NAME, daemon=True)
            _started.start()
        return _started


def warm_up() -> None:
    """Import the first run's modules, load the catalogue and build the overview's first map.

    Raises whatever the catalogue or the map raise (:func:`start` logs it instead: the first
    visitor's run then meets the same error and shows its message).
    """
    for name in FIRST_RUN_MODULES:
        importlib.import_module(name)
    _first_map()
    for name in AFTER_MAP_MODULES:
        importlib.import_module(name)


def _first_map() -> None:
    from geo.accounts import ANONYMOUS
    from ui import data, mapview
    from views.map_layers import overview_map

    built = data.derived_for(ANONYMOUS.role, overview_map, mapview.default_options(), highlight=())
    mapview.prepare(built, "overview")


def _warm_up_logged() -> None:
    began = time.perf_counter()
    # No cyclic garbage collection while importing: the imports allocate ~170,000 long-lived objects
    # that each collection would scan again (~13% of the warm-up's time; the objects stay anyway).
    collecting = gc.isenabled()
    gc.disable()
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - a failed warm-up only loses time; the page reports the error
        _log.exception("start-up warm-up failed")
        return
    finally:
        if collecting:
            gc.enable()
    _log.info("start-up warm-up done in %.2f s", time.perf_counter() - began)
