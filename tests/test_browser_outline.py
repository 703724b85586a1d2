"""A site's outline is drawn where it is, in a real browser (issue 10 item 5).

The app runs on a temporary copy of the data whose one outline (for 白银高新区, a TEST-ONLY box,
not a real boundary) went in through a changeset: proposed from a GeoJSON file and approved. On
each map page that draws the site, the outline's SVG path is found by its colour, its screen
bounds are turned back into lon/lat by the page's own Leaflet map (``containerPointToLatLng``),
and they must hold the outline's centroid; hovering the polygon shows its tooltip.

Run: `.venv/bin/python -m pytest -q -m browser tests/test_browser_outline.py`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shapely.geometry import box

from geo.folder_store import FolderStore
from geo.imports import propose_file
from tests.browser_server import offline_context, save_artifacts, start_app
from tests.import_files import write_geojson
from views.outline_layer import OUTLINE_COLOUR

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SITE = "by-hitech"  # its point: 36.50483 N, 104.18059 E
TEST_OUTLINE = box(104.15, 36.48, 104.22, 36.53)  # TEST ONLY: a box around the point, not a real boundary
PAGES = [("/", None), ("/profile?site=by-hitech", None), ("/baiyin", None)]

# The bounds of every outline path (found by its stroke colour) as lon/lat, via the page's Leaflet map.
OUTLINE_BOUNDS_JS = """(_body, colour) => {
  const m = (window.map instanceof L.Map) ? window.map
      : Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k]).find(v => v instanceof L.Map);
  if (!m) return null;
  const box = m.getContainer().getBoundingClientRect();
  return [...document.querySelectorAll('path')].filter(p => p.getAttribute('stroke') === colour).map(p => {
    const r = p.getBoundingClientRect();
    const sw = m.containerPointToLatLng(L.point(r.left - box.left, r.bottom - box.top));
    const ne = m.containerPointToLatLng(L.point(r.right - box.left, r.top - box.top));
    return {west: sw.lng, south: sw.lat, east: ne.lng, north: ne.lat, width: r.width, height: r.height};
  });
}"""
FIT_JS = """(_body, b) => {
  const m = (window.map instanceof L.Map) ? window.map
      : Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k]).find(v => v instanceof L.Map);
  m.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false});
  return m.getZoom();
}"""


@pytest.fixture(scope="module")
def outline_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outline") / "data"
    shutil.copytree(ROOT / "data", folder)
    row = dict(
        site_id=SITE,
        geometry_quality="schematic",
        geometry_source_id="gazetteer",
        geometry_source="TEST ONLY outline (tests/test_browser_outline.py), not a real boundary",
        geometry=TEST_OUTLINE,
    )
    path = write_geojson(folder.parent / "outline.geojson", [row])
    store = FolderStore(folder)
    record = propose_file(store, "outlines", path, reason="test outline", author="ann")
    store.approve(record.id, "bob")
    return folder


@pytest.fixture(scope="module")
def outline_server(outline_data):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LANBAI_DATA_DIR", str(outline_data))
        env.delenv("LANBAI_TOURS_DIR", raising=False)
        server = start_app()
    yield server
    server.stop()


@pytest.fixture
def page(browser, outline_server, request):
    context, offline = offline_context(browser, base_url=outline_server.url)
    page = context.new_page()
    page.set_default_timeout(45_000)
    failed_before = request.session.testsfailed
    yield page
    if request.session.testsfailed > failed_before:
        save_artifacts(page, request.node.name, offline)
    context.close()


@pytest.mark.parametrize("url, tab", PAGES, ids=["overview", "profile", "baiyin"])
def test_the_outline_is_drawn_where_it_is(page, url, tab):
    from tests.test_browser_app import open_map

    frame = open_map(page, url, tab)
    path = frame.locator(f'path[stroke="{OUTLINE_COLOUR}"]')
    expect(path).to_have_count(1, timeout=10_000)
    [bounds] = frame.locator("body").evaluate(OUTLINE_BOUNDS_JS, OUTLINE_COLOUR)
    assert bounds["width"] > 3 and bounds["height"] > 3, bounds  # drawn, not a dot
    centre = TEST_OUTLINE.centroid
    assert bounds["west"] < centre.x < bounds["east"] and bounds["south"] < centre.y < bounds["north"], bounds
    frame.locator("body").evaluate(FIT_JS, list(TEST_OUTLINE.bounds))  # close in: the marker then covers little
    # The site's marker may cover the whole polygon at this zoom, so the pointer would reach the marker:
    # the event goes to the polygon itself (Leaflet opens its tooltip on the path's mouseover).
    path.dispatch_event("mouseover")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("边界质量：示意边界")
