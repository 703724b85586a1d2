"""The map works without internet: every JS/CSS link is served from ./static (views/offline.py).

The last test drives Debian's chromium against a real `streamlit run` with every
non-localhost request aborted (`-m browser`).
"""

import hashlib
import inspect
import json
import re
import time
import tomllib
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest
import streamlit_folium

from tests.browser_server import start_app
from ui.mapview import install_streamlit_folium_patch
from views.offline import LOCAL_ASSETS, STATIC_DIR, MissingLocalAsset, asset_links, localise, static_path_for

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PLUGINS = (folium.Map, folium.plugins.Draw, folium.plugins.Fullscreen, folium.plugins.MarkerCluster)
LINK = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)[\"']", re.I)
REMOTE = re.compile(r"^(?:https?:)?//", re.I)


def full_map() -> folium.Map:
    """A map using every plugin the atlas uses, a glyphicon and a Font Awesome icon, and a colormap."""
    m = folium.Map(location=[36.3, 104.0], zoom_start=8, tiles=None, maxZoom=18)
    folium.Marker([36.06, 103.83], icon=folium.Icon(icon="info-sign")).add_to(m)
    folium.Marker([36.55, 104.17], icon=folium.Icon(prefix="fa", icon="flask", angle=30)).add_to(m)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.Marker([36.1, 103.7]).add_to(cluster)
    folium.plugins.Draw().add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    branca.colormap.LinearColormap(["#ffeeee", "#cc0000"], vmin=0, vmax=10, caption="x").add_to(m)
    branca.colormap.StepColormap(["#eeffee", "#00cc00"], vmin=0, vmax=10).add_to(m)
    return m


def test_rendered_html_links_only_existing_local_files():
    html = localise(full_map()).get_root().render()
    links = LINK.findall(html)
    assert len(links) >= 19  # leaflet … markercluster, d3
    assert [u for u in links if REMOTE.match(u)] == []
    for url in links:
        assert url.startswith("/app/static/"), url
        assert static_path_for(url).is_file(), url
    assert "/app/static/vendor/d3-3.5.5/d3.min.js" in links  # the colormap's own d3 link


def test_imagepath_script_loads_right_after_leaflet():
    js = [url for _, url in localise(full_map()).default_js]
    assert js[:2] == ["/app/static/vendor/leaflet-1.9.3/dist/leaflet.js", "/app/static/js/leaflet-imagepath.js"]
    assert "L.Icon.Default.imagePath" in (STATIC_DIR / "js/leaflet-imagepath.js").read_text()


def test_localise_is_idempotent_and_leaves_class_defaults_alone():
    m = localise(localise(full_map()))
    assert asset_links(m) == asset_links(localise(full_map()))
    assert all(url.startswith("/app/static/") for url in asset_links(m))
    for cls in PLUGINS:
        assert all(REMOTE.match(url) for _, url in cls.default_js + cls.default_css), cls


@pytest.mark.parametrize("cls", PLUGINS, ids=lambda c: c.__name__)
def test_every_link_of_the_plugins_used_has_a_local_file(cls):
    for _, url in cls.default_js + cls.default_css:
        assert url in LOCAL_ASSETS, f"{cls.__name__} links {url}: vendor it and add it to LOCAL_ASSETS"
        assert static_path_for(url).is_file(), url


def test_hard_coded_d3_links_of_branca_and_streamlit_folium_are_covered():
    sources = inspect.getsource(branca.colormap.ColorMap.render) + inspect.getsource(streamlit_folium.st_folium)
    d3_links = set(re.findall(r"https?://[^\"'\s]*d3[^\"'\s]*\.js", sources))
    assert len(d3_links) == 2, d3_links
    for url in d3_links:
        assert url in LOCAL_ASSETS and static_path_for(url).is_file(), url


def test_unknown_plugin_is_a_clear_error():
    m = folium.Map(tiles=None)
    folium.plugins.HeatMap([[36.0, 103.8]]).add_to(m)
    with pytest.raises(MissingLocalAsset, match="HeatMap.*LOCAL_ASSETS"):
        localise(m)


def test_static_path_for_refuses_paths_outside_static():
    with pytest.raises(MissingLocalAsset):
        static_path_for("/app/static/../pyproject.toml")
    with pytest.raises(MissingLocalAsset):
        static_path_for("https://example.com/x.js")


def test_streamlit_folium_patch_replaces_the_d3_links(monkeypatch):
    calls = []

    def recorder(**kwargs):
        calls.append(kwargs)
        return kwargs["default"]

    # Guard for the private API the patch relies on: an upgrade that renames it fails here.
    assert callable(streamlit_folium._component_func)
    assert "_component_func(" in inspect.getsource(streamlit_folium.st_folium)
    monkeypatch.setattr(streamlit_folium, "_component_func", recorder)
    install_streamlit_folium_patch()
    install_streamlit_folium_patch()  # idempotent: wrapped once
    assert streamlit_folium._component_func.__wrapped__ is recorder

    streamlit_folium.st_folium(localise(full_map()), key="t")
    js, css = calls[-1]["js_links"], calls[-1]["css_links"]
    assert js[:2] == ["/app/static/vendor/d3-4.13.0/build/d3.min.js", "/app/static/vendor/d3-3.5.5/d3.min.js"]
    assert len(js) == len(set(js)) and len(css) >= 10
    for url in js + css:
        assert url.startswith("/app/static/") and static_path_for(url).is_file(), url


def test_served_css_references_existing_files():
    """url(...) in the vendored CSS resolves; a @font-face src needs one existing format."""
    for css_path in STATIC_DIR.rglob("*.css"):
        text = css_path.read_text(encoding="utf-8")
        for prop, value in re.findall(r"([\w-]+)\s*:\s*([^;{}]*url\([^;{}]*)", text):
            urls = [u.strip("'\"") for u in re.findall(r"url\(([^)]*)\)", value)]
            urls = [u.split("?")[0].split("#")[0] for u in urls if not u.startswith(("data:", "#"))]
            exists = [(css_path.parent / u).is_file() for u in urls]
            ok = any(exists) if prop == "src" else all(exists)
            assert ok or not urls, f"{css_path.relative_to(STATIC_DIR)}: {prop}: {urls}"


def test_vendor_files_match_manifest_and_carry_licences():
    vendor = STATIC_DIR / "vendor"
    manifest = json.loads((vendor / "MANIFEST.json").read_text())
    files = {p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()} - {"MANIFEST.json"}
    assert files == set(manifest)
    for rel, entry in manifest.items():
        assert hashlib.sha256((vendor / rel).read_bytes()).hexdigest() == entry["sha256"], rel
    for package in (p for p in vendor.iterdir() if p.is_dir()):
        assert any(f.name.upper().startswith(("LICENSE", "LICENCE", "MIT-LICENCE")) for f in package.iterdir()), package
    generated = STATIC_DIR / "generated"  # map scripts written at run time (views/map_parts.py), not committed
    shipped = [p for p in STATIC_DIR.rglob("*") if p.is_file() and not p.is_relative_to(generated)]
    assert sum(p.stat().st_size for p in shipped) < 2.5e6


def test_streamlit_config_serves_static():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True and config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_apptest_hands_the_component_only_local_links(tmp_path, monkeypatch):
    """Through a real Streamlit script run: the st_folium element's js/css links are all local."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(streamlit_folium, "_component_func", streamlit_folium._component_func)  # undo patch
    script = tmp_path / "app.py"
    script.write_text(APP.format(root=str(ROOT)))
    at = AppTest.from_file(str(script)).run(timeout=60)
    assert not at.exception
    (component,) = [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]
    args = json.loads(component.proto.json_args)
    assert args["js_links"][:2] == [
        "/app/static/vendor/d3-4.13.0/build/d3.min.js",
        "/app/static/vendor/d3-3.5.5/d3.min.js",
    ]
    for url in args["js_links"] + args["css_links"]:
        assert url.startswith("/app/static/") and static_path_for(url).is_file(), url


# --------------------------------------------------------------------------- real browser

APP = """
import sys
sys.path.insert(0, {root!r})
import branca.colormap
import folium
import folium.plugins
import streamlit as st
from streamlit_folium import st_folium
from ui.mapview import install_streamlit_folium_patch
from views.offline import localise

install_streamlit_folium_patch()
m = folium.Map(location=[36.3, 104.0], zoom_start=8, tiles=None, maxZoom=18)
for lat, lon, name in [(36.06, 103.83, "Lanzhou"), (36.55, 104.17, "Baiyin"), (36.50, 103.66, "New Area")]:
    folium.Marker([lat, lon], tooltip=name).add_to(m)
folium.plugins.Draw().add_to(m)
folium.plugins.Fullscreen().add_to(m)
folium.plugins.MarkerCluster().add_to(m)
branca.colormap.LinearColormap(["#ffeeee", "#cc0000"], vmin=0, vmax=10).add_to(m)
st.title("offline map")
st_folium(localise(m), height=500, width=700, key="map")
"""


@pytest.mark.browser
def test_map_renders_offline_in_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    # Streamlit serves <script folder>/static; the script lives in tmp_path, so link ours in.
    (tmp_path / "static").symlink_to(STATIC_DIR, target_is_directory=True)
    script = tmp_path / "offline_app.py"
    script.write_text(APP.format(root=str(ROOT)))
    # run from ROOT: the shipped .streamlit/config.toml turns static serving on
    server = start_app(ROOT, script=str(script))
    aborted, failed = [], []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            context = browser.new_context(viewport={"width": 1000, "height": 900})

            def no_internet(route):
                host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
                if host in ("127.0.0.1", "localhost"):
                    route.continue_()
                else:
                    aborted.append(route.request.url)
                    route.abort("internetdisconnected")

            context.route("**/*", no_internet)
            page = context.new_page()
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            try:
                page.goto(f"{server.url}/", wait_until="domcontentloaded")
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                sync_api.expect(frame.locator(".leaflet-container")).to_be_visible(timeout=30_000)
                sync_api.expect(frame.locator(".leaflet-marker-icon")).to_have_count(3, timeout=20_000)
                sync_api.expect(frame.locator(".leaflet-draw")).to_have_count(1)
                sync_api.expect(frame.locator(".leaflet-control-zoom-fullscreen")).to_have_count(1)
                icons = frame.locator("img.leaflet-marker-icon")
                deadline = time.monotonic() + 15
                while True:  # poll: the icon images finish loading after the markers appear
                    loaded = icons.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
                    if loaded == [True, True, True] or time.monotonic() > deadline:
                        break
                    page.wait_for_timeout(100)
                assert loaded == [True, True, True], "marker icons did not load (imagePath)"
                assert failed == [], failed
                assert aborted == [], f"requests that needed the internet: {aborted}"
            except Exception as exc:
                exc.add_note(f"aborted (needed the internet): {aborted}\nHTTP errors: {failed}")
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "offline_map_failure.png"), full_page=True)
                raise
            finally:
                browser.close()
    finally:
        server.stop()
