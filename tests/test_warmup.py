"""The server's entry (serve.py) and its start-up warm-up (ui/warmup.py), without a server.

The cold start itself is timed by bench/browser.py (figures, not tests); these check that the entry
is what ``streamlit run`` serves, and that the warm-up does the first visitor's work: after it, the
default page's first run reads no catalogue and builds no map.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
from pathlib import Path

import streamlit as st
from streamlit import config as st_config
from streamlit.web.server.app_discovery import discover_asgi_app

from tests.apptest_utils import assert_no_exception, maps, open_page

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_run_finds_the_app_in_serve_py():
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"


def test_serve_py_serves_the_router_as_an_st_app(monkeypatch):
    monkeypatch.setattr(st_config, "_main_script_path", None)  # st.App pins it; leave it as it was
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.delitem(sys.modules, "serve", raising=False)
    serve = importlib.import_module("serve")
    monkeypatch.delitem(sys.modules, "serve")
    assert isinstance(serve.app, st.App)
    assert Path(serve.app.script_path).name == "atlas_app.py"


def test_warm_up_leaves_the_catalogue_and_the_first_map_ready(monkeypatch):
    """After the warm-up, the default page's first run neither reads the store nor builds or renders a map."""
    from ui import data, mapview, warmup
    from views import map_layers

    data.clear_caches()
    warmup.warm_up()
    store = data._store_cache().store
    calls: list[str] = []

    def counted(name, original):
        def wrapper(*args, **kwargs):
            calls.append(name)
            return original(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(store, "catalogue", counted("catalogue read", store.catalogue))
    monkeypatch.setattr(map_layers, "new_map", counted("map built", map_layers.new_map))
    monkeypatch.setattr(mapview, "_prepare", counted("map rendered", mapview._prepare))
    at = open_page()
    assert_no_exception(at)
    assert len(maps(at)) == 1
    assert calls == []


def test_the_warm_up_starts_once_in_a_background_thread(monkeypatch):
    from ui import warmup

    ran = threading.Event()
    runs: list[str] = []

    def fake_warm_up():
        runs.append(threading.current_thread().name)
        ran.set()

    monkeypatch.setattr(warmup, "warm_up", fake_warm_up)
    monkeypatch.setattr(warmup, "_started", None)
    first = warmup.start()
    assert warmup.start() is first and first.daemon
    first.join(timeout=10)
    assert ran.is_set() and runs == [warmup.THREAD_NAME]


def test_a_failed_warm_up_is_logged_not_raised(monkeypatch, caplog):
    from ui import warmup

    def broken():
        raise OSError("no data folder")

    monkeypatch.setattr(warmup, "warm_up", broken)
    warmup._warm_up_logged()
    assert "start-up warm-up failed" in caplog.text


HEAVY = ("matplotlib", "reportlab", "pptx", "openpyxl", "pydeck", "qrcode")
FIRST_RUN = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from streamlit.testing.v1 import AppTest
from ui import warmup
warmup.warm_up()
at = AppTest.from_file({str(ROOT / "atlas_app.py")!r}, default_timeout=90).run()
assert not at.exception, at.exception
print(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r})))
"""


def test_the_warm_up_and_the_default_page_import_no_export_or_chart_library():
    """Those are for other pages and downloads: a fresh process showing the overview never loads them."""
    done = subprocess.run([sys.executable, "-c", FIRST_RUN], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_serve_py_imports_the_warm_up_without_loading_anything_heavy():
    """serve.py imports ui.warmup while the server starts: a heavy import there would delay the server itself."""
    code = (
        "import sys; sys.path.insert(0, '.'); import ui.warmup; "
        "print(sorted(m for m in ('geo', 'pandas', 'geopandas', 'folium', 'streamlit_folium') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_the_background_warm_up_turns_garbage_collection_back_on(monkeypatch):
    import gc

    from ui import warmup

    seen: list[bool] = []
    monkeypatch.setattr(warmup, "warm_up", lambda: seen.append(gc.isenabled()))
    assert gc.isenabled()
    warmup._warm_up_logged()
    assert seen == [False] and gc.isenabled()
